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

// An import turns SQLite's mapping of the database file off on the
// connection it writes a batch, builds the indexes or refreshes the
// statistics with, and maps the file again before the connection goes
// back to the pool, where the grid reads through the mapping: after a
// batch, a failed batch, and the index builds, every pooled connection
// has the mapping size it was opened with.
func TestImportLeavesThePooledConnectionsMapped(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		if d.Dialect != db.SQLite {
			t.Skip("mmap_size is SQLite's")
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		rig := testrig.New(t, d, nil)
		st := rig.Store
		shop := rig.Shop(testrig.ShopSpec{Name: "Shop", Website: "Main", Stores: []string{"Default"}, Groups: []string{"General"}})
		// Two connections (restoring the indexes holds one while it
		// refreshes the statistics on another); the check holds both.
		const pool = 2
		d.SetMaxOpenConns(pool)
		mapped := func(when string) {
			t.Helper()
			for i := range pool {
				conn, err := d.Conn(ctx)
				if err != nil {
					t.Fatal(err)
				}
				defer conn.Close()
				var size int64
				if err := conn.QueryRowContext(ctx, "PRAGMA mmap_size").Scan(&size); err != nil {
					t.Fatal(err)
				}
				if size != db.SQLiteMmapSize {
					t.Fatalf("%s: pooled connection %d maps %d bytes of the file, want %d", when, i+1, size, db.SQLiteMmapSize)
				}
			}
		}
		imp := store.CustomerImport{ChannelID: shop.Channel, OrganizationID: rig.OrgID, OwnerID: rig.Admin.ID, Now: time.Now()}
		batch := func(storeID int64, origins ...int64) error {
			var recs []store.ImportCustomer
			for _, o := range origins {
				recs = append(recs, store.ImportCustomer{OriginID: o, StoreID: storeID, GroupID: shop.Groups[0],
					Email: fmt.Sprintf("c%d@shop.test", o), Hash: "h"})
			}
			_, err := st.ImportCustomers(ctx, imp, recs)
			return err
		}

		if deferred, err := st.DeferCustomerIndexes(ctx); err != nil || !deferred {
			t.Fatalf("defer: %v, %v", deferred, err)
		}
		if err := batch(shop.Stores[0], 1, 2, 3); err != nil {
			t.Fatal(err)
		}
		mapped("after a batch")
		if err := batch(shop.Stores[0]+1000, 4); err == nil {
			t.Fatal("a batch naming a store that does not exist was stored")
		}
		mapped("after a failed batch")
		if err := st.RestoreCustomerIndexes(ctx, nil); err != nil {
			t.Fatal(err)
		}
		mapped("after the index builds")
		if err := batch(shop.Stores[0], 5); err != nil {
			t.Fatal(err)
		}
		mapped("after a batch with the indexes built")
		var n int
		if err := d.QueryRowContext(ctx, "SELECT COUNT(*) FROM magento_customers WHERE channel_id = $1", shop.Channel).Scan(&n); err != nil || n != 4 {
			t.Fatalf("%d customers stored (%v), want 4", n, err)
		}
	})
}
