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

func TestSchedulerRunsDueChannelsAndQueuesSyncNow(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, magesim.Options{Customers: 200, OrdersPerCustomer: -1}, nil)
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
	})
}

func TestWaitReturnsAfterTheRunsStopAndLeavesNoneRunning(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, magesim.Options{Customers: 2000, OrdersPerCustomer: -1}, nil)
		e.sim.SetFaults(magesim.Faults{Latency: 200 * time.Millisecond}) // 20 pages: the run lasts seconds
		ctx, cancel := context.WithCancel(context.Background())
		e.eng.Start(ctx)
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			if run, err := e.st.CurrentRun(ctx, e.ch.ID); err == nil && run != nil {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the scheduled run did not start")
			}
		}
		cancel()
		waited := make(chan struct{})
		go func() { e.eng.Wait(); close(waited) }()
		select {
		case <-waited:
		case <-time.After(10 * time.Second):
			t.Fatal("Wait did not return after the context ended")
		}
		runs, err := e.st.SyncRuns(context.Background(), e.ch.ID, 5)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range runs {
			if r.Status == store.RunRunning {
				t.Errorf("run %d still marked running after Wait", r.ID)
			}
		}
	})
}
