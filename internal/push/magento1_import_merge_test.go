package push_test

import (
	"context"
	"testing"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/magento1"
	"magecrm/internal/magesim"
	"magecrm/internal/model"
)

// TestMagento1ImportMergesACustomerWaitingToBeSent: on a Magento 1
// channel, Magento renames a customer and moves an address (sent from
// magecrm with a VAT id) to another city while magecrm's edit of the last
// name and the gender waits to be sent. The import takes Magento's changes
// at once and keeps magecrm's, and what Magento 1 does not answer (gender,
// the address's VAT id) stays magecrm's; the send then sends only magecrm's edit, so a second
// rename in Magento meanwhile stays; the import after the send writes
// nothing.
func TestMagento1ImportMergesACustomerWaitingToBeSent(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnvOf(t, d, model.Magento1, magesim.Options{Customers: 3}, model.RemoteWins)
		id := e.byOrigin(2)
		e.editAll(id, func(c *model.Customer, addrs []model.Address) []model.Address {
			return append(addrs, model.Address{FirstName: "Ada", LastName: "Byron", Street: []string{"9 New Road"}, City: "Berlin",
				PostCode: "10115", CountryID: "DE", Telephone: "030 1234567", VATID: "DE123456789"})
		})
		e.sendAll() // agreed since: the new address's VAT id, which Magento 1 neither takes nor answers
		moved := int(e.addressOrigins(id)["9 New Road"])
		if moved == 0 {
			t.Fatal("the new address has no Magento id after the send")
		}
		e.edit(id, func(c *model.Customer) { c.LastName, c.Gender = "LocalLast", model.Gender(2) })
		city := "Remote City"
		if err := e.m1.UpdateAddress(ctx, moved, magento1.AddressInput{City: &city}); err != nil {
			t.Fatal(err)
		}
		if err := e.sim.EditCustomer(2, magesim.CustomerEdit{Firstname: "RemoteFirst"}); err != nil {
			t.Fatal(err)
		}
		e.importNow()
		c := e.load(id)
		if c.FirstName != "RemoteFirst" || c.LastName != "LocalLast" || c.Gender != model.Gender(2) || !c.Pending() || c.Conflicted() {
			t.Fatalf("after the import: %s %s, gender %v, state %q; want RemoteFirst LocalLast, 2, waiting to be sent",
				c.FirstName, c.LastName, c.Gender, c.SyncLabel())
		}
		e.assertAddress(id, moved, city, "DE123456789")
		if h := e.history(id); h[0].Action != "import" || h[0].Changes["firstname"][1] != "RemoteFirst" {
			t.Errorf("history's newest entry %q %v, want the import of the first name", h[0].Action, h[0].Changes)
		}
		if err := e.sim.EditCustomer(2, magesim.CustomerEdit{Firstname: "RemoteAgain"}); err != nil {
			t.Fatal(err)
		}
		e.sendAll()
		r, ok := e.sim.Customer(2)
		c = e.load(id)
		if !ok || r.Firstname != "RemoteAgain" || r.Lastname != "LocalLast" || r.Gender != 2 || c.FirstName != "RemoteAgain" ||
			c.LastName != "LocalLast" || c.SyncState != 0 {
			t.Fatalf("after the send: Magento %s %s gender %d, magecrm %s %s (%q); want RemoteAgain LocalLast in sync on both",
				r.Firstname, r.Lastname, r.Gender, c.FirstName, c.LastName, c.SyncLabel())
		}
		before := len(e.history(id))
		e.importNow()
		if h := e.history(id); len(h) != before {
			t.Errorf("the import after the send wrote %q %v", h[0].Action, h[0].Changes)
		}
		e.assertAddress(id, moved, city, "DE123456789")
		if c := e.load(id); c.Gender != model.Gender(2) || c.SyncState != 0 {
			t.Errorf("after the last import: gender %v, state %q; want 2 in sync", c.Gender, c.SyncLabel())
		}
		if n := len(e.conflicts()); n != 0 {
			t.Errorf("%d conflicts listed, want none", n)
		}
	})
}

// assertAddress checks the city and VAT id magecrm holds for the address
// of customer id with Magento id origin.
func (e *env) assertAddress(id int64, origin int, city, vat string) {
	e.t.Helper()
	addrs, err := e.st.CustomerAddresses(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, a := range addrs {
		if a.OriginID == int64(origin) {
			if a.City != city || a.VATID != vat {
				e.t.Errorf("address %d: city %q, VAT id %q; want %q, %q", origin, a.City, a.VATID, city, vat)
			}
			return
		}
	}
	e.t.Errorf("customer %d has no address with Magento id %d", id, origin)
}
