package store_test

import (
	"context"
	"testing"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/testrig"
)

// Migration 00195 gives a database that 00155's first form left without
// magento_customers_email (on PostgreSQL; SQLite never keeps it) the index
// a new database has: built at once, or, while a first import has the
// customer indexes deferred, deferred with them and built at the import's
// end like the others. An index still deferred is left to the import.
func TestMigrationRestoresTheCustomerEmailIndex(t *testing.T) {
	for _, tc := range []struct {
		name string
		// before brings the database to the state 00195 finds, and says
		// whether the indexes are then deferred.
		before func(t *testing.T, d *db.DB, defer_ func()) bool
	}{
		{"dropped", func(t *testing.T, d *db.DB, _ func()) bool {
			execSQL(t, d, "DROP INDEX IF EXISTS magento_customers_email")
			return false
		}},
		{"deferred and forgotten", func(t *testing.T, d *db.DB, defer_ func()) bool {
			defer_()
			execSQL(t, d, "DELETE FROM deferred_indexes WHERE name = 'magento_customers_email'")
			return true
		}},
		{"deferred", func(t *testing.T, d *db.DB, defer_ func()) bool {
			defer_()
			return true
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
				ctx := context.Background()
				st := testrig.New(t, d, nil).Store
				fresh := customerIndexDef(t, d, "magento_customers_email")
				if (fresh != "") != (d.Dialect == db.Postgres) {
					t.Fatalf("a new database's magento_customers_email: %q; want it on PostgreSQL only", fresh)
				}
				deferred := tc.before(t, d, func() {
					if ok, err := st.DeferCustomerIndexes(ctx); err != nil || !ok {
						t.Fatalf("defer the customer indexes: %v, %v", ok, err)
					}
				})
				execSQL(t, d, "DELETE FROM goose_db_version WHERE version_id = 195")
				if err := d.Migrate(ctx); err != nil {
					t.Fatal(err)
				}
				if deferred {
					if got := customerIndexDef(t, d, "magento_customers_email"); got != "" {
						t.Errorf("built during a first import: %q; want it deferred with the other indexes", got)
					}
					if err := st.RestoreCustomerIndexes(ctx, nil); err != nil {
						t.Fatal(err)
					}
				}
				if got := customerIndexDef(t, d, "magento_customers_email"); got != fresh {
					t.Errorf("magento_customers_email after the migration: %q; want a new database's %q", got, fresh)
				}
				if left, err := st.DeferredCustomerIndexes(ctx); err != nil || left != 0 {
					t.Errorf("%d indexes left to build (%v)", left, err)
				}
			})
		})
	}
}

// customerIndexDef is the definition the database gives of index name, ""
// when there is none.
func customerIndexDef(t *testing.T, d *db.DB, name string) string {
	t.Helper()
	q := "SELECT COALESCE(MAX(sql), '') FROM sqlite_master WHERE type = 'index' AND name = $1"
	if d.Dialect == db.Postgres {
		q = "SELECT COALESCE(MAX(indexdef), '') FROM pg_indexes WHERE schemaname = current_schema() AND indexname = $1"
	}
	var def string
	if err := d.QueryRowContext(context.Background(), q, name).Scan(&def); err != nil {
		t.Fatal(err)
	}
	return def
}

// execSQL runs a statement that returns nothing.
func execSQL(t *testing.T, d *db.DB, stmt string) {
	t.Helper()
	if _, err := d.ExecContext(context.Background(), stmt); err != nil {
		t.Fatalf("%s: %v", stmt, err)
	}
}
