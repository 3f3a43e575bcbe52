package push_test

import (
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/magesim"
	"magecrm/internal/model"
)

// TestAnAdminsEditMadeWhileABatchIsSentIsKept: the PUT sends back
// Magento's whole record as read, so each round of sends is read just
// before it starts. An admin renames customer 4 in Magento after the
// search of the first round (customers 1 and 2, two at once) and before
// customer 4 is sent: its send reads the rename, keeps it in Magento and
// brings it into magecrm, with magecrm's own change (the last name) sent.
func TestAnAdminsEditMadeWhileABatchIsSentIsKept(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		var armed atomic.Bool // after the import
		var once sync.Once
		renameAfterFirstSearch := func(sim *magesim.Sim, h http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				h.ServeHTTP(w, r)
				if armed.Load() && r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/V1/customers/search") &&
					strings.Contains(r.URL.RawQuery, "entity_id") && strings.Contains(r.URL.RawQuery, "=in") {
					once.Do(func() {
						if err := sim.EditCustomer(4, magesim.CustomerEdit{Firstname: "Renamed"}); err != nil {
							t.Error(err)
						}
					})
				}
			})
		}
		e := newEnvBehind(t, d, model.Magento2, magesim.Options{Customers: 4}, model.RemoteWins, renameAfterFirstSearch)
		e.w.Concurrency = 2
		for id := 1; id <= 4; id++ {
			e.edit(e.byOrigin(id), func(c *model.Customer) { c.LastName = "Local" })
		}
		armed.Store(true)
		e.sendAll()
		r, _ := e.sim.Customer(4)
		c := e.load(e.byOrigin(4))
		if r.Firstname != "Renamed" || r.Lastname != "Local" {
			t.Errorf("Magento customer 4: %q %q; want the admin's first name Renamed and magecrm's last name Local", r.Firstname, r.Lastname)
		}
		if c.FirstName != "Renamed" || c.LastName != "Local" || c.Pending() || c.Conflicted() {
			t.Errorf("magecrm customer 4: %q %q, %s; want Renamed Local in sync", c.FirstName, c.LastName, c.SyncLabel())
		}
	})
}

// TestAThrottledSendReadsAgainBeforeItIsRepeated: the first PUT of
// customer 1 is answered 429 with Retry-After: 3, and an admin renames the
// customer in Magento during the wait. The PUT is not repeated with its
// old body (it would undo the rename): the send is tried again after the
// wait Magento asked for, reads the customer again, and keeps the rename.
func TestAThrottledSendReadsAgainBeforeItIsRepeated(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		var armed atomic.Bool // after the import
		var mu sync.Mutex
		var puts []time.Time
		throttleFirstPut := func(sim *magesim.Sim, h http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if !armed.Load() || r.Method != http.MethodPut || !strings.HasSuffix(r.URL.Path, "/V1/customers/1") {
					h.ServeHTTP(w, r)
					return
				}
				mu.Lock()
				puts = append(puts, time.Now())
				first := len(puts) == 1
				mu.Unlock()
				if !first {
					h.ServeHTTP(w, r)
					return
				}
				w.Header().Set("Retry-After", "3")
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusTooManyRequests)
				w.Write([]byte(`{"message":"Too many requests"}`))
				if err := sim.EditCustomer(1, magesim.CustomerEdit{Firstname: "AdminEdit"}); err != nil {
					t.Error(err)
				}
			})
		}
		e := newEnvBehind(t, d, model.Magento2, magesim.Options{Customers: 1}, model.RemoteWins, throttleFirstPut)
		e.edit(e.byOrigin(1), func(c *model.Customer) { c.LastName = "Local" })
		armed.Store(true)
		e.sendAll()
		r, _ := e.sim.Customer(1)
		c := e.load(e.byOrigin(1))
		if r.Firstname != "AdminEdit" || r.Lastname != "Local" {
			t.Errorf("Magento customer 1: %q %q; want the admin's first name AdminEdit kept and magecrm's last name Local", r.Firstname, r.Lastname)
		}
		if c.FirstName != "AdminEdit" || c.LastName != "Local" || c.Pending() || c.Conflicted() {
			t.Errorf("magecrm customer 1: %q %q, %s; want AdminEdit Local in sync", c.FirstName, c.LastName, c.SyncLabel())
		}
		if len(puts) != 2 {
			t.Fatalf("%d PUTs of customer 1, want the throttled one and one more", len(puts))
		}
		if wait := puts[1].Sub(puts[0]); wait < 2500*time.Millisecond {
			t.Errorf("the send was repeated %v after a Retry-After: 3", wait)
		}
	})
}

// TestSlowPutsKeepEachRoundsReadUsable: PUTs take 1.2 s, as a real
// Magento's customer save may; 6 customers are sent 2 at once. Each round
// is read from Magento while the round before it runs, never earlier, so
// its read is under 2 s old when its sends start and is used: no customer
// is read again on its own.
func TestSlowPutsKeepEachRoundsReadUsable(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		var armed atomic.Bool // after the import
		slowPuts := func(sim *magesim.Sim, h http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if armed.Load() && r.Method == http.MethodPut {
					time.Sleep(1200 * time.Millisecond)
				}
				h.ServeHTTP(w, r)
			})
		}
		e := newEnvBehind(t, d, model.Magento2, magesim.Options{Customers: 6}, model.RemoteWins, slowPuts)
		e.w.Concurrency = 2
		for id := 1; id <= 6; id++ {
			e.edit(e.byOrigin(id), func(c *model.Customer) { c.LastName = "Slow" })
		}
		armed.Store(true)
		e.sim.ResetRequestCounts()
		e.sendAll()
		reads := map[string]int{}
		for _, c := range e.sim.RequestCounts() {
			reads[c.Route] += c.Count
		}
		if n := reads["REST GET /V1/customers/{customerId}"]; n != 0 {
			t.Errorf("%d customers read again on their own (%d searches): a round's read was older than 2 s when its sends started",
				n, reads["REST GET /V1/customers/search"])
		}
		for id := 1; id <= 6; id++ {
			if r, _ := e.sim.Customer(id); r.Lastname != "Slow" {
				t.Errorf("Magento customer %d: last name %q, want Slow", id, r.Lastname)
			}
		}
	})
}
