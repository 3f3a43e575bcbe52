package store_test

import (
	"context"
	"testing"
	"time"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

// A send reads a customer waiting with a person's edit; before Magento
// answers, an import finds Magento already holds the edited value: the
// merge writes no field, replaces the base and leaves nothing to send.
// Magento then refuses the send for good. The customer is not marked
// failed with Magento's message: nothing of it is left to send.
func TestAFinalRefusalAfterAMergeThatLeftNothingToSendIsNotRecorded(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		o := importOne(t, d, false)
		st, imp, c, id := o.rig.Store, o.imp, o.c, o.id
		if err := beginSave(t, d, st, id).Commit(); err != nil { // first name "Edited", waiting to be sent
			t.Fatal(err)
		}
		sent := pushRead(t, st, id)

		same := c
		same.FirstName, same.Hash, same.RemoteUpdatedAt = "Edited", "h2", "2024-01-02 00:00:00"
		next := imp
		next.Now = imp.Now.Add(time.Minute)
		if _, err := st.ImportCustomers(ctx, next, []store.ImportCustomer{same}); err != nil {
			t.Fatal(err)
		}
		if s := pushRead(t, st, id).SyncState; s&model.SyncPendingSend != 0 {
			t.Fatalf("sync state %b after a merge that left nothing to send still waits", s)
		}

		tx, err := d.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		if err := st.RecordPushFailure(ctx, tx, id, store.PushFailure{Message: "Magento refused the customer: no.", Final: true,
			Sent: sent}); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		var state int
		var syncError string
		if err := d.QueryRowContext(ctx, "SELECT sync_state, sync_error FROM magento_customers WHERE id = $1", id).Scan(&state, &syncError); err != nil {
			t.Fatal(err)
		}
		if state&model.SyncFailed != 0 || syncError != "" {
			t.Errorf("sync state %b, error %q after a refusal of a send with nothing left to send, want neither failed nor a message", state, syncError)
		}
	})
}
