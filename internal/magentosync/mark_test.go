package magentosync

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/magesim"
)

// TestAFutureDatedCustomerDoesNotMoveTheMarkAhead: a customer Magento dates
// ahead of the clock is imported, but the incremental mark stays before it,
// so the edits made next are still read and a poll still sees them.
func TestAFutureDatedCustomerDoesNotMoveTheMarkAhead(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		for _, kind := range []string{"magento2", "magento1"} {
			t.Run(kind, func(t *testing.T) { testFutureDated(t, d, kind) })
		}
	})
}

func testFutureDated(t *testing.T, d *db.DB, kind string) {
	var ahead atomic.Int64
	opts := magesim.Options{Customers: 40, OrdersPerCustomer: -1,
		Now: func() time.Time { return time.Now().Add(time.Duration(ahead.Load())) }}
	e := newEnv(t, d, opts, nil)
	if kind == "magento1" {
		e = newM1Env(t, d, opts)
	}
	ctx := context.Background()
	e.run(t, RunOptions{Full: true})

	// Nine minutes ahead: within what the Magento 1 reader asks for, and
	// beyond the five-minute overlap of the next run.
	ahead.Store(int64(9 * time.Minute))
	if err := e.sim.EditCustomer(3, magesim.CustomerEdit{Lastname: "Ahead"}); err != nil {
		t.Fatal(err)
	}
	ahead.Store(0)
	e.run(t, RunOptions{})
	if got := e.stored(t)[3].last; got != "Ahead" {
		t.Fatalf("the future-dated customer was not imported: last name %q", got)
	}
	cur, err := e.st.SyncCursor(ctx, e.ch.ID, customersCursor)
	if err != nil {
		t.Fatal(err)
	}
	if limit := time.Now().Add(aheadAllowance); cur.MarkTime.After(limit) {
		t.Fatalf("mark %s moved past the clock's %s", cur.MarkTime, limit)
	}
	if changed, err := e.eng.poll(ctx, e.ch.ID); err != nil || changed {
		t.Fatalf("poll with only the future-dated customer after the mark: changed %v, %v; want no change", changed, err)
	}

	if err := e.sim.EditCustomer(4, magesim.CustomerEdit{Lastname: "Later"}); err != nil {
		t.Fatal(err)
	}
	if changed, err := e.eng.poll(ctx, e.ch.ID); err != nil || !changed {
		t.Fatalf("poll after an edit: changed %v, %v; want a change", changed, err)
	}
	e.run(t, RunOptions{})
	if got := e.stored(t)[4].last; got != "Later" {
		t.Errorf("an edit made after the future-dated customer was missed: last name %q", got)
	}
}

// TestAMarkAheadOfTheClockIsRepaired: a mark an earlier version saved past a
// future-dated record makes the next run read every customer again.
func TestAMarkAheadOfTheClockIsRepaired(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, magesim.Options{Customers: 40, OrdersPerCustomer: -1}, nil)
		ctx := context.Background()
		e.run(t, RunOptions{Full: true})
		markAYearAhead(t, e, customersCursor)
		if err := e.sim.EditCustomer(5, magesim.CustomerEdit{Lastname: "Missed"}); err != nil {
			t.Fatal(err)
		}
		if changed, err := e.eng.poll(ctx, e.ch.ID); err != nil || !changed {
			t.Fatalf("poll with a mark a year ahead: changed %v, %v; want a run", changed, err)
		}
		e.run(t, RunOptions{})
		if got := e.stored(t)[5].last; got != "Missed" {
			t.Errorf("edit after a mark ahead of the clock: last name %q", got)
		}
		if cur, err := e.st.SyncCursor(ctx, e.ch.ID, customersCursor); err != nil || cur.MarkTime.After(time.Now().Add(aheadAllowance)) {
			t.Errorf("mark after the repairing run: %s (%v)", cur.MarkTime, err)
		}
	})
}

// TestAPageOfOnlyFutureDatedCustomersKeepsTheMarkReached: read a page at a
// time, an edit made now moves the mark, and a last page holding only a
// customer dated ahead of the clock leaves it there (not at the run's
// start, which made every poll report a change again); after a repaired
// mark ahead of the clock, such a page does not bring the old mark back.
func TestAPageOfOnlyFutureDatedCustomersKeepsTheMarkReached(t *testing.T) {
	for _, repair := range []bool{false, true} {
		t.Run(map[bool]string{false: "mark reached", true: "mark repaired"}[repair], func(t *testing.T) {
			dbtest.Dialects(t, func(t *testing.T, d *db.DB) { testFutureLastPage(t, d, repair) })
		})
	}
}

func testFutureLastPage(t *testing.T, d *db.DB, repair bool) {
	var ahead atomic.Int64
	e := newEnv(t, d, magesim.Options{Customers: 10, OrdersPerCustomer: -1,
		Now: func() time.Time { return time.Now().Add(time.Duration(ahead.Load())) }}, nil)
	ctx := context.Background()
	e.run(t, RunOptions{Full: true})
	e.eng.PageSize = 1
	if repair {
		markAYearAhead(t, e, customersCursor)
	}
	if err := e.sim.EditCustomer(3, magesim.CustomerEdit{Lastname: "Now"}); err != nil {
		t.Fatal(err)
	}
	ahead.Store(int64(9 * time.Minute))
	if err := e.sim.EditCustomer(4, magesim.CustomerEdit{Lastname: "Ahead"}); err != nil {
		t.Fatal(err)
	}
	ahead.Store(0)
	e.run(t, RunOptions{})
	c, _ := e.sim.Customer(3)
	edited := time.Unix(c.UpdatedAt, 0).UTC()
	cur, err := e.st.SyncCursor(ctx, e.ch.ID, customersCursor)
	if err != nil {
		t.Fatal(err)
	}
	if cur.MarkTime.Before(edited) || cur.MarkTime.After(time.Now().Add(aheadAllowance)) {
		t.Errorf("mark %s after the run; want at the edit made now (%s), not before it nor ahead of the clock", cur.MarkTime, edited)
	}
	if changed, err := e.eng.poll(ctx, e.ch.ID); err != nil || changed {
		t.Errorf("poll after the run: changed %v, %v; want no change", changed, err)
	}
}

// TestAnOrdersMarkAheadOfTheClockIsRepaired: an orders mark an earlier
// version saved past a future-dated order makes the next run read the
// orders again from the sync start date, so an order placed now is
// imported and the mark comes back to the clock.
func TestAnOrdersMarkAheadOfTheClockIsRepaired(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, magesim.Options{Customers: 5, OrdersPerCustomer: 1}, nil)
		ctx := context.Background()
		e.run(t, RunOptions{Full: true})
		markAYearAhead(t, e, ordersCursor)
		o, err := e.sim.Store().PlaceOrder(2, 1, []magesim.OrderLine{{Product: 0, Qty: 1}})
		if err != nil {
			t.Fatal(err)
		}
		e.run(t, RunOptions{})
		var n int
		if err := d.QueryRowContext(ctx, "SELECT COUNT(*) FROM magento_orders WHERE channel_id = $1 AND origin_id = $2",
			e.ch.ID, o.ID).Scan(&n); err != nil || n != 1 {
			t.Errorf("the order placed after a mark ahead of the clock: %d stored (%v); want 1", n, err)
		}
		if cur, err := e.st.SyncCursor(ctx, e.ch.ID, ordersCursor); err != nil || cur.MarkTime.After(time.Now().Add(aheadAllowance)) {
			t.Errorf("orders mark after the repairing run: %s (%v); want back at the clock", cur.MarkTime, err)
		}
	})
}

// markAYearAhead saves the channel's cursor name with a mark a year ahead
// of the clock, as an earlier version could.
func markAYearAhead(t *testing.T, e *env, name string) {
	t.Helper()
	ctx := context.Background()
	cur, err := e.st.SyncCursor(ctx, e.ch.ID, name)
	if err != nil {
		t.Fatal(err)
	}
	cur.MarkTime, cur.MarkID = time.Now().AddDate(1, 0, 0).UTC().Truncate(time.Second), 9
	if err := e.st.SaveSyncCursor(ctx, cur); err != nil {
		t.Fatal(err)
	}
}
