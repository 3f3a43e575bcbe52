package magentosync

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/magesim"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

func TestFullImportHoldsMagentosDataAndASecondRunWritesNothing(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, magesim.Options{Customers: 600}, nil)
		s := e.run(t, RunOptions{Full: true})
		if s.Created != 600 || s.Failed != 0 {
			t.Fatalf("first run: %+v", s)
		}
		got := e.assertMirrors(t, true)
		for id, c := range got {
			if c.owner != e.ch.DefaultOwnerID || c.state != 0 {
				t.Fatalf("customer %d: owner %d state %d, want the channel's default owner and state 0", id, c.owner, c.state)
			}
		}
		e.assertOrders(t, got)

		again := e.run(t, RunOptions{})
		if again.Created != 0 || again.Updated != 0 {
			t.Errorf("second run wrote customers: %+v", again)
		}
		if again.Orders.Created != 0 || again.Orders.Updated != 0 {
			t.Errorf("second run wrote orders: %+v", again.Orders)
		}
	})
}

func TestImportWithFaultsEndsWithExactlyMagentosData(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, magesim.Options{Customers: 500}, nil)
		e.sim.SetFaults(magesim.Faults{ErrorRate: 0.1, RateLimitRate: 0.05, ResetRate: 0.05, RetryAfter: 1,
			Latency: 2 * time.Millisecond, Jitter: 5 * time.Millisecond, Seed: 3})
		s := e.run(t, RunOptions{Full: true})
		e.sim.SetFaults(magesim.Faults{})
		if s.Failed != 0 || s.Created != 500 {
			t.Errorf("summary %+v", s)
		}
		e.assertOrders(t, e.assertMirrors(t, true))
	})
}

func TestStoppedInitialImportResumesWhereItWas(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, magesim.Options{Customers: 1000, OrdersPerCustomer: -1}, nil)
		e.sim.SetFaults(magesim.Faults{Latency: 40 * time.Millisecond})
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var sawRunning bool
		_, err := e.eng.Run(ctx, e.ch.ID, RunOptions{Full: true, Progress: func(p Progress) {
			if p.Step == stepInitial && p.Created >= 500 {
				cur, err := e.st.CurrentRun(context.Background(), e.ch.ID)
				sawRunning = err == nil && cur.ID == p.RunID && cur.Step == stepInitial && cur.Total == 1000
				cancel()
			}
		}})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("stopped run: %v", err)
		}
		if !sawRunning {
			t.Error("CurrentRun did not show the run in its initial import")
		}
		runs, err := e.st.SyncRuns(context.Background(), e.ch.ID, 5)
		if err != nil || len(runs) != 1 || runs[0].Status != store.RunInterrupted {
			t.Fatalf("runs after the stop: %+v, %v", runs, err)
		}
		stored := len(e.stored(t))
		if stored < 500 || stored >= 1000 {
			t.Fatalf("%d customers stored when stopped", stored)
		}

		e.sim.SetFaults(magesim.Faults{})
		s := e.run(t, RunOptions{Full: true})
		if s.Created != 1000-stored {
			t.Errorf("resumed run created %d, want %d (the rest)", s.Created, 1000-stored)
		}
		e.assertMirrors(t, true)
	})
}

func TestCustomersChangedWhileARunPagesThroughAreNotLost(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		var e *env
		var editing atomic.Bool
		edits := 0
		e = newEnv(t, d, magesim.Options{Customers: 800, OrdersPerCustomer: -1}, wrapWith(func(w http.ResponseWriter, r *http.Request, next http.Handler) {
			if editing.Load() && strings.Contains(r.URL.Path, "/customers/search") {
				// An admin saves a few customers between two pages: they
				// move to the end of the updated_at order.
				for range 5 {
					edits++
					id := 1 + (edits*97)%800
					if err := e.sim.EditCustomer(id, magesim.CustomerEdit{Lastname: fmt.Sprintf("Edited%d", edits)}); err != nil {
						t.Error(err)
					}
				}
			}
			next.ServeHTTP(w, r)
		}))
		e.eng.PageSize = 50
		e.run(t, RunOptions{Full: true})
		// Read everything again by updated_at, as a first incremental run
		// after a long pause would, while the store changes under it.
		cur, err := e.st.SyncCursor(context.Background(), e.ch.ID, customersCursor)
		if err != nil {
			t.Fatal(err)
		}
		cur.MarkTime, cur.MarkID = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), 0
		if err := e.st.SaveSyncCursor(context.Background(), cur); err != nil {
			t.Fatal(err)
		}
		editing.Store(true)
		e.run(t, RunOptions{})
		editing.Store(false)
		if edits < 50 {
			t.Fatalf("only %d edits happened during the run", edits)
		}
		// Edits in the very second of the last mark are read again by the
		// next run's overlap.
		e.run(t, RunOptions{})
		e.assertMirrors(t, true)
	})
}

func TestMagento23StoreImportsCompletely(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, magesim.Options{Customers: 450, Version: "2.3"}, nil)
		s := e.run(t, RunOptions{Full: true})
		if s.Created != 450 || s.Failed != 0 {
			t.Errorf("summary %+v", s)
		}
		e.assertOrders(t, e.assertMirrors(t, false))
		s = e.run(t, RunOptions{Reconcile: true})
		if s.Created != 0 || s.Updated != 0 || s.Removed != 0 {
			t.Errorf("reconciliation of an unchanged 2.3 store: %+v", s)
		}
	})
}

func TestReconciliationCatchesAddressOnlyNewsletterOnlyChangesAndDeletions(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, magesim.Options{Customers: 300, OrdersPerCustomer: -1}, nil)
		e.run(t, RunOptions{Full: true})
		if err := e.sim.EditAddressOnly(11, magesim.AddressEdit{Street: "42 Reconcile Road", City: "Driftwood"}); err != nil {
			t.Fatal(err)
		}
		c, _ := e.sim.Customer(12)
		if err := e.sim.SetSubscription(12, !c.Subscribed); err != nil {
			t.Fatal(err)
		}
		if err := e.sim.DeleteCustomer(13); err != nil {
			t.Fatal(err)
		}

		s := e.run(t, RunOptions{})
		if s.Updated != 0 || s.Removed != 0 {
			t.Fatalf("an incremental run cannot see these changes, yet: %+v", s)
		}
		s = e.run(t, RunOptions{Reconcile: true})
		if s.Updated != 2 || s.Removed != 1 {
			t.Errorf("reconciliation: %+v, want 2 updated and 1 removed", s)
		}
		got := e.assertMirrors(t, true)
		if got[13] == nil || got[13].state&model.SyncRemovedRemote == 0 {
			t.Errorf("customer 13, deleted in Magento, should be kept and marked removed: %+v", got[13])
		}
		if !strings.Contains(got[11].addresses[firstAddress(e, 11)], "42 Reconcile Road") {
			t.Errorf("address change not imported: %v", got[11].addresses)
		}
		var audits int
		if err := d.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM audit_log a JOIN magento_customers c ON c.id = a.entity_id
			WHERE a.entity = 'magento_customer' AND c.origin_id = 12 AND a.actor_channel_id = $1 AND a.changes LIKE '%is_subscribed%'`,
			e.ch.ID).Scan(&audits); err != nil || audits != 1 {
			t.Errorf("audit of the newsletter change: %d entries, %v", audits, err)
		}
	})
}

// firstAddress is the id of the address EditAddressOnly changes: the
// default billing one, or the first.
func firstAddress(e *env, id int) int {
	c, _ := e.sim.Customer(id)
	if c.DefaultBilling != 0 {
		return c.DefaultBilling
	}
	return c.Addresses[0].ID
}

func TestBadRecordsAreReportedOneByOneAndTheRestImported(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, magesim.Options{Customers: 400, OrdersPerCustomer: -1}, nil)
		if err := e.sim.CorruptCustomer(21, magesim.InvalidDob); err != nil {
			t.Fatal(err)
		}
		if err := e.sim.CorruptCustomer(22, magesim.MissingLastname); err != nil {
			t.Fatal(err)
		}
		e.sim.SetFaults(magesim.Faults{TruncateRate: 0.2, Seed: 5})
		s := e.run(t, RunOptions{Full: true})
		e.sim.SetFaults(magesim.Faults{})
		if s.Created != 398 || s.Failed != 2 {
			t.Errorf("summary %+v, want 398 created and 2 failed", s)
		}
		errs, err := e.st.RunSyncErrors(context.Background(), s.RunID, 10)
		if err != nil {
			t.Fatal(err)
		}
		reasons := map[string]string{}
		for _, e := range errs {
			reasons[e.RemoteID] = e.Message
		}
		if !strings.Contains(reasons["21"], "dob") || !strings.Contains(reasons["22"], "last") || len(reasons) != 2 {
			t.Errorf("sync errors %v: want customer 21's date and 22's last name", reasons)
		}
		if n, w, _ := e.st.SyncErrorCount(context.Background(), e.ch.ID); n != 2 || w != 0 {
			t.Errorf("SyncErrorCount = %d errors, %d warnings; want 2 errors", n, w)
		}
		e.assertMirrors(t, true, 21, 22)
	})
}

// TestCustomersCreatedHereAreMatchedByEmailAndWebsite: a customer whose
// create was sent but whose answer was lost is the Magento customer with its
// email in its website, linked and kept waiting with its own fields. A
// customer magecrm never sent is not: Magento's customer with that email is
// someone else, imported as its own record, until a person links the two.
func TestCustomersCreatedHereAreMatchedByEmailAndWebsite(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, magesim.Options{Customers: 200, OrdersPerCustomer: -1}, nil)
		lost, _ := e.sim.Customer(5)
		unsent, _ := e.sim.Customer(6)
		src, err := e.eng.NewSource(e.ch)
		if err != nil {
			t.Fatal(err)
		}
		dict, err := src.Dictionaries(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.st.ImportDictionaries(ctx, e.ch.ID, dict); err != nil {
			t.Fatal(err)
		}
		ids, _ := e.st.DictionaryIDs(ctx, e.ch.ID)
		// Created in magecrm, waiting to be sent: no Magento id yet.
		for _, c := range []struct {
			website int
			email   string
			state   int
		}{
			{lost.WebsiteID, lost.Email, model.SyncPendingSend | model.SyncCreateSent},
			{unsent.WebsiteID, unsent.Email, model.SyncPendingSend},
		} {
			if _, err := d.ExecContext(ctx, `INSERT INTO magento_customers (organization_id, channel_id, website_id, first_name, last_name,
				email, owner_user_id, sync_state, created_at, updated_at) VALUES ($1, $2, $3, 'Local', 'Edit', $4, $5, $6, 1, 1)`,
				e.ch.OrganizationID, e.ch.ID, ids.Websites[int64(c.website)], strings.ToUpper(c.email), e.ch.DefaultOwnerID,
				c.state); err != nil {
				t.Fatal(err)
			}
		}
		s := e.run(t, RunOptions{Full: true})
		if s.Created != 199 {
			t.Errorf("created %d, want 199: customer 5 is the one created here", s.Created)
		}
		rowsOf := func(email string) (n, origin int, first string) {
			if err := d.QueryRowContext(ctx, `SELECT COUNT(*), MAX(COALESCE(origin_id, 0)), MIN(first_name) FROM magento_customers
				WHERE channel_id = $1 AND lower(email) = lower($2)`, e.ch.ID, email).Scan(&n, &origin, &first); err != nil {
				t.Fatal(err)
			}
			return n, origin, first
		}
		if n, origin, first := rowsOf(lost.Email); n != 1 || origin != 5 || first != "Local" {
			t.Errorf("create with a lost answer: %d rows, Magento id %d, first name %q; want one row linked to 5 with its own fields",
				n, origin, first)
		}
		if n, origin, _ := rowsOf(unsent.Email); n != 2 || origin != 6 {
			t.Errorf("never sent: %d rows, Magento id %d; want it apart from Magento's customer 6 (2 rows)", n, origin)
		}
	})
}

func TestOneRunPerChannelAtATime(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, magesim.Options{Customers: 300, OrdersPerCustomer: -1}, nil)
		e.sim.SetFaults(magesim.Faults{Latency: 20 * time.Millisecond})
		e.eng.PageSize = 30
		other := NewEngine(e.st, slog.New(slog.DiscardHandler))
		other.PageSize = 30
		start := make(chan struct{})
		errs := make(chan error, 2)
		for _, eng := range []*Engine{e.eng, other} {
			go func() {
				<-start
				_, err := eng.Run(context.Background(), e.ch.ID, RunOptions{Full: true})
				errs <- err
			}()
		}
		close(start)
		var busy, ok int
		for range 2 {
			switch err := <-errs; {
			case err == nil:
				ok++
			case errors.Is(err, ErrBusy):
				busy++
			default:
				t.Fatal(err)
			}
		}
		if ok != 1 || busy != 1 {
			t.Fatalf("%d runs ran and %d were refused; want one of each", ok, busy)
		}
		e.sim.SetFaults(magesim.Faults{})
		if _, err := other.Run(context.Background(), e.ch.ID, RunOptions{}); err != nil {
			t.Errorf("a run after the first ended: %v", err)
		}
		e.assertMirrors(t, true)
	})
}
