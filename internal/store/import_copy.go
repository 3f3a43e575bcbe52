package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"magecrm/internal/db"
)

// copyCustomers writes new customers and their addresses with PostgreSQL's
// COPY, its bulk path. The batch has already looked every one of them up
// (under the channel's lease, so no other importer adds them meanwhile),
// so nothing needs merging: their ids are drawn from the table's identity
// sequence first, the customers go straight in with them, and their
// addresses follow in a second COPY. A customer that exists after all
// still fails the unique index, as an INSERT would. Where the role may,
// the COPYs run without the row triggers (see rowTriggersOff), and it
// reports so: the caller counts the customers then.
func (s *Store) copyCustomers(ctx context.Context, tx *sql.Tx, conn *sql.Conn, imp CustomerImport, recs []*ImportCustomer) (bool, error) {
	ids, err := newCustomerIDs(ctx, tx, len(recs))
	if err != nil {
		return false, err
	}
	off, err := s.rowTriggersOff(ctx, tx)
	if err != nil {
		return false, err
	}
	if off {
		if err := lockReferences(ctx, tx, imp, recs); err != nil {
			return false, err
		}
	}
	if err := copyNewRows(ctx, conn, imp, ids, recs); err != nil {
		return false, err
	}
	if off {
		return true, rowTriggersOn(ctx, tx)
	}
	return false, nil
}

// copyNewRows COPYs new customers with the ids drawn for them, then their
// addresses.
func copyNewRows(ctx context.Context, conn *sql.Conn, imp CustomerImport, ids []int64, recs []*ImportCustomer) error {
	now := millis(imp.Now)
	cols := append(append([]string{"id", "organization_id", "channel_id", "origin_id"}, customerDataColumns...),
		"remote_hash", "owner_user_id", "created_at", "updated_at", "imported_at", "synced_at")
	err := db.CopyRows(ctx, conn, "magento_customers", cols, len(recs), func(i int) ([]any, error) {
		c := recs[i]
		row := make([]any, 0, len(cols))
		row = append(row, ids[i], imp.OrganizationID, imp.ChannelID, c.OriginID)
		row = append(row, c.values()...)
		return append(row, c.Hash, imp.OwnerID, now, now, now, now), nil
	})
	if err != nil {
		return err
	}
	var addrs []addressRow
	for i, c := range recs {
		for j := range c.Addresses {
			addrs = append(addrs, addressRow{ids[i], &c.Addresses[j]})
		}
	}
	if len(addrs) == 0 {
		return nil
	}
	return db.CopyRows(ctx, conn, "magento_addresses", append([]string{"customer_id"}, addressColumns...), len(addrs),
		func(i int) ([]any, error) { return append([]any{addrs[i].customerID}, addrs[i].a.values()...), nil })
}

// newCustomerIDs draws n ids from magento_customers' identity sequence.
func newCustomerIDs(ctx context.Context, tx *sql.Tx, n int) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, "SELECT nextval(pg_get_serial_sequence('magento_customers', 'id')) FROM generate_series(1, $1)", n)
	if err != nil {
		return nil, fmt.Errorf("draw customer ids: %w", err)
	}
	defer rows.Close()
	ids := make([]int64, 0, n)
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("draw customer ids: %w", err)
	}
	return ids, nil
}

// mergeChangedCustomers rewrites changed customers on PostgreSQL set-based:
// the batch goes by COPY into a staging table that lives until the batch
// commits, and one UPDATE … FROM merges it; their addresses likewise, with
// one DELETE of those Magento no longer has and one INSERT … ON CONFLICT of
// the rest. The audit entries and the cursor are written by the caller in
// the same transaction.
func mergeChangedCustomers(ctx context.Context, tx *sql.Tx, conn *sql.Conn, now int64, recs []changedCustomer, addrs []addressRow) error {
	if len(recs) == 0 {
		return nil
	}
	cols := append([]string{"id", "origin_id", "remote_hash"}, customerDataColumns...)
	err := stageRows(ctx, tx, conn, "import_changed", "magento_customers", cols, len(recs), func(i int) ([]any, error) {
		r := recs[i]
		return append([]any{r.id, r.c.OriginID, r.c.Hash}, r.vals...), nil
	})
	if err != nil {
		return err
	}
	sets := make([]string, 0, len(cols))
	for _, c := range cols[1:] {
		if keepWhenUnsaid(c) {
			sets = append(sets, c+" = COALESCE(s."+c+", m."+c+")")
			continue
		}
		sets = append(sets, c+" = s."+c)
	}
	if _, err := tx.ExecContext(ctx, "UPDATE magento_customers m SET "+strings.Join(sets, ", ")+
		", updated_at = $1, synced_at = $1, "+importedState+" FROM import_changed s WHERE m.id = s.id", now); err != nil {
		return fmt.Errorf("merge changed customers: %w", err)
	}
	acols := append([]string{"customer_id"}, addressColumns...)
	err = stageRows(ctx, tx, conn, "import_changed_addresses", "magento_addresses", acols, len(addrs), func(i int) ([]any, error) {
		return append([]any{addrs[i].customerID}, addrs[i].a.values()...), nil
	})
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM magento_addresses a USING import_changed s
		WHERE a.customer_id = s.id AND a.origin_id IS NOT NULL AND NOT EXISTS (
			SELECT 1 FROM import_changed_addresses n WHERE n.customer_id = a.customer_id AND n.origin_id = a.origin_id)`); err != nil {
		return fmt.Errorf("remove addresses deleted in Magento: %w", err)
	}
	if len(addrs) == 0 {
		return nil
	}
	asets := make([]string, 0, len(addressColumns))
	for _, c := range addressColumns[1:] {
		asets = append(asets, c+" = excluded."+c)
	}
	list := strings.Join(acols, ", ")
	if _, err := tx.ExecContext(ctx, "INSERT INTO magento_addresses ("+list+") SELECT "+list+
		" FROM import_changed_addresses ON CONFLICT (customer_id, origin_id) DO UPDATE SET "+strings.Join(asets, ", ")); err != nil {
		return fmt.Errorf("merge addresses: %w", err)
	}
	return nil
}

// stageRows creates a temporary table with columns cols of table, dropped
// when the transaction ends, and COPYs n rows into it.
func stageRows(ctx context.Context, tx *sql.Tx, conn *sql.Conn, stage, table string, cols []string, n int, row func(i int) ([]any, error)) error {
	if _, err := tx.ExecContext(ctx, "CREATE TEMPORARY TABLE "+stage+" ON COMMIT DROP AS SELECT "+strings.Join(cols, ", ")+
		" FROM "+table+" WITH NO DATA"); err != nil {
		return fmt.Errorf("create %s: %w", stage, err)
	}
	if n == 0 {
		return nil
	}
	return db.CopyRows(ctx, conn, stage, cols, n, row)
}
