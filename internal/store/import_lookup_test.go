package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/store"
	"magecrm/internal/testrig"
)

// A batch whose Magento ids lie far apart looks them up by their list
// (on PostgreSQL one index probe each), not by a range: the customers it
// already has are found and updated or left, the others created.
func TestImportFindsCustomersWhoseIDsLieFarApart(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		rig := testrig.New(t, d, nil)
		shop := rig.Shop(testrig.ShopSpec{Name: "Shop", Website: "Main", Stores: []string{"Default"}, Groups: []string{"General"}})
		imp := store.CustomerImport{ChannelID: shop.Channel, OrganizationID: rig.OrgID, OwnerID: rig.Admin.ID, Now: time.Now()}
		batch := func(hash string, origins ...int64) store.ImportCounts {
			t.Helper()
			var recs []store.ImportCustomer
			for _, o := range origins {
				recs = append(recs, store.ImportCustomer{OriginID: o, StoreID: shop.Stores[0], GroupID: shop.Groups[0],
					LastName: hash, Email: fmt.Sprintf("c%d@shop.test", o), Hash: fmt.Sprint(hash, o)})
			}
			counts, err := rig.Store.ImportCustomers(ctx, imp, recs)
			if err != nil {
				t.Fatal(err)
			}
			return counts
		}
		if got := batch("first", 7, 9000, 500000); got != (store.ImportCounts{Created: 3}) {
			t.Fatalf("first batch: %+v, want 3 created", got)
		}
		got := batch("second", 7, 9000, 700000)
		if got != (store.ImportCounts{Created: 1, Updated: 2}) {
			t.Fatalf("second batch: %+v, want 1 created and 2 updated", got)
		}
		var n int
		if err := d.QueryRowContext(ctx, "SELECT COUNT(*) FROM magento_customers WHERE last_name = 'second'").Scan(&n); err != nil || n != 3 {
			t.Fatalf("%d customers rewritten by the second batch (%v), want 3", n, err)
		}
	})
}
