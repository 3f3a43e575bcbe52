package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"time"

	"magecrm/internal/model"
)

// StoredHash is what reconciliation compares of a stored customer.
type StoredHash struct {
	ID        int64
	Hash      string
	SyncState int
}

// CustomerHashes returns the hash and sync state of the channel's customers
// with after < Magento id <= through, by Magento id. With a Magento website
// id (not model.AllWebsites) only that website's customers count: the
// customers of websites a channel no longer reads are not "removed in
// Magento".
func (s *Store) CustomerHashes(ctx context.Context, channelID, after, through, website int64) (map[int64]StoredHash, error) {
	if through <= 0 {
		through = math.MaxInt64
	}
	q := `SELECT origin_id, id, remote_hash, sync_state FROM magento_customers
		WHERE channel_id = $1 AND origin_id > $2 AND origin_id <= $3`
	args := []any{channelID, after, through}
	if website > 0 { // as the sources read it: 0 and AllWebsites mean every website
		q += " AND website_id IN (SELECT id FROM magento_websites WHERE channel_id = $1 AND origin_id = $4)"
		args = append(args, website)
	}
	// Reconciliation reads every customer of the channel, window by
	// window: without the file's mapping, so that the pages read do not
	// stay in the process's RSS (limitMapping).
	conn, err := s.DB.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("load customer hashes: %w", err)
	}
	defer conn.Close()
	release, err := limitMapping(ctx, conn, s.DB.Dialect, 0)
	if err != nil {
		return nil, fmt.Errorf("load customer hashes: %w", err)
	}
	defer release()
	rows, err := conn.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("load customer hashes: %w", err)
	}
	defer rows.Close()
	out := map[int64]StoredHash{}
	for rows.Next() {
		var origin int64
		var h StoredHash
		if err := rows.Scan(&origin, &h.ID, &h.Hash, &h.SyncState); err != nil {
			return nil, err
		}
		out[origin] = h
	}
	return out, rows.Err()
}

// MarkRemovedInMagento sets "removed in Magento" on the channel's customers
// with these Magento ids, with their customer.removed_in_magento webhook
// events in the same transaction. They are kept, never deleted. It returns
// how many were newly marked.
func (s *Store) MarkRemovedInMagento(ctx context.Context, channelID int64, origins []int64, now time.Time) (int, error) {
	marked := 0
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		marked = 0
		var orgID int64
		if err := tx.QueryRowContext(ctx, "SELECT organization_id FROM channels WHERE id = $1", channelID).Scan(&orgID); err != nil {
			return notFound(err, "load channel")
		}
		targets, err := webhookTargets(ctx, tx, orgID, model.EventCustomerRemoved)
		if err != nil {
			return err
		}
		for start := 0; start < len(origins); start += 1000 {
			part := origins[start:min(start+1000, len(origins))]
			args := []any{channelID, millis(now)}
			for _, id := range part {
				args = append(args, id)
			}
			rows, err := tx.QueryContext(ctx, fmt.Sprintf(`UPDATE magento_customers SET sync_state = sync_state | %d, password_sealed = '', updated_at = $2
				WHERE channel_id = $1 AND sync_state & %d = 0 AND origin_id IN (`, model.SyncRemovedRemote, model.SyncRemovedRemote)+
				placeholders(3, len(part))+") RETURNING id, origin_id, email", args...)
			if err != nil {
				return fmt.Errorf("mark customers removed in Magento: %w", err)
			}
			var events []any
			for rows.Next() {
				e := CustomerEvent{ChannelID: channelID}
				if err := rows.Scan(&e.ID, &e.OriginID, &e.Email); err != nil {
					rows.Close()
					return err
				}
				events = append(events, e)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			marked += len(events)
			if len(targets) > 0 {
				if err := queueDeliveries(ctx, tx, targets, model.EventCustomerRemoved, events, now); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return marked, err
}
