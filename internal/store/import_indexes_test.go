package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/store"
	"magecrm/internal/testrig"
)

// deferredNames lists what deferred_indexes holds, by name.
func deferredNames(t *testing.T, d *db.DB) []string {
	t.Helper()
	return queryNames(t, d, "SELECT name FROM deferred_indexes ORDER BY name")
}

// builtCustomerIndexes lists magento_customers' secondary indexes.
func builtCustomerIndexes(t *testing.T, d *db.DB) []string {
	t.Helper()
	q := "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'magento_customers' AND sql IS NOT NULL ORDER BY name"
	if d.Dialect == db.Postgres {
		q = "SELECT indexname FROM pg_indexes WHERE tablename = 'magento_customers' ORDER BY indexname"
	}
	return queryNames(t, d, q)
}

// indexStates lists magento_customers' secondary indexes and the deferred
// ones as one statement sees them. A failed restore returns when its
// builders' connections are closed, and the server may still be ending a
// peer's build (committing it, or rolling it back) meanwhile: two
// statements could see the index before its commit and the list after it.
func indexStates(t *testing.T, d *db.DB) (built, deferred []string) {
	t.Helper()
	q := "SELECT 'built', name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'magento_customers' AND sql IS NOT NULL"
	if d.Dialect == db.Postgres {
		q = "SELECT 'built', indexname FROM pg_indexes WHERE tablename = 'magento_customers'"
	}
	rows, err := d.QueryContext(context.Background(), q+" UNION ALL SELECT 'deferred', name FROM deferred_indexes")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var state, name string
		if err := rows.Scan(&state, &name); err != nil {
			t.Fatal(err)
		}
		if state == "built" {
			built = append(built, name)
		} else {
			deferred = append(deferred, name)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return built, deferred
}

func queryNames(t *testing.T, d *db.DB, q string) []string {
	t.Helper()
	rows, err := d.QueryContext(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	return names
}

// A build that fails part-way (here an index that cannot be built, among
// the others; on PostgreSQL two connections build at once) leaves every
// deferred index either built and forgotten or still deferred, never both
// or neither, and the count trigger deferred; the next restore builds the
// rest. Two restores at once (two processes) build each index once.
func TestRestoringIndexesLeavesEachBuiltOrDeferred(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		rig := testrig.New(t, d, nil)
		st := rig.Store
		shop := rig.Shop(testrig.ShopSpec{Name: "Shop", Website: "Main", Stores: []string{"Default"}, Groups: []string{"General"}})
		before := builtCustomerIndexes(t, d)
		if deferred, err := st.DeferCustomerIndexes(ctx); err != nil || !deferred {
			t.Fatalf("defer: %v, %v", deferred, err)
		}
		var indexes []string // the deferred ones that are indexes
		for _, n := range deferredNames(t, d) {
			if slices.Contains(before, n) {
				indexes = append(indexes, n)
			}
		}
		if len(indexes) < 5 {
			t.Fatalf("only %d indexes deferred: %v", len(indexes), indexes)
		}
		var recs []store.ImportCustomer
		for o := int64(1); o <= 50; o++ {
			recs = append(recs, store.ImportCustomer{OriginID: o, StoreID: shop.Stores[0], GroupID: shop.Groups[0],
				LastName: fmt.Sprint("Name", o%7), Email: fmt.Sprintf("c%d@shop.test", o), Hash: "h"})
		}
		imp := store.CustomerImport{ChannelID: shop.Channel, OrganizationID: rig.OrgID, OwnerID: rig.Admin.ID, Now: time.Now()}
		if _, err := st.ImportCustomers(ctx, imp, recs); err != nil {
			t.Fatal(err)
		}
		const broken = "magento_customers_zz_broken"
		if _, err := d.ExecContext(ctx, "INSERT INTO deferred_indexes (name, definition) VALUES ($1, $2)",
			broken, "CREATE INDEX "+broken+" ON magento_customers (no_such_column)"); err != nil {
			t.Fatal(err)
		}
		err := st.RestoreCustomerIndexes(ctx, nil)
		if err == nil || !strings.Contains(err.Error(), broken) {
			t.Fatalf("restore with a broken index: %v, want an error naming it", err)
		}
		built, left := indexStates(t, d)
		for _, n := range indexes {
			if slices.Contains(built, n) == slices.Contains(left, n) {
				t.Errorf("%s: built %v, still deferred %v", n, slices.Contains(built, n), slices.Contains(left, n))
			}
		}
		if !slices.Contains(left, broken) || !slices.Contains(left, "magento_customer_counts_insert") {
			t.Fatalf("after the failed build deferred: %v, want the broken index and the count trigger among them", left)
		}
		if _, err := d.ExecContext(ctx, "DELETE FROM deferred_indexes WHERE name = $1", broken); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = st.RestoreCustomerIndexes(ctx, nil)
			}()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if left := deferredNames(t, d); len(left) != 0 {
			t.Fatalf("still deferred: %v", left)
		}
		if got := builtCustomerIndexes(t, d); !slices.Equal(got, before) {
			t.Fatalf("indexes %v, want %v", got, before)
		}
		var counted int
		if err := d.QueryRowContext(ctx, "SELECT COALESCE(SUM(n), 0) FROM magento_customer_counts").Scan(&counted); err != nil || counted != 50 {
			t.Fatalf("counted %d customers (%v), want 50", counted, err)
		}
	})
}

// The memory a PostgreSQL index build sorts in is set for its own
// transaction: the pooled connection goes back with the server's setting,
// after a failed build as after one that succeeded.
func TestRestoringIndexesLeavesTheConnectionsSettings(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		if d.Dialect != db.Postgres {
			t.Skip("maintenance_work_mem is PostgreSQL's")
		}
		ctx := context.Background()
		st := testrig.New(t, d, nil).Store
		// The builders' two connections and the restore's lock, which the
		// test then reads.
		d.SetMaxOpenConns(3)
		d.SetMaxIdleConns(3)
		var server string
		if err := d.QueryRowContext(ctx, "SHOW maintenance_work_mem").Scan(&server); err != nil {
			t.Fatal(err)
		}
		if deferred, err := st.DeferCustomerIndexes(ctx); err != nil || !deferred {
			t.Fatalf("defer: %v, %v", deferred, err)
		}
		const broken = "magento_customers_zz_broken"
		if _, err := d.ExecContext(ctx, "INSERT INTO deferred_indexes (name, definition) VALUES ($1, $2)",
			broken, "CREATE INDEX "+broken+" ON magento_customers (no_such_column)"); err != nil {
			t.Fatal(err)
		}
		setting := func(when string) {
			t.Helper()
			for i := range 3 {
				conn, err := d.Conn(ctx)
				if err != nil {
					t.Fatal(err)
				}
				defer conn.Close()
				var got string
				if err := conn.QueryRowContext(ctx, "SHOW maintenance_work_mem").Scan(&got); err != nil {
					t.Fatal(err)
				}
				if got != server {
					t.Fatalf("%s: pooled connection %d has maintenance_work_mem %s, want the server's %s", when, i+1, got, server)
				}
			}
		}
		if err := st.RestoreCustomerIndexes(ctx, nil); err == nil {
			t.Fatal("a restore with a broken index succeeded")
		}
		setting("after a failed restore")
		if _, err := d.ExecContext(ctx, "DELETE FROM deferred_indexes WHERE name = $1", broken); err != nil {
			t.Fatal(err)
		}
		if err := st.RestoreCustomerIndexes(ctx, nil); err != nil {
			t.Fatal(err)
		}
		setting("after a restore")
	})
}

// On PostgreSQL one restore builds at a time, in any process: while
// another holds the restore's advisory lock, a restore waits and builds
// nothing; once it is freed, the restore builds every deferred index.
func TestRestoringIndexesWaitsForAnotherRestore(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		if d.Dialect != db.Postgres {
			t.Skip("SQLite's writers take turns anyway")
		}
		ctx := context.Background()
		st := testrig.New(t, d, nil).Store
		if deferred, err := st.DeferCustomerIndexes(ctx); err != nil || !deferred {
			t.Fatalf("defer: %v, %v", deferred, err)
		}
		deferred := deferredNames(t, d)
		other, err := d.BeginTx(ctx, nil) // another process's restore
		if err != nil {
			t.Fatal(err)
		}
		defer other.Rollback()
		if _, err := other.ExecContext(ctx, "SELECT pg_advisory_xact_lock(hashtextextended('restore customer indexes', 0))"); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- st.RestoreCustomerIndexes(ctx, nil) }()
		for waiting := 0; waiting == 0; {
			select {
			case err := <-done:
				t.Fatalf("the restore ended (%v) while another held the lock", err)
			case <-time.After(20 * time.Millisecond):
			}
			if err := d.QueryRowContext(ctx, "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted").Scan(&waiting); err != nil {
				t.Fatal(err)
			}
		}
		if left := deferredNames(t, d); !slices.Equal(left, deferred) {
			t.Fatalf("while waiting the restore built some: deferred %v, was %v", left, deferred)
		}
		if err := other.Rollback(); err != nil {
			t.Fatal(err)
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if left := deferredNames(t, d); len(left) != 0 {
			t.Fatalf("still deferred: %v", left)
		}
	})
}

// When one PostgreSQL build fails, the other's CREATE INDEX stops on the
// server too, not only in the client (pgx sends the server a cancel
// request when it closes a connection whose context ended): here an index that takes a minute
// to build (a function that sleeps for each customer) while the other
// builder's index fails after two seconds.
func TestAFailedIndexBuildStopsTheOtherOnTheServer(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		if d.Dialect != db.Postgres {
			t.Skip("SQLite builds one index at a time")
		}
		ctx := context.Background()
		rig := testrig.New(t, d, nil)
		shop := rig.Shop(testrig.ShopSpec{Name: "Shop", Website: "Main", Stores: []string{"Default"}, Groups: []string{"General"}})
		var recs []store.ImportCustomer
		for o := int64(1); o <= 300; o++ {
			recs = append(recs, store.ImportCustomer{OriginID: o, StoreID: shop.Stores[0], GroupID: shop.Groups[0],
				Email: fmt.Sprintf("c%d@shop.test", o), Hash: "h"})
		}
		imp := store.CustomerImport{ChannelID: shop.Channel, OrganizationID: rig.OrgID, OwnerID: rig.Admin.ID, Now: time.Now()}
		if _, err := rig.Store.ImportCustomers(ctx, imp, recs); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{
			`CREATE FUNCTION slow_id(id bigint) RETURNS bigint IMMUTABLE LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.2); RETURN id; END $$`,
			`CREATE FUNCTION failing_id(id bigint) RETURNS bigint IMMUTABLE LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(2); RAISE EXCEPTION 'broken'; END $$`,
			`INSERT INTO deferred_indexes (name, definition) VALUES
				('magento_customers_a_slow', 'CREATE INDEX magento_customers_a_slow ON magento_customers (slow_id(id))'),
				('magento_customers_zz_broken', 'CREATE INDEX magento_customers_zz_broken ON magento_customers (failing_id(id))')`,
		} {
			if _, err := d.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		err := rig.Store.RestoreCustomerIndexes(ctx, nil)
		if err == nil || !strings.Contains(err.Error(), "zz_broken") {
			t.Fatalf("restore: %v, want the broken index's error", err)
		}
		// The slow build has 60 s to go; stopped, it ends within moments.
		deadline := time.Now().Add(20 * time.Second)
		for {
			var building int
			if err := d.QueryRowContext(ctx, "SELECT COUNT(*) FROM pg_stat_activity WHERE query LIKE 'CREATE INDEX magento_customers_a_slow%' AND state = 'active'").Scan(&building); err != nil {
				t.Fatal(err)
			}
			if building == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the slow index is still being built on the server 20 s after the restore failed")
			}
			time.Sleep(100 * time.Millisecond)
		}
		if left := deferredNames(t, d); !slices.Contains(left, "magento_customers_a_slow") {
			t.Fatalf("deferred %v, want the stopped build still among them", left)
		}
	})
}
