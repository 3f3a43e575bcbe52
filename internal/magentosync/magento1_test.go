package magentosync

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/magesim"
	"magecrm/internal/model"
)

// newM1Env is newEnv with the channel switched to the simulator's Magento 1
// SOAP v2 API (in WS-I mode when opts.WSI).
func newM1Env(t *testing.T, d *db.DB, opts magesim.Options) *env {
	t.Helper()
	e := newEnv(t, d, opts, nil)
	e.ch.Type, e.ch.AuthKind, e.ch.WSICompliance = model.Magento1, model.AuthSOAP, opts.WSI
	e.ch.Credentials = model.Credentials{APIUser: magesim.DefaultSOAPUser, APIKey: magesim.DefaultSOAPKey}
	if err := e.st.UpdateChannel(context.Background(), e.ch); err != nil {
		t.Fatal(err)
	}
	// A channel's type never changes once created, so UpdateChannel leaves it.
	if _, err := d.ExecContext(context.Background(), "UPDATE channels SET type = $1 WHERE id = $2", string(model.Magento1), e.ch.ID); err != nil {
		t.Fatal(err)
	}
	return e
}

// assertM1Mirrors is assertMirrors for Magento 1, whose customer API has
// no gender, newsletter status, region codes or VAT ids.
func (e *env) assertM1Mirrors(t *testing.T, skip ...int) map[int]*storedCustomer {
	t.Helper()
	got := e.stored(t)
	for id := 1; id <= e.maxID; id++ {
		c, ok := e.sim.Customer(id)
		if !ok || containsInt(skip, id) {
			continue
		}
		s := got[id]
		if s == nil {
			t.Fatalf("customer %d was not imported", id)
		}
		c.Gender = 0
		for i := range c.Addresses {
			c.Addresses[i].RegionCode, c.Addresses[i].VatID = "", ""
		}
		if d := s.diff(want(&c, false)); len(d) > 0 {
			t.Fatalf("customer %d differs: %s", id, strings.Join(d, "; "))
		}
	}
	return got
}

func containsInt(list []int, v int) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func TestMagento1ImportWithFaultsEndsWithExactlyMagentosData(t *testing.T) {
	for _, style := range []struct {
		name string
		wsi  bool
	}{{"rpc", false}, {"wsi", true}} {
		t.Run(style.name, func(t *testing.T) {
			dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
				e := newM1Env(t, d, magesim.Options{Customers: 150, WSI: style.wsi, SOAPListLimit: 40})
				e.sim.SetFaults(magesim.Faults{ErrorRate: 0.04, ResetRate: 0.02, TruncateRate: 0.02, Seed: 4})
				s := e.run(t, RunOptions{Full: true})
				e.sim.SetFaults(magesim.Faults{})
				if s.Failed != 0 || s.Created != 150 {
					t.Errorf("summary %+v", s)
				}
				e.assertM1Mirrors(t)
				e.sim.ExpireSOAPSessions()
				again := e.run(t, RunOptions{})
				if again.Created != 0 || again.Updated != 0 || again.Failed != 0 {
					t.Errorf("second run wrote: %+v", again)
				}
			})
		})
	}
}

func TestMagento1IncrementalAndReconciliation(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		e := newM1Env(t, d, magesim.Options{Customers: 200, OrdersPerCustomer: -1})
		e.run(t, RunOptions{Full: true})
		time.Sleep(1100 * time.Millisecond) // updated_at has one-second resolution
		if err := e.sim.EditCustomer(5, magesim.CustomerEdit{Lastname: "Changed"}); err != nil {
			t.Fatal(err)
		}
		if err := e.sim.EditAddressOnly(11, magesim.AddressEdit{Street: "42 Reconcile Road", City: "Driftwood"}); err != nil {
			t.Fatal(err)
		}
		if err := e.sim.DeleteCustomer(13); err != nil {
			t.Fatal(err)
		}
		if s := e.run(t, RunOptions{}); s.Updated != 1 || s.Removed != 0 {
			t.Errorf("incremental: %+v, want customer 5 updated", s)
		}
		if s := e.run(t, RunOptions{Reconcile: true}); s.Updated != 1 || s.Removed != 1 {
			t.Errorf("reconciliation: %+v, want 1 updated and 1 removed", s)
		}
		got := e.assertM1Mirrors(t, 13)
		if got[13] == nil || got[13].state&model.SyncRemovedRemote == 0 {
			t.Errorf("customer 13, deleted in Magento, should be kept and marked removed")
		}
		if got[5].last != "Changed" {
			t.Errorf("customer 5: %q", got[5].last)
		}
	})
}

func TestMagento1BadRecordsAreReportedOneByOne(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		e := newM1Env(t, d, magesim.Options{Customers: 150, OrdersPerCustomer: -1})
		if err := e.sim.CorruptCustomer(21, magesim.InvalidDob); err != nil {
			t.Fatal(err)
		}
		s := e.run(t, RunOptions{Full: true})
		if s.Created != 149 || s.Failed != 1 {
			t.Errorf("summary %+v, want 149 created and 1 failed", s)
		}
		errs, err := e.st.RunSyncErrors(context.Background(), s.RunID, 10)
		if err != nil || len(errs) != 1 || errs[0].RemoteID != "21" || !strings.Contains(errs[0].Message, "dob") {
			t.Errorf("sync errors %+v %v", errs, err)
		}
	})
}

// TestMagento1ImportEstimatesTheTimeLeft: Magento 1 cannot count its
// customers, so the progress line's estimate comes from how far through
// the creation times the import is. The clock moves a second a reading, so
// every page is reported and the estimate does not depend on the machine.
func TestMagento1ImportEstimatesTheTimeLeft(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		e := newM1Env(t, d, magesim.Options{Customers: 400})
		e.eng.PageSize, e.eng.BatchSize = 20, 20
		var mu sync.Mutex
		clock := time.Now()
		e.eng.Now = func() time.Time {
			mu.Lock()
			defer mu.Unlock()
			clock = clock.Add(time.Second)
			return clock
		}
		var estimates []time.Duration
		s := e.run(t, RunOptions{Full: true, Progress: func(p Progress) {
			if p.Step != stepInitial || p.Fetched == 0 {
				return
			}
			if p.Total != 0 {
				t.Errorf("a Magento 1 store counted %d customers to import; its API cannot", p.Total)
			}
			estimates = append(estimates, p.ETA)
		}})
		if s.Created != 400 {
			t.Fatalf("imported %d customers, want 400", s.Created)
		}
		if len(estimates) < 5 {
			t.Fatalf("%d progress reports of the import, want one a page", len(estimates))
		}
		mid := estimates[len(estimates)/2]
		if mid <= 0 || mid >= estimates[len(estimates)/10] {
			t.Fatalf("estimates of the time left %v: want one half-way, smaller than near the start", estimates)
		}
	})
}
