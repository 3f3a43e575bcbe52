package magentosync

import (
	"context"
	"testing"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/magesim"
	"magecrm/internal/model"
)

func TestReconciliationOfAOneWebsiteChannelLeavesOtherWebsitesAlone(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, magesim.Options{Customers: 200, OrdersPerCustomer: -1}, nil)
		e.run(t, RunOptions{Full: true})

		// The channel is narrowed to website 1 after importing both.
		e.ch.WebsiteID = 1
		if err := e.st.UpdateChannel(ctx, e.ch); err != nil {
			t.Fatal(err)
		}
		deleted := map[int]int{} // website -> a customer of it deleted in Magento
		for id := 1; id <= 200 && len(deleted) < 2; id++ {
			c, ok := e.sim.Customer(id)
			if ok && deleted[c.WebsiteID] == 0 {
				deleted[c.WebsiteID] = id
				if err := e.sim.DeleteCustomer(id); err != nil {
					t.Fatal(err)
				}
			}
		}
		s := e.run(t, RunOptions{Reconcile: true})
		if s.Removed != 1 {
			t.Errorf("reconciliation removed %d, want only the website-1 customer", s.Removed)
		}
		got := e.stored(t)
		if got[deleted[1]].state&model.SyncRemovedRemote == 0 {
			t.Errorf("customer %d (website 1), deleted in Magento, is not marked removed", deleted[1])
		}
		for origin, c := range got {
			if c.website == 2 && c.state&model.SyncRemovedRemote != 0 && origin != deleted[2] {
				t.Fatalf("customer %d of website 2, which the channel no longer reads, was marked removed", origin)
			}
		}
	})
}
