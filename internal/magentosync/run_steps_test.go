package magentosync

import (
	"context"
	"testing"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/magesim"
	"magecrm/internal/store"
)

// stepsOf loads a run and returns its kind and its steps by name.
func stepsOf(t *testing.T, e *env, runID int64) (string, map[string]store.RunStep) {
	t.Helper()
	r, err := e.st.SyncRun(context.Background(), runID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]store.RunStep{}
	for _, s := range r.Steps {
		out[s.Name] = s
	}
	return r.Kind, out
}

func TestRunsRecordTheirKindAndWhatEachStepDid(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, magesim.Options{Customers: 120}, nil)
		first := e.run(t, RunOptions{})
		kind, steps := stepsOf(t, e, first.RunID)
		if kind != store.RunInitial {
			t.Errorf("first run kind %q", kind)
		}
		if s := steps[stepInitial]; s.Read != 120 || s.Created != 120 || s.Failed != 0 {
			t.Errorf("all customers step: %+v", s)
		}
		if s := steps[stepOrders]; s.Read == 0 || s.Created != s.Read {
			t.Errorf("orders step: %+v (every order read is new)", s)
		}

		if err := e.sim.DeleteCustomer(5); err != nil {
			t.Fatal(err)
		}
		rec := e.run(t, RunOptions{Reconcile: true})
		kind, steps = stepsOf(t, e, rec.RunID)
		if kind != store.RunReconcile {
			t.Errorf("reconcile run kind %q", kind)
		}
		if s := steps[stepReconcile]; s.Read != 119 || s.Removed != 1 || s.Unchanged != 119 {
			t.Errorf("reconciliation step: %+v", s)
		}
		if s := steps[stepIncremental]; s.Created != 0 || s.Updated != 0 {
			t.Errorf("changed customers step of an unchanged store: %+v", s)
		}

		full := e.run(t, RunOptions{Full: true})
		kind, steps = stepsOf(t, e, full.RunID)
		if kind != store.RunFull || steps[stepInitial].Read != 119 || steps[stepInitial].Unchanged != 119 {
			t.Errorf("full re-import: kind %q, steps %+v", kind, steps)
		}
	})
}
