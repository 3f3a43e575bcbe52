package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// AcquireLease takes the lease on a channel's connector for holder until
// now+ttl, when nobody holds it or the holder's lease has run out (its
// process died). It reports whether holder has the lease. One conditional
// upsert decides, so two processes on one database cannot both win.
func (s *Store) AcquireLease(ctx context.Context, channelID int64, connector, holder string, now time.Time, ttl time.Duration) (bool, error) {
	res, err := s.DB.ExecContext(ctx, `INSERT INTO sync_leases (channel_id, connector, holder, expires_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (channel_id, connector) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
		WHERE sync_leases.expires_at < $5 OR sync_leases.holder = excluded.holder`,
		channelID, connector, holder, millis(now.Add(ttl)), millis(now))
	if err != nil {
		return false, fmt.Errorf("take sync lease: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// RenewLease extends holder's lease to now+ttl. It reports false when the
// lease is no longer holder's (it ran out and another process took it).
func (s *Store) RenewLease(ctx context.Context, channelID int64, connector, holder string, now time.Time, ttl time.Duration) (bool, error) {
	res, err := s.DB.ExecContext(ctx, "UPDATE sync_leases SET expires_at = $1 WHERE channel_id = $2 AND connector = $3 AND holder = $4",
		millis(now.Add(ttl)), channelID, connector, holder)
	if err != nil {
		return false, fmt.Errorf("renew sync lease: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ReleaseLease gives up holder's lease, if it still has it.
func (s *Store) ReleaseLease(ctx context.Context, channelID int64, connector, holder string) error {
	_, err := s.DB.ExecContext(ctx, "DELETE FROM sync_leases WHERE channel_id = $1 AND connector = $2 AND holder = $3",
		channelID, connector, holder)
	if err != nil {
		return fmt.Errorf("release sync lease: %w", err)
	}
	return nil
}

// LeaseHolder returns who holds a channel connector's lease, or "".
func (s *Store) LeaseHolder(ctx context.Context, channelID int64, connector string) (string, error) {
	var holder string
	err := s.DB.QueryRowContext(ctx, "SELECT holder FROM sync_leases WHERE channel_id = $1 AND connector = $2", channelID, connector).Scan(&holder)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read sync lease: %w", err)
	}
	return holder, nil
}

// TakeOverLease moves a lease from a holder known to be dead to holder,
// if from still has it. It reports whether holder has the lease.
func (s *Store) TakeOverLease(ctx context.Context, channelID int64, connector, from, holder string, now time.Time, ttl time.Duration) (bool, error) {
	res, err := s.DB.ExecContext(ctx, "UPDATE sync_leases SET holder = $1, expires_at = $2 WHERE channel_id = $3 AND connector = $4 AND holder = $5",
		holder, millis(now.Add(ttl)), channelID, connector, from)
	if err != nil {
		return false, fmt.Errorf("take over sync lease: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
