package store_test

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/store"
	"magecrm/internal/testrig"
)

// New customers that refer to a store view, group or owner that is not
// there are refused and nothing of their batch is stored, in a first
// import (on PostgreSQL COPYed with the row triggers off and the
// references checked once per batch) as in a later one.
func TestImportRefusesNewCustomersWhoseReferencesAreGone(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		rig := testrig.New(t, d, nil)
		st := rig.Store
		shop := rig.Shop(testrig.ShopSpec{Name: "Shop", Website: "Main", Stores: []string{"Default"}, Groups: []string{"General"}})
		rep := rig.User("rita", "correct horse battery staple", "Sales Representative", "")
		imp := store.CustomerImport{ChannelID: shop.Channel, OrganizationID: rig.OrgID, OwnerID: rep.ID, Now: time.Now()}
		batch := func(imp store.CustomerImport, storeID, groupID int64, origins ...int64) error {
			var recs []store.ImportCustomer
			for _, o := range origins {
				recs = append(recs, store.ImportCustomer{OriginID: o, WebsiteID: shop.Website, StoreID: storeID, GroupID: groupID,
					Email: fmt.Sprintf("c%d@shop.test", o), Hash: "h",
					Addresses: []store.ImportAddress{{OriginID: o * 10, City: "Berlin", CountryID: "DE"}}})
			}
			_, err := st.ImportCustomers(ctx, imp, recs)
			return err
		}
		stored := func(want int, when string) {
			t.Helper()
			var customers, addresses int
			if err := d.QueryRowContext(ctx, "SELECT COUNT(*) FROM magento_customers").Scan(&customers); err != nil {
				t.Fatal(err)
			}
			if err := d.QueryRowContext(ctx, "SELECT COUNT(*) FROM magento_addresses").Scan(&addresses); err != nil {
				t.Fatal(err)
			}
			if customers != want || addresses != want {
				t.Fatalf("%s: %d customers and %d addresses stored, want %d of each", when, customers, addresses, want)
			}
		}
		if deferred, err := st.DeferCustomerIndexes(ctx); err != nil || !deferred {
			t.Fatalf("defer: %v, %v", deferred, err)
		}
		if err := batch(imp, shop.Stores[0], shop.Groups[0], 1, 2); err != nil {
			t.Fatal(err)
		}
		stored(2, "a first batch")
		for _, c := range []struct {
			what         string
			store, group int64
			owner        int64
		}{
			{"a store view that is not there", shop.Stores[0] + 1000, shop.Groups[0], rep.ID},
			{"a customer group that is not there", shop.Stores[0], shop.Groups[0] + 1000, rep.ID},
			{"an owner who is not there", shop.Stores[0], shop.Groups[0], rep.ID + 1000},
		} {
			bad := imp
			bad.OwnerID = c.owner
			if err := batch(bad, c.store, c.group, 3, 4); err == nil {
				t.Fatalf("a batch with %s was stored", c.what)
			}
			stored(2, "after a batch with "+c.what)
		}
		if err := st.RestoreCustomerIndexes(ctx, nil); err != nil {
			t.Fatal(err)
		}
		if err := batch(imp, shop.Stores[0]+1000, shop.Groups[0], 5); err == nil {
			t.Fatal("a later batch with a store view that is not there was stored")
		}
		if err := batch(imp, shop.Stores[0], shop.Groups[0], 3, 4); err != nil {
			t.Fatal(err)
		}
		stored(4, "a later batch")
		// The constraints stay: removing the channel removes its customers.
		if _, err := d.ExecContext(ctx, "DELETE FROM channels WHERE id = $1", shop.Channel); err != nil {
			t.Fatal(err)
		}
		stored(0, "the channel removed")
	})
}

// On PostgreSQL a batch COPYs new customers with the row triggers off and
// does their work itself: the foreign-key checks (lockReferences) and the
// count (addCustomerCount). A trigger added to either table later would
// be skipped silently, so this lists the ones the import knows of.
func TestImportKnowsEveryTriggerOfTheCustomerTables(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		if d.Dialect != db.Postgres {
			t.Skip("SQLite keeps its triggers during an import")
		}
		rows, err := d.QueryContext(context.Background(), `SELECT tgrelid::regclass::text || '.' || tgname FROM pg_trigger
			WHERE tgrelid IN ('magento_customers'::regclass, 'magento_addresses'::regclass) AND NOT tgisinternal ORDER BY 1`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var got []string
		for rows.Next() {
			var name string
			if err := rows.Scan(&name); err != nil {
				t.Fatal(err)
			}
			got = append(got, name)
		}
		want := []string{"magento_customers.magento_customer_counts_delete", "magento_customers.magento_customer_counts_insert",
			"magento_customers.magento_customer_counts_update"}
		if !slices.Equal(got, want) {
			t.Fatalf("triggers %s, want %s: a batch's COPY runs without them (store.rowTriggersOff); make it do the new one's work",
				strings.Join(got, ", "), strings.Join(want, ", "))
		}
	})
}

// The COPY without the row triggers skips the foreign-key checks as well
// (replica mode skips them), and rules would rewrite it: a foreign key
// added to either table later would go unchecked, so this compares the
// ones the import knows of (store.BatchForeignKeys) with the schema's,
// and finds no rule.
func TestImportKnowsEveryForeignKeyOfTheCustomerTables(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		if d.Dialect != db.Postgres {
			t.Skip("SQLite keeps its foreign-key checks during an import")
		}
		ctx := context.Background()
		rows, err := d.QueryContext(ctx, `SELECT conrelid::regclass::text || '.' || a.attname || ' -> ' || confrelid::regclass::text
			FROM pg_constraint JOIN pg_attribute a ON a.attrelid = conrelid AND a.attnum = ANY(conkey)
			WHERE contype = 'f' AND conrelid IN ('magento_customers'::regclass, 'magento_addresses'::regclass)`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var got []string
		for rows.Next() {
			var key string
			if err := rows.Scan(&key); err != nil {
				t.Fatal(err)
			}
			got = append(got, key)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		want := store.BatchForeignKeys()
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("foreign keys %s,\nthe import knows %s: a batch's COPY runs without their checks (store.rowTriggersOff); add the new one to checkedReferences or uncheckedReferences",
				strings.Join(got, ", "), strings.Join(want, ", "))
		}
		var rules int
		if err := d.QueryRowContext(ctx, "SELECT COUNT(*) FROM pg_rules WHERE schemaname = current_schema() AND tablename IN ('magento_customers', 'magento_addresses')").Scan(&rules); err != nil {
			t.Fatal(err)
		}
		if rules != 0 {
			t.Fatalf("%d rules on the customer tables: a batch's COPY does not know them", rules)
		}
	})
}

// Where the role may not set session_replication_role (not a superuser,
// no grant), a batch knows so without trying, COPYs with the row triggers
// on, and its customers are stored, checked and counted all the same.
func TestImportWithoutReplicaModeKeepsTheTriggers(t *testing.T) {
	dsn := dbtest.PostgresURL(t)
	ctx := context.Background()
	admin, err := db.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	if err := admin.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	rig := testrig.New(t, admin, nil)
	shop := rig.Shop(testrig.ShopSpec{Name: "Shop", Website: "Main", Stores: []string{"Default"}, Groups: []string{"General"}})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	role := "r_" + strings.TrimPrefix(u.Path, "/t_") // the test database's random name
	for _, q := range []string{
		"CREATE ROLE " + role + " LOGIN PASSWORD 'importer'",
		"GRANT ALL ON ALL TABLES IN SCHEMA public TO " + role,
		"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO " + role,
	} {
		if _, err := admin.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		for _, q := range []string{"DROP OWNED BY " + role, "DROP ROLE " + role} {
			if _, err := admin.ExecContext(ctx, q); err != nil {
				t.Errorf("%s: %v", q, err)
			}
		}
	})
	u.User = url.UserPassword(role, "importer")
	limited, err := db.Open(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { limited.Close() })
	st := store.New(limited, rig.Store.Secrets)
	if may, err := rig.Store.MayTurnTriggersOff(ctx); err != nil || !may {
		t.Fatalf("the superuser may turn the triggers off: %v, %v", may, err)
	}
	if may, err := st.MayTurnTriggersOff(ctx); err != nil || may {
		t.Fatalf("a role without the grant may turn the triggers off: %v, %v", may, err)
	}
	imp := store.CustomerImport{ChannelID: shop.Channel, OrganizationID: rig.OrgID, OwnerID: rig.Admin.ID, Now: time.Now()}
	batch := func(from, to int64) error {
		var recs []store.ImportCustomer
		for o := from; o <= to; o++ {
			recs = append(recs, store.ImportCustomer{OriginID: o, StoreID: shop.Stores[0], GroupID: shop.Groups[0],
				Email: fmt.Sprintf("c%d@shop.test", o), Hash: "h", Addresses: []store.ImportAddress{{OriginID: o, City: "Berlin", CountryID: "DE"}}})
		}
		counts, err := st.ImportCustomers(ctx, imp, recs)
		if err == nil && counts.Created != len(recs) {
			t.Fatalf("import of %d customers as a role without replica mode: %+v", len(recs), counts)
		}
		return err
	}
	stored := func(want int, when string) {
		t.Helper()
		var customers, addresses, counted int
		if err := admin.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM magento_customers), (SELECT COUNT(*) FROM magento_addresses),
			(SELECT COALESCE(SUM(n), 0) FROM magento_customer_counts)`).Scan(&customers, &addresses, &counted); err != nil {
			t.Fatal(err)
		}
		if customers != want || addresses != want || counted != want {
			t.Fatalf("%s: %d customers, %d addresses, %d counted; want %d of each", when, customers, addresses, counted, want)
		}
	}
	// A first import (the count trigger deferred: the batches count), then a
	// later one (the count trigger counts).
	if deferred, err := rig.Store.DeferCustomerIndexes(ctx); err != nil || !deferred {
		t.Fatalf("defer: %v, %v", deferred, err)
	}
	if err := batch(1, 10); err != nil {
		t.Fatal(err)
	}
	stored(10, "a first import")
	if err := rig.Store.RestoreCustomerIndexes(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if err := batch(11, 20); err != nil {
		t.Fatal(err)
	}
	stored(20, "a later import")
	imp.OwnerID += 1000
	if err := batch(21, 21); err == nil {
		t.Fatal("a customer whose owner is not there was stored")
	}
	stored(20, "after a batch whose owner is not there")
}
