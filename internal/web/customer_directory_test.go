package web_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/magentosync"
	"magecrm/internal/magesim"
)

// TestCustomerFormTakesCountriesFromTheStore: until the store's directory
// was read, the customer form offers magecrm's own countries and says so;
// a sync reads the store's (GET /V1/directory/countries) and the form then
// offers only those; a country the store does not take is refused, a
// region is matched by name whatever its accents and saved with the
// store's id, and France needs none. Check connection reads the list again.
func TestCustomerFormTakesCountriesFromTheStore(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newChannelApp(t, d)
		sim := newSim(t, magesim.Options{Customers: 3})
		ch := app.addChannel("Store", sim.URL)
		if _, err := d.Exec("UPDATE channels SET two_way = TRUE WHERE id = $1", ch.ID); err != nil {
			t.Fatal(err)
		}
		admin := app.browser()
		admin.login("admin", app.AdminPassword)
		newPath := fmt.Sprintf("/customers/new?channel=%d", ch.ID)
		countries := func() (int, bool) {
			doc := admin.get(newPath).dom(t)
			return doc.Find("#address\\.0\\.country option[value]:not([value=''])").Length(), doc.Find("#directory-note").Length() == 1
		}
		if n, note := countries(); n < 200 || !note {
			t.Fatalf("before any sync the form offers %d countries, note shown %v; want magecrm's own list, said so", n, note)
		}

		eng := magentosync.NewEngine(app.Store, slog.New(slog.DiscardHandler))
		if _, err := eng.Run(context.Background(), ch.ID, magentosync.RunOptions{Full: true}); err != nil {
			t.Fatal(err)
		}
		if n, note := countries(); n != 56 || note {
			t.Fatalf("after a sync the form offers %d countries, note shown %v; want the store's 56", n, note)
		}

		form := url.Values{"channel": {idString(ch.ID)}, "store": {fmt.Sprint(count(t, d, "SELECT id FROM magento_stores WHERE channel_id = $1 AND origin_id = 1", ch.ID))},
			"group":      {fmt.Sprint(count(t, d, "SELECT id FROM magento_customer_groups WHERE channel_id = $1 AND origin_id = 1", ch.ID))},
			"first_name": {"Céline"}, "last_name": {"Roy"}, "email": {"celine@example.com"}, "address_count": {"2"},
			"default_billing": {"0"}, "default_shipping": {"0"}}
		address := func(i int, street, city, postcode, country, region string) {
			for k, v := range map[string]string{"first_name": "Céline", "last_name": "Roy", "street1": street, "city": city,
				"postcode": postcode, "country": country, "region": region, "telephone": "514 555 0100"} {
				form.Set(fmt.Sprintf("address.%d.%s", i, k), v)
			}
		}
		address(0, "1 rue Sainte-Catherine", "Montréal", "H2X 1Z4", "CA", "Québec")
		address(1, "2 Soi Sukhumvit", "Bangkok", "10110", "TH", "")
		p := admin.post("/customers", form)
		if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "the store does not take addresses in Thailand") {
			t.Fatalf("an address in a country the store does not take: status %d, %q", p.status, summary(p.body))
		}
		address(1, "3 rue de Rivoli", "Paris", "75001", "FR", "")
		p = admin.post("/customers", form)
		if p.status != http.StatusSeeOther {
			t.Fatalf("create with a Québec and a French address: status %d, %q", p.status, summary(p.body))
		}
		var region string
		var regionID int
		if err := d.QueryRow("SELECT region, region_id FROM magento_addresses WHERE country_id = 'CA' AND city = 'Montréal'").Scan(&region, &regionID); err != nil {
			t.Fatal(err)
		}
		if region != "Quebec" || regionID != 76 {
			t.Errorf("the Québec address was saved with region %q id %d; want the store's Quebec, 76", region, regionID)
		}

		if _, err := d.Exec("DELETE FROM channel_directories WHERE channel_id = $1", ch.ID); err != nil {
			t.Fatal(err)
		}
		check := admin.post(fmt.Sprintf("/channels/%d/check", ch.ID), nil)
		if !strings.Contains(check.body, "56 countries the store takes addresses in") {
			t.Errorf("Check connection does not say it read the countries: %q", check.dom(t).Find(".check-steps").Text())
		}
		if n, _ := countries(); n != 56 {
			t.Errorf("after Check connection the form offers %d countries, want 56", n)
		}
	})
}
