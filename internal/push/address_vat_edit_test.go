package push_test

import (
	"context"
	"testing"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/magesim"
	"magecrm/internal/model"
)

// TestAnEditOfOnlyAnAddressVATIDIsSavedAndSent: an edit that changes
// nothing but an address's VAT id (or its middle name) is a change: it is
// kept, in the history, and sent to Magento.
func TestAnEditOfOnlyAnAddressVATIDIsSavedAndSent(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, magesim.Options{Customers: 3}, model.RemoteWins)
		id := e.byOrigin(1)
		before := len(e.history(id))
		e.editAll(id, func(_ *model.Customer, addrs []model.Address) []model.Address {
			if len(addrs) == 0 {
				t.Fatal("customer 1 has no address")
			}
			addrs[0].VATID, addrs[0].MiddleName = "DE999888777", "Quincy"
			return addrs
		})
		addrs, err := e.st.CustomerAddresses(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if addrs[0].VATID != "DE999888777" || addrs[0].MiddleName != "Quincy" || !e.load(id).Pending() || len(e.history(id)) != before+1 {
			t.Fatalf("after the edit: VAT id %q, middle name %q, waiting %v, %d history entries (were %d)",
				addrs[0].VATID, addrs[0].MiddleName, e.load(id).Pending(), len(e.history(id)), before)
		}
		e.sendAll()
		r, _ := e.sim.Customer(1)
		for _, a := range r.Addresses {
			if int64(a.ID) == addrs[0].OriginID && (a.VatID != "DE999888777" || a.Middlename != "Quincy") {
				t.Errorf("Magento's address: VAT id %q, middle name %q", a.VatID, a.Middlename)
			}
		}
		if c := e.load(id); c.SyncState != 0 {
			t.Errorf("after the send: %q", c.SyncLabel())
		}
	})
}
