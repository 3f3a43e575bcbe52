package push_test

import (
	"testing"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/magesim"
	"magecrm/internal/model"
)

// TestMagento1DefaultAddressIsClearedNotOnlyMoved: a default billing
// address turned off in magecrm, with no other address taking it, leaves
// the Magento 1 customer without one (through the v1 API's
// customer.update); the default shipping address stays.
func TestMagento1DefaultAddressIsClearedNotOnlyMoved(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		e := newEnvOf(t, d, model.Magento1, magesim.Options{Customers: 3}, model.RemoteWins)
		c := e.create("ada@example.com", "Ada", "Lovelace", 2, "")
		e.sendAll()
		before := e.assertM1Sent(c.ID, "1 Main Street", "2 Main Street")
		if before.DefaultBilling == 0 || before.DefaultBilling != before.DefaultShipping {
			t.Fatalf("Magento's defaults after the create: billing %d, shipping %d", before.DefaultBilling, before.DefaultShipping)
		}
		e.editAll(c.ID, func(_ *model.Customer, addrs []model.Address) []model.Address {
			for i := range addrs {
				addrs[i].DefaultBilling = false
			}
			return addrs
		})
		e.sim.ResetRequestCounts()
		e.sendAll()
		r := e.m1Remote("ada@example.com")[0]
		if r.DefaultBilling != 0 || r.DefaultShipping != before.DefaultShipping {
			t.Errorf("Magento's defaults: billing %d, shipping %d; want none and %d", r.DefaultBilling, r.DefaultShipping, before.DefaultShipping)
		}
		calls := 0
		for _, rc := range e.sim.RequestCounts() {
			if rc.Route == "XMLRPC customer.update" {
				calls += rc.Count
			}
		}
		if calls != 1 {
			t.Errorf("%d calls of the v1 customer.update, want 1", calls)
		}
		got := e.load(c.ID)
		if got.Pending() || got.SendFailed() || got.Conflicted() {
			t.Errorf("magecrm state %q (%s), want in sync", got.SyncLabel(), got.SyncError)
		}
		addrs, err := e.st.CustomerAddresses(t.Context(), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range addrs {
			if a.DefaultBilling {
				t.Errorf("magecrm took the default billing address back: %+v", a)
			}
		}
	})
}
