package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
)

// PostgreSQL checks every foreign key of every row COPY inserts with a
// query of its own (a row trigger): seven for a customer and its address.
// In a COPY of 1,000,000 customers and 1,500,000 addresses those checks
// took three quarters of the server's CPU (48 s with them, 12 s without;
// docs/perf-import.md). Every new customer of a batch refers to the same
// few rows — its organization, channel and owner, and a handful of
// websites, stores and groups — and its addresses to customers the batch
// itself inserts. So where the role may (a superuser, or one granted
// `SET ON PARAMETER session_replication_role`), a batch checks and locks
// those few rows once, as the triggers would for each row (FOR KEY
// SHARE: nobody deletes them before the batch commits; deleting them later
// meets the constraints, which stay), and COPYs with the row triggers off.

// rowTriggersOff turns off the row triggers (the foreign-key checks) and
// user triggers for the rest of the transaction, or until
// rowTriggersOn, when the role may; it reports whether it did. The
// caller must then do what the triggers do: check the references
// (lockReferences) and count the customers (addCustomerCount).
func rowTriggersOff(ctx context.Context, tx *sql.Tx) (bool, error) {
	if _, err := tx.ExecContext(ctx, "SAVEPOINT import_triggers"); err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, "SET LOCAL session_replication_role = replica"); err != nil {
		// Not permitted: keep the triggers.
		if _, rerr := tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT import_triggers"); rerr != nil {
			return false, rerr
		}
		return false, nil
	}
	_, err := tx.ExecContext(ctx, "RELEASE SAVEPOINT import_triggers")
	return err == nil, err
}

// rowTriggersOn turns the triggers on again for the rest of the
// transaction.
func rowTriggersOn(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, "SET LOCAL session_replication_role = origin")
	return err
}

// lockReferences does for a batch of new customers what the foreign-key
// triggers do for each: it finds the rows they refer to and locks them
// FOR KEY SHARE until the transaction ends, and fails, naming the first
// missing one, when any is not there.
func lockReferences(ctx context.Context, tx *sql.Tx, imp CustomerImport, recs []*ImportCustomer) error {
	refs := []struct {
		table, what string
		ids         []int64
	}{
		{"organizations", "organization", []int64{imp.OrganizationID}},
		{"channels", "channel", []int64{imp.ChannelID}},
		{"users", "owner", []int64{imp.OwnerID}},
		{"magento_websites", "website", nil},
		{"magento_stores", "store view", nil},
		{"magento_customer_groups", "customer group", nil},
	}
	for _, c := range recs {
		for i, id := range []int64{c.WebsiteID, c.StoreID, c.GroupID} {
			if id != 0 && !slices.Contains(refs[3+i].ids, id) {
				refs[3+i].ids = append(refs[3+i].ids, id)
			}
		}
	}
	for _, r := range refs {
		if len(r.ids) == 0 {
			continue
		}
		rows, err := tx.QueryContext(ctx, "SELECT id FROM "+r.table+" WHERE id = ANY($1) ORDER BY id FOR KEY SHARE", r.ids)
		if err != nil {
			return fmt.Errorf("lock the customers' %s: %w", r.what, err)
		}
		found := map[int64]bool{}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			found[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("lock the customers' %s: %w", r.what, err)
		}
		for _, id := range r.ids {
			if !found[id] {
				return fmt.Errorf("import customers: their %s (id %d) no longer exists", r.what, id)
			}
		}
	}
	return nil
}
