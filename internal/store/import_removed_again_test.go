package store_test

import (
	"context"
	"testing"
	"time"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

// A customer edited here (waiting to be sent) and then marked removed in
// Magento keeps its waiting bit. An import that finds it again in Magento
// clears "removed" and, with the change still to send, queues its send:
// whether Magento's updated_at is the one magecrm holds (the removal was
// false) or later (Magento changed another field, which is merged).
func TestACustomerFoundAgainAfterRemovalIsMergedAndSent(t *testing.T) {
	for _, tc := range []struct {
		name          string
		updated, last string
		wantLast      string
	}{
		{name: "same updated_at", updated: "2024-01-01 00:00:00", last: "One", wantLast: "One"},
		{name: "newer", updated: "2024-01-02 00:00:00", last: "Two", wantLast: "Two"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
				ctx := context.Background()
				o := importOne(t, d, false)
				st, shop, imp, c, id := o.rig.Store, o.shop, o.imp, o.c, o.id
				if err := beginSave(t, d, st, id).Commit(); err != nil { // first name "Edited", waiting to be sent
					t.Fatal(err)
				}
				if n, err := st.MarkRemovedInMagento(ctx, shop.Channel, []int64{1}, imp.Now.Add(time.Second)); err != nil || n != 1 {
					t.Fatalf("marked %d removed, %v", n, err)
				}

				again := c
				again.LastName, again.RemoteUpdatedAt = tc.last, tc.updated
				if tc.last != c.LastName {
					again.Hash = "h2"
				}
				next := imp
				next.Now = imp.Now.Add(time.Minute)
				if _, err := st.ImportCustomers(ctx, next, []store.ImportCustomer{again}); err != nil {
					t.Fatal(err)
				}
				got := pushRead(t, st, id)
				if got.SyncState&model.SyncRemovedRemote != 0 {
					t.Errorf("sync state %b: still removed in Magento after an import found the customer", got.SyncState)
				}
				if got.SyncState&model.SyncPendingSend == 0 {
					t.Errorf("sync state %b: the change made here no longer waits", got.SyncState)
				}
				if got.Local.Fields["firstname"] != "Edited" || got.Local.Fields["lastname"] != tc.wantLast {
					t.Errorf("names %q %q, want Edited %s", got.Local.Fields["firstname"], got.Local.Fields["lastname"], tc.wantLast)
				}
				var jobs int
				if err := d.QueryRowContext(ctx, "SELECT COUNT(*) FROM jobs WHERE queue = $1 AND job_key = $2",
					store.PushQueue(shop.Channel), store.CustomerJobKey(id)).Scan(&jobs); err != nil {
					t.Fatal(err)
				}
				if jobs != 1 {
					t.Errorf("%d sends queued for the customer found again with a change to send, want 1", jobs)
				}
			})
		})
	}
}
