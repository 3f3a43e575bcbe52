package store

import (
	"context"
	"database/sql"
	"fmt"

	"magecrm/internal/db"
)

// countTrigger counts each inserted customer in magento_customer_counts,
// the grid's total. On SQLite it runs once per row, an upsert that cost
// about 6 µs a customer (as much again as inserting the row), so a first
// import defers it with the indexes: its batches add their new customers
// to the counts themselves (importedCounts), and restoring the trigger
// counts every customer again, so whatever else was inserted meanwhile is
// counted too.
const countTrigger = "magento_customer_counts_insert"

// deferCountTrigger saves the count trigger's definition among the
// deferred indexes and drops it; it reports false when there is none
// (deferred already, or taken off by a benchmark).
func deferCountTrigger(ctx context.Context, tx *sql.Tx, d db.Dialect) (bool, error) {
	q := "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = $1"
	drop := "DROP TRIGGER " + countTrigger
	if d == db.Postgres {
		q = "SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgname = $1 AND tgrelid = 'magento_customers'::regclass"
		drop += " ON magento_customers"
	}
	var def string
	switch err := tx.QueryRowContext(ctx, q, countTrigger).Scan(&def); {
	case err == sql.ErrNoRows:
		return false, nil
	case err != nil:
		return false, fmt.Errorf("read the customer count trigger: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO deferred_indexes (name, definition) VALUES ($1, $2)", countTrigger, def); err != nil {
		return false, fmt.Errorf("save the customer count trigger: %w", err)
	}
	if _, err := tx.ExecContext(ctx, drop); err != nil {
		return false, fmt.Errorf("drop the customer count trigger: %w", err)
	}
	return true, nil
}

// restoreCountTrigger creates the count trigger again from def and counts
// every customer, in one transaction. On PostgreSQL creating the trigger
// locks out other writers of magento_customers until the commit, so no
// customer is inserted between the count and the trigger.
func restoreCountTrigger(ctx context.Context, conn *sql.Conn, def string) error {
	err := connTx(ctx, conn, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM deferred_indexes WHERE name = $1", countTrigger)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // another process restored it meanwhile
		}
		for _, q := range []string{def, "DELETE FROM magento_customer_counts",
			`INSERT INTO magento_customer_counts (organization_id, owner_user_id, n)
				SELECT organization_id, owner_user_id, COUNT(*) FROM magento_customers GROUP BY organization_id, owner_user_id`} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("restore the customer count trigger: %w", err)
	}
	return nil
}

// importedCounts says whether a batch must count the customers it inserts
// itself: while the count trigger is deferred. On PostgreSQL the batch
// holds the deferral (FOR SHARE) until it commits, so the trigger cannot
// come back between this answer and its inserts.
func importedCounts(ctx context.Context, tx *sql.Tx, d db.Dialect) (bool, error) {
	q := "SELECT COUNT(*) FROM deferred_indexes WHERE name = $1"
	if d == db.Postgres {
		q = "SELECT COUNT(*) FROM (SELECT 1 FROM deferred_indexes WHERE name = $1 FOR SHARE) x"
	}
	var n int
	if err := tx.QueryRowContext(ctx, q, countTrigger).Scan(&n); err != nil {
		return false, fmt.Errorf("look up the customer count trigger: %w", err)
	}
	return n > 0, nil
}

// addCustomerCount adds n customers of one owner to the counts, as the
// count trigger would have.
func addCustomerCount(ctx context.Context, tx *sql.Tx, orgID, ownerID int64, n int) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO magento_customer_counts (organization_id, owner_user_id, n) VALUES ($1, $2, $3)
		ON CONFLICT (organization_id, owner_user_id) DO UPDATE SET n = magento_customer_counts.n + excluded.n`, orgID, ownerID, n)
	if err != nil {
		return fmt.Errorf("count imported customers: %w", err)
	}
	return nil
}
