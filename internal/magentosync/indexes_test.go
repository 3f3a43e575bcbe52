package magentosync

import (
	"context"
	"slices"
	"testing"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/magesim"
)

// customerIndexes lists magento_customers' indexes by name.
func customerIndexes(t *testing.T, d *db.DB) []string {
	t.Helper()
	q := "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'magento_customers' AND sql IS NOT NULL ORDER BY name"
	if d.Dialect == db.Postgres {
		q = "SELECT indexname FROM pg_indexes WHERE tablename = 'magento_customers' ORDER BY indexname"
	}
	rows, err := d.QueryContext(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		names = append(names, n)
	}
	return names
}

func TestFirstImportBuildsTheCustomerIndexesOnceAtTheEnd(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, magesim.Options{Customers: 300, OrdersPerCustomer: -1}, nil)
		want := customerIndexes(t, d)
		if len(want) < 5 {
			t.Fatalf("only %d customer indexes: %v", len(want), want)
		}

		// An import that died after deferring leaves the indexes dropped
		// and their definitions saved.
		deferred, err := e.st.DeferCustomerIndexes(ctx)
		if err != nil || !deferred {
			t.Fatalf("defer on an empty table: %v, %v", deferred, err)
		}
		kept := customerIndexes(t, d)
		if len(kept) >= len(want) || !slices.Contains(kept, "magento_customers_origin") {
			t.Fatalf("after deferring: %v; want only the Magento id index (and the primary key)", kept)
		}
		// The next run builds them back first, then defers again for its
		// own first import and builds them at the end, a step that counts
		// them.
		// On SQLite the emails' trigram index is rebuilt with them, one
		// more piece of the step; the count trigger is another.
		work := len(want) - len(kept) + 1
		if d.Dialect == db.SQLite {
			work++
		}
		var built []int
		e.run(t, RunOptions{Full: true, Progress: func(p Progress) {
			if p.Step == stepIndexes && p.Total != work {
				t.Errorf("building indexes: %d of %d, want of %d", p.Fetched, p.Total, work)
			}
			if p.Step == stepIndexes && p.Fetched == p.Total {
				built = append(built, p.Total)
			}
		}})
		if len(built) != 2 {
			t.Errorf("the indexes were built all %d times, want 2 (left by the dead import, then after the first import)", len(built))
		}
		if got := customerIndexes(t, d); !slices.Equal(got, want) {
			t.Fatalf("after the import: %v, want %v", got, want)
		}
		var left int
		if err := d.QueryRowContext(ctx, "SELECT COUNT(*) FROM deferred_indexes").Scan(&left); err != nil || left != 0 {
			t.Fatalf("%d deferred indexes left (%v)", left, err)
		}
		e.assertMirrors(t, true)

		// A table with customers keeps its indexes.
		if deferred, err := e.st.DeferCustomerIndexes(ctx); err != nil || deferred {
			t.Fatalf("defer on a filled table: %v, %v", deferred, err)
		}
		if got := customerIndexes(t, d); !slices.Equal(got, want) {
			t.Fatalf("a filled table lost indexes: %v", got)
		}
	})
}
