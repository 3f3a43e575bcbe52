package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/store"
	"magecrm/internal/testrig"
)

// Deferred indexes are built with SQLite's sorter threads: chunks sorted
// in helper goroutines and merged in parallel. Sorting in chunks of 64 KiB
// makes a 12,000-customer build write dozens of them; every index must
// still hold every customer in its order.
func TestDeferredIndexesBuiltInSortedChunksHoldEveryCustomerInOrder(t *testing.T) {
	d := dbtest.SQLiteOnly(t, "sorter threads and chunk sizes are SQLite's index builds; PostgreSQL builds in the server")
	defer store.SetIndexSortKiB(64)()
	ctx := context.Background()
	rig := testrig.New(t, d, nil)
	shop := rig.Shop(testrig.ShopSpec{Name: "Shop", Website: "Main", Stores: []string{"Default"}, Groups: []string{"General"}})
	if deferred, err := rig.Store.DeferCustomerIndexes(ctx); err != nil || !deferred {
		t.Fatalf("defer: %v, %v", deferred, err)
	}
	imp := store.CustomerImport{ChannelID: shop.Channel, OrganizationID: rig.OrgID, OwnerID: rig.Admin.ID, Now: time.Now()}
	names := []string{"smith", "Smith", "O'Brien", "müller", "Zhang", "adams", "Adams", "de la Cruz"}
	const customers = 12_000
	for start := 0; start < customers; start += 1_000 {
		var recs []store.ImportCustomer
		for o := start; o < start+1_000; o++ {
			n := o * 7919 % customers // not in insertion order
			recs = append(recs, store.ImportCustomer{OriginID: int64(o + 1), StoreID: shop.Stores[0], GroupID: shop.Groups[0],
				FirstName: names[n%5] + fmt.Sprint(n%97), LastName: names[n%len(names)] + fmt.Sprint(n/len(names)%50),
				Email: fmt.Sprintf("C%d@shop.test", n), Hash: "h"})
		}
		if _, err := rig.Store.ImportCustomers(ctx, imp, recs); err != nil {
			t.Fatal(err)
		}
	}
	if err := rig.Store.RestoreCustomerIndexes(ctx, nil); err != nil {
		t.Fatal(err)
	}
	var check string
	if err := d.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity check: %q (%v)", check, err)
	}
	for index, order := range map[string]string{
		"magento_customers_org_last":  "organization_id, lower(last_name), last_name, first_name, id",
		"magento_customers_org_email": "organization_id, lower(email), id",
	} {
		walk := "SELECT id FROM magento_customers INDEXED BY " + index + " ORDER BY " + order
		if plan := strings.Join(queryIDs(t, d, "EXPLAIN QUERY PLAN "+walk, 3), "; "); !strings.Contains(plan, "INDEX "+index) || strings.Contains(plan, "TEMP B-TREE") {
			t.Fatalf("%s is not read in its order: %v", index, plan)
		}
		byIndex := queryIDs(t, d, walk, 0)
		byTable := queryIDs(t, d, "SELECT id FROM magento_customers NOT INDEXED ORDER BY "+order, 0)
		if len(byIndex) != customers || !slices.Equal(byIndex, byTable) {
			t.Fatalf("%s holds %d customers, want the table's %d in the same order", index, len(byIndex), len(byTable))
		}
	}
}

// queryIDs returns column col of every row query answers, as text.
func queryIDs(t *testing.T, d *db.DB, query string, col int) []string {
	t.Helper()
	rows, err := d.QueryContext(context.Background(), query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		dest := make([]any, len(cols))
		for i := range vals {
			dest[i] = &vals[i]
		}
		if err := rows.Scan(dest...); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprint(vals[col]))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
