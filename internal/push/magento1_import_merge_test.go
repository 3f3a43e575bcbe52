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

// TestMagento1ImportDecidesABothSideChangeByPriority: on a Magento 1
// channel the same field changed on both sides while magecrm's change
// waits is decided by the import by the channel's priority: the kept value
// stays, the other goes in the history, the conflict is listed, and the
// send makes Magento hold the kept value.
func TestMagento1ImportDecidesABothSideChangeByPriority(t *testing.T) {
	for _, prio := range []model.Priority{model.RemoteWins, model.LocalWins} {
		t.Run(string(prio), func(t *testing.T) {
			dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
				e := newEnvOf(t, d, model.Magento1, magesim.Options{Customers: 3}, prio)
				id := e.byOrigin(3)
				e.edit(id, func(c *model.Customer) { c.FirstName = "LocalFirst" })
				if err := e.sim.EditCustomer(3, magesim.CustomerEdit{Firstname: "RemoteFirst"}); err != nil {
					t.Fatal(err)
				}
				e.importNow()
				kept, lost := "RemoteFirst", "LocalFirst"
				if prio == model.LocalWins {
					kept, lost = lost, kept
				}
				c := e.load(id)
				if c.FirstName != kept || !c.Conflicted() || c.Pending() != (prio == model.LocalWins) {
					t.Fatalf("after the import: first name %q, state %q; want %s in conflict", c.FirstName, c.SyncLabel(), kept)
				}
				list := e.conflicts()
				if len(list) != 1 || list[0].CustomerID != id || list[0].Field != "firstname" || list[0].Kept != kept ||
					list[0].Lost != lost || list[0].KeptLocal != (prio == model.LocalWins) {
					t.Fatalf("conflicts listed: %+v; want first name kept %s over %s", list, kept, lost)
				}
				if v := e.history(id)[0].Changes["conflict: firstname"]; v != [2]string{lost, kept} {
					t.Errorf("history's conflict entry %v, want %s lost to %s", v, lost, kept)
				}
				e.sendAll()
				r, ok := e.sim.Customer(3)
				if c := e.load(id); !ok || r.Firstname != kept || c.FirstName != kept || c.Pending() {
					t.Errorf("after the send: Magento %q, magecrm %q (%q); want %s on both", r.Firstname, c.FirstName, c.SyncLabel(), kept)
				}
				if n := len(e.conflicts()); n != 1 {
					t.Errorf("%d conflicts listed after the send, want the one (the send found no new one)", n)
				}
			})
		})
	}
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
