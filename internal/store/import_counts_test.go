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

// A first import defers the per-row count trigger with the indexes and
// counts its own customers; restoring the trigger counts every customer,
// those inserted meanwhile by others too, and nothing twice.
func TestFirstImportCountsCustomersWithTheCountTriggerDeferred(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		rig := testrig.New(t, d, nil)
		st := rig.Store
		shop := rig.Shop(testrig.ShopSpec{Name: "Shop", Website: "Main", Stores: []string{"Default"}, Groups: []string{"General"}})
		rep := rig.User("rita", "correct horse battery staple", "Sales Representative", "")
		counted := func(want int, when string) {
			t.Helper()
			var sum, rows int
			if err := d.QueryRowContext(ctx, "SELECT COALESCE(SUM(n), 0) FROM magento_customer_counts").Scan(&sum); err != nil {
				t.Fatal(err)
			}
			if err := d.QueryRowContext(ctx, "SELECT COUNT(*) FROM magento_customers").Scan(&rows); err != nil {
				t.Fatal(err)
			}
			if sum != want || rows != want {
				t.Fatalf("%s: counted %d customers, %d stored, want %d", when, sum, rows, want)
			}
		}
		imp := store.CustomerImport{ChannelID: shop.Channel, OrganizationID: rig.OrgID, OwnerID: rep.ID, Now: time.Now()}
		batch := func(origins ...int64) {
			t.Helper()
			var recs []store.ImportCustomer
			for _, o := range origins {
				recs = append(recs, store.ImportCustomer{OriginID: o, StoreID: shop.Stores[0], GroupID: shop.Groups[0],
					Email: fmt.Sprintf("c%d@shop.test", o), Hash: "h"})
			}
			if _, err := st.ImportCustomers(ctx, imp, recs); err != nil {
				t.Fatal(err)
			}
		}

		if deferred, err := st.DeferCustomerIndexes(ctx); err != nil || !deferred {
			t.Fatalf("defer: %v, %v", deferred, err)
		}
		batch(1, 2, 3)
		counted(3, "imported with the trigger deferred")
		batch(2, 3) // seen again: nothing new to count
		counted(3, "the same customers again")
		// A customer created in magecrm meanwhile is not counted until the
		// trigger is back.
		rig.Customer(shop, testrig.CustomerSpec{Store: shop.Stores[0], Group: shop.Groups[0], Owner: rig.Admin.ID, Email: "here@shop.test"})
		if err := st.RestoreCustomerIndexes(ctx, nil); err != nil {
			t.Fatal(err)
		}
		counted(4, "after the trigger is restored")
		if left, err := st.DeferredCustomerIndexes(ctx); err != nil || left != 0 {
			t.Fatalf("%d indexes left (%v)", left, err)
		}
		batch(4)
		counted(5, "imported with the trigger back")
		var mine int
		if err := d.QueryRowContext(ctx, "SELECT n FROM magento_customer_counts WHERE owner_user_id = $1", rep.ID).Scan(&mine); err != nil || mine != 4 {
			t.Fatalf("the channel owner's customers counted %d (%v), want 4", mine, err)
		}
	})
}
