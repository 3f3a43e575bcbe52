package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// acquire takes or renews queue's lease for holder until now+ttl, when
// nobody else holds it or their lease ran out (their process died). One
// conditional upsert decides, so two processes cannot both win.
func acquire(ctx context.Context, db *sql.DB, queue, holder string, now time.Time, ttl time.Duration) (bool, error) {
	res, err := db.ExecContext(ctx, `INSERT INTO job_leases (queue, holder, expires_at) VALUES ($1, $2, $3)
		ON CONFLICT (queue) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
		WHERE job_leases.expires_at < $4 OR job_leases.holder = excluded.holder`,
		queue, holder, millis(now.Add(ttl)), millis(now))
	if err != nil {
		return false, fmt.Errorf("take lease of %s: %w", queue, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// release gives up holder's lease, if it still has it.
func release(ctx context.Context, db *sql.DB, queue, holder string) error {
	_, err := db.ExecContext(ctx, "DELETE FROM job_leases WHERE queue = $1 AND holder = $2", queue, holder)
	if err != nil {
		return fmt.Errorf("release lease of %s: %w", queue, err)
	}
	return nil
}

// Holder returns who works queue now, or "" when nobody holds a live lease.
func Holder(ctx context.Context, q Execer, queue string, now time.Time) (string, error) {
	var holder string
	err := q.QueryRowContext(ctx, "SELECT holder FROM job_leases WHERE queue = $1 AND expires_at >= $2", queue, millis(now)).Scan(&holder)
	if err == sql.ErrNoRows {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read lease of %s: %w", queue, err)
	}
	return holder, nil
}
