package web_test

import (
	"context"
	"log/slog"
	"net/url"
	"strings"
	"testing"

	"magecrm/internal/crm"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/magentosync"
	"magecrm/internal/magesim"
	"magecrm/internal/model"
	"magecrm/internal/push"
)

// TestMagento1CustomerFromTheFormReachesTheStore: a customer created in the
// form on a two-way Magento 1 channel, with its password and an address,
// is sent over SOAP; its page then shows it in sync with its Magento id and
// Magento 1's Create Order link.
func TestMagento1CustomerFromTheFormReachesTheStore(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		app := newTestApp(t, d)
		sim, err := magesim.New(magesim.Options{Customers: 2, OrdersPerCustomer: -1})
		if err != nil {
			t.Fatal(err)
		}
		base := serveSim(t, sim)
		ch, err := app.CRM.AddChannel(ctx, crm.ChannelInput{Name: "Old shop", Type: string(model.Magento1), BaseURL: base,
			AdminURL: base + "/index.php/admin", Credentials: model.Credentials{APIUser: magesim.DefaultSOAPUser, APIKey: magesim.DefaultSOAPKey},
			Website: "-1", SyncStartDate: crm.DefaultSyncStartDate, TwoWay: true, Priority: string(model.RemoteWins), SyncInterval: "60",
			Enabled: true}, "admin")
		if err != nil {
			t.Fatal(err)
		}
		log := slog.New(slog.DiscardHandler)
		if _, err := magentosync.NewEngine(app.CRM.Store, log).Run(ctx, ch.ID, magentosync.RunOptions{Full: true}); err != nil {
			t.Fatal(err)
		}
		admin := app.browser()
		admin.login("admin", app.AdminPassword)
		store := count(t, d, "SELECT id FROM magento_stores WHERE channel_id = $1 AND origin_id = 1", ch.ID)
		group := count(t, d, "SELECT id FROM magento_customer_groups WHERE channel_id = $1 AND origin_id = 1", ch.ID)
		made := admin.post("/customers", url.Values{"channel": {idString(ch.ID)}, "store": {idString(int64(store))},
			"group": {idString(int64(group))}, "owner": {app.adminID()}, "first_name": {"Olga"}, "last_name": {"Soap"},
			"email": {"olga@example.com"}, "gender": {"2"}, "password": {"Str0ng-pass!"}, "address_count": {"1"},
			"default_billing": {"0"}, "default_shipping": {"0"}, "address.0.first_name": {"Olga"}, "address.0.last_name": {"Soap"},
			"address.0.street1": {"1 Torstraße"}, "address.0.street2": {""}, "address.0.city": {"Berlin"}, "address.0.country": {"DE"},
			"address.0.postcode": {"10119"}, "address.0.telephone": {"030 1234567"}, "address.0.vat_id": {"DE123456789"}})
		path := made.resp.Header.Get("Location")
		if !strings.HasPrefix(path, "/customers/") {
			t.Fatalf("create: %d\n%s", made.resp.StatusCode, made.body)
		}
		w, err := push.New(app.CRM.Store, log).Worker(ch)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		page := admin.get(path)
		origin := page.text(t, "#magento-id")
		remote, ok := sim.Customer(count(t, d, "SELECT origin_id FROM magento_customers WHERE email = 'olga@example.com'"))
		if page.text(t, "#sync-badge") != "In sync" || !ok || origin != idString(int64(remote.ID)) {
			t.Fatalf("after the send: %q, Magento id %q, Magento's customer %+v", page.text(t, "#sync-badge"), origin, remote)
		}
		if remote.Email != "olga@example.com" || remote.Gender != 2 || remote.PasswordHash == "" || len(remote.Addresses) != 1 ||
			remote.Addresses[0].Street != "1 Torstraße" || remote.DefaultBilling != remote.Addresses[0].ID {
			t.Errorf("Magento's customer: %+v", remote)
		}
		if href, _ := attrOf(page.body, "create-order", "href"); href != base+"/index.php/admin/sales_order_create/start/customer_id/"+origin+"/" {
			t.Errorf("Create Order opens %q", href)
		}
		if !strings.Contains(page.text(t, "#addresses"), "VAT: DE123456789") {
			t.Errorf("the address lost its VAT id: %q", page.text(t, "#addresses"))
		}
	})
}
