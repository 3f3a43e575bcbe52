package magentosync

import (
	"context"
	"testing"
	"time"

	"magecrm/internal/dbtest"
	"magecrm/internal/magesim"
	"magecrm/internal/store"
)

func TestSchedulerRunsDueChannelsAndQueuesSyncNow(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t), magesim.Options{Customers: 200, OrdersPerCustomer: -1}, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e.eng.Start(ctx) // the channel never ran: it is due at once
	e.eng.RequestRun(e.ch.ID, RunOptions{Reconcile: true})
	var runs []store.SyncRun
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		var err error
		if runs, err = e.st.SyncRuns(ctx, e.ch.ID, 5); err != nil {
			t.Fatal(err)
		}
		if len(runs) == 2 && runs[0].Status != store.RunRunning {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("runs: %+v", runs)
		}
	}
	if runs[1].Kind != "initial" || runs[0].Kind != "reconcile" {
		t.Errorf("kinds %q then %q: want the scheduled initial import, then the requested reconciliation", runs[1].Kind, runs[0].Kind)
	}
	for _, r := range runs {
		if r.Status != store.RunFinished {
			t.Errorf("run %d: %s %s", r.ID, r.Status, r.Error)
		}
	}
	if runs[0].StartedAt.Before(runs[1].FinishedAt) {
		t.Error("the requested run started before the running one finished")
	}
}
