package store_test

import (
	"context"
	"slices"
	"testing"

	"magecrm/internal/acl"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/store"
)

// containsEmail lists the customers whose email contains text, by the
// part before the @.
func containsEmail(t *testing.T, w *customerWorld, text string) []string {
	t.Helper()
	q := store.CustomerQuery{Scope: w.scope(actorOf(w, w.boss, w.root, acl.Organization)), Email: text, EmailMatch: "contains"}
	got, err := w.st.Customers(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	return emails(got)
}

// TestEmailContainsFollowsChanges: the emails' trigram index follows a
// changed and a deleted email.
func TestEmailContainsFollowsChanges(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		w := newCustomerWorld(t, d)
		w.seed(t)
		ctx := context.Background()
		if _, err := d.ExecContext(ctx, "UPDATE magento_customers SET email = 'robert@adams.com' WHERE email = 'bob@adams.com'"); err != nil {
			t.Fatal(err)
		}
		if got := containsEmail(t, w, "bob@"); len(got) != 0 {
			t.Errorf("the old email is still found: %v", got)
		}
		if got := containsEmail(t, w, "ert@ad"); !slices.Equal(got, []string{"robert"}) {
			t.Errorf("the new email: got %v, want [robert]", got)
		}
		if _, err := d.ExecContext(ctx, "DELETE FROM magento_customers WHERE email = 'robert@adams.com'"); err != nil {
			t.Fatal(err)
		}
		if got := containsEmail(t, w, "adams"); !slices.Equal(got, []string{"dan_adams"}) {
			t.Errorf("after the delete: got %v, want [dan_adams]", got)
		}
	})
}

// TestEmailContainsAfterFirstImport: a first import into an empty table
// defers the emails' index with the others; restoring them finds every
// email again and keeps the index in step afterwards.
func TestEmailContainsAfterFirstImport(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		w := newCustomerWorld(t, d)
		ctx := context.Background()
		deferred, err := w.st.DeferCustomerIndexes(ctx)
		if err != nil || !deferred {
			t.Fatalf("defer: %v, %v", deferred, err)
		}
		if d.Dialect == db.SQLite { // the import does not keep the index row by row
			var triggers int
			err := d.QueryRowContext(ctx, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'magento_customer_emails%'").Scan(&triggers)
			if err != nil || triggers != 0 {
				t.Errorf("%d triggers keep the email index during the import (%v)", triggers, err)
			}
		}
		w.seed(t)
		if err := w.st.RestoreCustomerIndexes(ctx, nil); err != nil {
			t.Fatal(err)
		}
		if got := containsEmail(t, w, "adams"); !slices.Equal(got, []string{"bob", "dan_adams"}) {
			t.Errorf("after the import: got %v, want [bob dan_adams]", got)
		}
		w.add(t, seedCustomer{first: "Fay", last: "Adams", email: "fay@adams.org", owner: w.boss, store: w.storeA, group: w.groupGeneral})
		if got := containsEmail(t, w, "adams"); !slices.Equal(got, []string{"bob", "dan_adams", "fay"}) {
			t.Errorf("after a later insert: got %v, want [bob dan_adams fay]", got)
		}
		var left int
		if err := d.QueryRowContext(ctx, "SELECT COUNT(*) FROM deferred_indexes").Scan(&left); err != nil || left != 0 {
			t.Errorf("deferred work left: %d, %v", left, err)
		}
	})
}
