package magentosync

import (
	"context"
	"testing"
	"time"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/magesim"
	"magecrm/internal/store"
)

// TestAFailedReconciliationIsTriedAgainAtTheNextRun: a night's
// reconciliation that failed (the store was down) does not count as done;
// it is tried again with the channel's next run, not at every tick.
func TestAFailedReconciliationIsTriedAgainAtTheNextRun(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, magesim.Options{Customers: 5, OrdersPerCustomer: -1}, nil)
		at := func(s string) time.Time {
			v, err := time.Parse(time.DateTime, s)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		record := func(kind, status, started string) {
			r := &store.SyncRun{ChannelID: e.ch.ID, Connector: importConnector, Kind: kind, StartedAt: at(started)}
			if err := e.st.StartSyncRun(ctx, r); err != nil {
				t.Fatal(err)
			}
			r.Status, r.FinishedAt, r.HeartbeatAt = status, r.StartedAt.Add(time.Second), r.StartedAt.Add(time.Second)
			if err := e.st.UpdateSyncRun(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		record(store.RunInitial, store.RunFinished, "2026-11-29 10:00:00")
		record(store.RunReconcile, store.RunFailed, "2026-11-30 03:00:05")

		type launched struct {
			reconcile, poll bool
		}
		launchesAt := func(now string) []launched {
			e.eng.Now = func() time.Time { return at(now) }
			var got []launched
			e.eng.launchDue(ctx, map[int64]bool{}, func(id int64, opts RunOptions, poll bool) {
				if id == e.ch.ID {
					got = append(got, launched{opts.Reconcile, poll})
				}
			})
			return got
		}
		if got := launchesAt("2026-11-30 03:00:30"); len(got) != 1 || got[0] != (launched{false, true}) {
			t.Errorf("right after the failed reconciliation: %+v, want one poll (no new run before the interval)", got)
		}
		if got := launchesAt("2026-11-30 03:15:10"); len(got) != 1 || got[0] != (launched{true, false}) {
			t.Errorf("at the next interval: %+v, want the reconciliation again", got)
		}
	})
}
