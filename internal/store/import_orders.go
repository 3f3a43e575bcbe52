package store

import (
	"context"
	"database/sql"
	"fmt"
)

// ImportOrder is a Magento order as the customer page shows it.
type ImportOrder struct {
	OriginID         int64
	CustomerOriginID int64 // 0 for a guest order
	IncrementID      string
	StoreOriginID    int64
	Status, State    string
	GrandTotal       float64
	Currency         string
	RemoteCreatedAt  string // Magento's UTC "Y-m-d H:i:s"
	RemoteUpdatedAt  string
}

// LifetimeExcludedStatus is the order status that does not count towards a
// customer's lifetime value.
const LifetimeExcludedStatus = "canceled"

// ImportOrders upserts a batch of a channel's orders, links them to their
// customers, recomputes those customers' lifetime value (the total of their
// orders that are not canceled) and, when cursor is set, saves it — all in
// one transaction. Orders whose status, total and update time did not
// change are not written.
func (s *Store) ImportOrders(ctx context.Context, channelID int64, orders []ImportOrder, cursor *SyncCursor) (ImportCounts, error) {
	var counts ImportCounts
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		counts = ImportCounts{}
		stored, err := storedOrders(ctx, tx, channelID, orders)
		if err != nil {
			return err
		}
		upsert, err := tx.PrepareContext(ctx, `INSERT INTO magento_orders (channel_id, origin_id, customer_id, customer_origin_id,
			increment_id, store_origin_id, status, state, grand_total, currency, remote_created_at, remote_updated_at)
			VALUES ($1, $2, (SELECT id FROM magento_customers WHERE channel_id = $1 AND origin_id = $3), $4, $5, $6, $7, $8, $9, $10, $11, $12)
			ON CONFLICT (channel_id, origin_id) DO UPDATE SET customer_id = excluded.customer_id,
			customer_origin_id = excluded.customer_origin_id, increment_id = excluded.increment_id,
			store_origin_id = excluded.store_origin_id, status = excluded.status, state = excluded.state,
			grand_total = excluded.grand_total, currency = excluded.currency,
			remote_created_at = excluded.remote_created_at, remote_updated_at = excluded.remote_updated_at`)
		if err != nil {
			return fmt.Errorf("prepare order upsert: %w", err)
		}
		defer upsert.Close()
		customers := map[int64]bool{}
		for _, o := range orders {
			prev, known := stored[o.OriginID]
			if known && prev == orderKey(o) {
				counts.Unchanged++
				continue
			}
			var customer any
			if o.CustomerOriginID != 0 {
				customer = o.CustomerOriginID
				customers[o.CustomerOriginID] = true
			}
			if _, err := upsert.ExecContext(ctx, channelID, o.OriginID, customer, customer, o.IncrementID, o.StoreOriginID,
				o.Status, o.State, o.GrandTotal, o.Currency, o.RemoteCreatedAt, o.RemoteUpdatedAt); err != nil {
				return fmt.Errorf("save order %d: %w", o.OriginID, err)
			}
			if known {
				counts.Updated++
			} else {
				counts.Created++
			}
			stored[o.OriginID] = orderKey(o)
		}
		if err := updateLifetime(ctx, tx, channelID, customers); err != nil {
			return err
		}
		if cursor != nil {
			return saveCursor(ctx, tx, *cursor)
		}
		return nil
	})
	return counts, err
}

// orderKey is what decides whether a stored order must be written again.
func orderKey(o ImportOrder) string {
	return fmt.Sprintf("%s|%.4f|%s|%d", o.Status, o.GrandTotal, o.RemoteUpdatedAt, o.CustomerOriginID)
}

func storedOrders(ctx context.Context, tx *sql.Tx, channelID int64, orders []ImportOrder) (map[int64]string, error) {
	out := make(map[int64]string, len(orders))
	for start := 0; start < len(orders); start += 1000 {
		part := orders[start:min(start+1000, len(orders))]
		args := []any{channelID}
		for _, o := range part {
			args = append(args, o.OriginID)
		}
		rows, err := tx.QueryContext(ctx, `SELECT origin_id, status, grand_total, remote_updated_at, COALESCE(customer_origin_id, 0)
			FROM magento_orders WHERE channel_id = $1 AND origin_id IN (`+placeholders(2, len(part))+")", args...)
		if err != nil {
			return nil, fmt.Errorf("look up imported orders: %w", err)
		}
		for rows.Next() {
			var o ImportOrder
			if err := rows.Scan(&o.OriginID, &o.Status, &o.GrandTotal, &o.RemoteUpdatedAt, &o.CustomerOriginID); err != nil {
				rows.Close()
				return nil, err
			}
			out[o.OriginID] = orderKey(o)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// updateLifetime recomputes the lifetime value and currency of the
// channel's customers with these Magento ids from their stored orders.
func updateLifetime(ctx context.Context, tx *sql.Tx, channelID int64, origins map[int64]bool) error {
	ids := make([]any, 0, len(origins)+1)
	ids = append(ids, channelID)
	for id := range origins {
		ids = append(ids, id)
	}
	for start := 1; start < len(ids); start += 1000 {
		part := append([]any{channelID}, ids[start:min(start+1000, len(ids))]...)
		_, err := tx.ExecContext(ctx, `UPDATE magento_customers SET
			lifetime_value = COALESCE((SELECT SUM(o.grand_total) FROM magento_orders o
				WHERE o.customer_id = magento_customers.id AND o.status <> '`+LifetimeExcludedStatus+`'), 0),
			currency = COALESCE((SELECT o.currency FROM magento_orders o WHERE o.customer_id = magento_customers.id
				ORDER BY o.remote_created_at DESC, o.id DESC LIMIT 1), currency)
			WHERE channel_id = $1 AND origin_id IN (`+placeholders(2, len(part)-1)+")", part...)
		if err != nil {
			return fmt.Errorf("update lifetime values: %w", err)
		}
	}
	return nil
}

// LinkOrphanOrders attaches orders imported before their customer (a
// customer that failed to import then, or came later) to the customer now
// stored with that Magento id, and recomputes those lifetime values.
func (s *Store) LinkOrphanOrders(ctx context.Context, channelID int64) (int, error) {
	var n int
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT DISTINCT o.customer_origin_id FROM magento_orders o
			JOIN magento_customers c ON c.channel_id = o.channel_id AND c.origin_id = o.customer_origin_id
			WHERE o.channel_id = $1 AND o.customer_id IS NULL AND o.customer_origin_id IS NOT NULL`, channelID)
		if err != nil {
			return fmt.Errorf("find orders without their customer: %w", err)
		}
		origins := map[int64]bool{}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			origins[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil || len(origins) == 0 {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE magento_orders SET customer_id = (SELECT c.id FROM magento_customers c
			WHERE c.channel_id = magento_orders.channel_id AND c.origin_id = magento_orders.customer_origin_id)
			WHERE channel_id = $1 AND customer_id IS NULL AND customer_origin_id IS NOT NULL`, channelID)
		if err != nil {
			return fmt.Errorf("link orders to their customers: %w", err)
		}
		affected, _ := res.RowsAffected()
		n = int(affected)
		return updateLifetime(ctx, tx, channelID, origins)
	})
	return n, err
}
