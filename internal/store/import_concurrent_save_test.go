package store_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/model"
	"magecrm/internal/store"
	"magecrm/internal/testrig"
)

// A person's save that commits while an import batch works on the same
// customer is merged by the batch (the customer waits to be sent with the
// edit, on the base the save kept), never overwritten. On PostgreSQL the
// save holds its row lock until the batch is seen waiting on a lock; on
// SQLite the save's write transaction keeps the batch from beginning.
func TestImportMergesASaveThatCommitsDuringTheBatch(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		o := importOne(t, d, false)
		st, imp, c, id := o.rig.Store, o.imp, o.c, o.id
		save := beginSave(t, d, st, id)
		done := make(chan error, 1)
		go func() {
			changed := c
			changed.LastName, changed.Hash, changed.RemoteUpdatedAt = "OneChanged", "h2", "2024-01-02 00:00:00"
			next := imp
			next.Now = imp.Now.Add(time.Minute)
			_, err := st.ImportCustomers(ctx, next, []store.ImportCustomer{changed})
			done <- err
		}()
		if d.Dialect == db.Postgres {
			waitForLockWait(t, d)
		}
		if err := save.Commit(); err != nil {
			t.Fatal(err)
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		var first, last, snapshot string
		var state int
		if err := d.QueryRowContext(ctx, "SELECT first_name, last_name, snapshot, sync_state FROM magento_customers WHERE id = $1", id).
			Scan(&first, &last, &snapshot, &state); err != nil {
			t.Fatal(err)
		}
		if first != "Edited" || last != "OneChanged" || state&model.SyncPendingSend == 0 || snapshot == "" {
			t.Errorf("after the import: first name %q, last name %q, state %d, snapshot %q; want the person's first name Edited kept, "+
				"Magento's last name OneChanged taken, still waiting to be sent on a base", first, last, state, snapshot)
		}
	})
}

// oneImported is a shop with one customer, Ann One (Magento's id 1, updated
// there 2024-01-01), imported from Magento.
type oneImported struct {
	rig  *testrig.Rig
	shop *testrig.Shop
	imp  store.CustomerImport // the import that brought the customer
	c    store.ImportCustomer // the customer as imported
	id   int64                // the customer's row
}

// importOne imports Ann One, with addrs, into a new shop whose changes made
// here win a conflict when localWins.
func importOne(t *testing.T, d *db.DB, localWins bool, addrs ...store.ImportAddress) oneImported {
	t.Helper()
	ctx := context.Background()
	rig := testrig.New(t, d, nil)
	shop := rig.Shop(testrig.ShopSpec{Name: "Shop", Website: "Main", Stores: []string{"Default"}, Groups: []string{"General"}})
	o := oneImported{rig: rig, shop: shop,
		imp: store.CustomerImport{ChannelID: shop.Channel, OrganizationID: rig.OrgID, OwnerID: rig.Admin.ID, Now: time.Now(),
			LocalWins: localWins},
		c: store.ImportCustomer{OriginID: 1, WebsiteID: shop.Website, LastName: "One", FirstName: "Ann", Email: "a@shop.test",
			Hash: "h1", RemoteUpdatedAt: "2024-01-01 00:00:00", Addresses: addrs}}
	if _, err := rig.Store.ImportCustomers(ctx, o.imp, []store.ImportCustomer{o.c}); err != nil {
		t.Fatal(err)
	}
	if err := d.QueryRowContext(ctx, "SELECT id FROM magento_customers WHERE origin_id = 1").Scan(&o.id); err != nil {
		t.Fatal(err)
	}
	return o
}

// beginSave does what UpdateCustomer does to customer id (keep the base,
// write the edit, mark it waiting to be sent) in a transaction left open.
func beginSave(t *testing.T, d *db.DB, st *store.Store, id int64) *sql.Tx {
	t.Helper()
	ctx := context.Background()
	tx, err := d.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tx.Rollback() })
	if err := st.CaptureBase(ctx, tx, id); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE magento_customers SET first_name = 'Edited', sync_state = sync_state | $1,
		row_version = row_version + 1 WHERE id = $2`, model.SyncPendingSend, id); err != nil {
		t.Fatal(err)
	}
	return tx
}

// waitForLockWait waits until a session of the test's PostgreSQL database
// waits on a lock.
func waitForLockWait(t *testing.T, d *db.DB) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		var n int
		if err := d.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return
		}
	}
	t.Fatal("no session waited on a lock within 30 s")
}
