package magentosync

import (
	"context"
	"slices"
	"testing"
	"time"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/magesim"
	"magecrm/internal/store"
)

// waitFor polls cond every 20 ms until it holds, failing after limit.
func waitFor(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(limit); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("after %s: %s", limit, what)
		}
	}
}

// pollRoutes are, per channel type, the one request an idle poll makes,
// then what the first poll asks once when it opens the store.
var pollRoutes = map[string][]string{
	"magento2": {"REST GET /V1/customers/search", "REST POST /V1/integration/admin/token"},
	"magento1": {"SOAP customerCustomerList", "SOAP login", "SOAP WSDL"},
}

func TestPollingBringsAMagentoEditSoonAndIdlePollsLeaveNoRuns(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		for _, kind := range []string{"magento2", "magento1"} {
			t.Run(kind, func(t *testing.T) { testPolling(t, d, kind) })
		}
	})
}

func testPolling(t *testing.T, d *db.DB, kind string) {
	opts := magesim.Options{Customers: 200, OrdersPerCustomer: -1}
	e := newEnv(t, d, opts, nil)
	if kind == "magento1" {
		e = newM1Env(t, d, opts)
	}
	e.eng.PollEvery = 200 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	defer func() { cancel(); e.eng.Wait() }()
	runs := func() []store.SyncRun {
		rs, err := e.st.SyncRuns(ctx, e.ch.ID, 50)
		if err != nil {
			t.Fatal(err)
		}
		return rs
	}
	e.eng.Start(ctx)
	waitFor(t, 20*time.Second, "the first import did not finish", func() bool {
		rs := runs()
		return len(rs) == 1 && rs[0].Status == store.RunFinished
	})

	e.sim.ResetRequestCounts()
	idleFrom := time.Now()
	time.Sleep(1500 * time.Millisecond)
	idle := time.Since(idleFrom)
	if rs := runs(); len(rs) != 1 {
		t.Errorf("%d runs after idle polls, want only the first import: polls that find nothing must not record runs", len(rs))
	}
	requests := 0
	for _, c := range e.sim.RequestCounts() {
		switch {
		case c.Route == pollRoutes[kind][0]:
			requests += c.Count
		case slices.Contains(pollRoutes[kind][1:], c.Route) && c.Count == 1: // later polls keep the session
		default:
			t.Errorf("idle polls asked %s %d times; want only the customer search", c.Route, c.Count)
		}
	}
	if most := int(idle/e.eng.PollEvery) + 1; requests < 2 || requests > most {
		t.Errorf("%d requests in %s of idle polling every %s: want 2 to %d", requests, idle.Round(time.Millisecond), e.eng.PollEvery, most)
	}
	polled, err := e.st.ChannelPolledAt(ctx, e.ch.ID)
	if err != nil {
		t.Fatal(err)
	}
	if polled.Before(idleFrom) {
		t.Errorf("the channel was last polled at %s, before the idle time began (%s)", polled, idleFrom)
	}

	if err := e.sim.EditCustomer(7, magesim.CustomerEdit{Lastname: "Polled"}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "the edit made in Magento did not arrive", func() bool {
		return e.stored(t)[7].last == "Polled"
	})
	waitFor(t, 10*time.Second, "the run that brought the edit did not finish", func() bool {
		rs := runs()
		return len(rs) == 2 && rs[0].Status == store.RunFinished
	})
	if r := runs()[0]; r.Kind != store.RunIncremental || r.Updated != 1 || r.Quiet {
		t.Errorf("the run after the poll: kind %s, updated %d, quiet %v; want an incremental run that updated 1", r.Kind, r.Updated, r.Quiet)
	}
}

func TestRunsThatFindNothingKeepOnlyTheNewest(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, magesim.Options{Customers: 50, OrdersPerCustomer: -1}, nil)
		e.run(t, RunOptions{})
		for range 3 {
			if s := e.run(t, RunOptions{}); s.Created+s.Updated+s.Removed+s.Failed != 0 {
				t.Fatalf("a run of an unchanged store did something: %+v", s)
			}
		}
		if err := e.sim.EditCustomer(3, magesim.CustomerEdit{Firstname: "Found"}); err != nil {
			t.Fatal(err)
		}
		e.run(t, RunOptions{})
		e.run(t, RunOptions{})
		e.run(t, RunOptions{})
		rs, err := e.st.SyncRuns(context.Background(), e.ch.ID, 50)
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, r := range rs {
			k := r.Kind
			if r.Quiet {
				k += " (quiet)"
			}
			kinds = append(kinds, k)
		}
		want := []string{"incremental (quiet)", "incremental", "initial"}
		if len(kinds) != len(want) || kinds[0] != want[0] || kinds[1] != want[1] || kinds[2] != want[2] {
			t.Errorf("runs newest first: %q; want %q (the run that found the edit and the first import kept, one quiet run)", kinds, want)
		}
		if rs[1].Updated != 1 {
			t.Errorf("the run that found the edit updated %d, want 1", rs[1].Updated)
		}
	})
}

func TestReconciliationIsDueOnceANightAfterTheHour(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.DateTime, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	cases := []struct {
		now, lastRun, lastFull string
		due                    bool
	}{
		{"2026-11-30 02:59:00", "2026-11-30 02:50:00", "2026-11-29 03:00:10", false}, // read everything after last night's hour
		{"2026-11-30 03:00:00", "2026-11-30 02:50:00", "2026-11-29 03:00:10", true},  // tonight's hour has come
		{"2026-11-30 14:00:00", "2026-11-30 13:50:00", "2026-11-30 03:00:05", false}, // done tonight
		{"2026-11-30 14:00:00", "2026-11-30 13:50:00", "2026-11-30 09:00:00", false}, // a first import this morning counts
		{"2026-11-30 14:00:00", "2026-11-30 13:50:00", "2026-11-28 03:00:05", true},  // missed a night (stopped): now
		{"2026-11-30 14:00:00", "", "", false},                                       // never ran: the first import comes first
	}
	for _, c := range cases {
		ch := store.ScheduledChannel{}
		if c.lastRun != "" {
			ch.LastRunAt, ch.LastFullReadAt = at(c.lastRun), at(c.lastFull)
		}
		if got := reconcileDue(ch, at(c.now)); got != c.due {
			t.Errorf("at %s, last run %q, last full read %q: due %v, want %v", c.now, c.lastRun, c.lastFull, got, c.due)
		}
	}
}
