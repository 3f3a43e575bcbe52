package store

import (
	"context"
	"database/sql"
	"fmt"

	"magecrm/internal/db"
)

// copyCustomers writes new customers and their addresses with PostgreSQL's
// COPY, its bulk path. The batch has already looked every one of them up
// (under the channel's lease, so no other importer adds them meanwhile),
// so nothing needs merging: their ids are drawn from the table's identity
// sequence first, the customers go straight in with them, and their
// addresses follow in a second COPY. A customer that exists after all
// still fails the unique index, as an INSERT would.
func copyCustomers(ctx context.Context, tx *sql.Tx, conn *sql.Conn, imp CustomerImport, recs []*ImportCustomer) error {
	ids, err := newCustomerIDs(ctx, tx, len(recs))
	if err != nil {
		return err
	}
	now := millis(imp.Now)
	cols := append(append([]string{"id", "organization_id", "channel_id", "origin_id"}, customerDataColumns...),
		"remote_hash", "owner_user_id", "created_at", "updated_at", "imported_at", "synced_at")
	err = db.CopyRows(ctx, conn, "magento_customers", cols, len(recs), func(i int) ([]any, error) {
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
