package jobs

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
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

// takeOver moves a lease from a holder known to be gone to holder, if from
// still has it.
func takeOver(ctx context.Context, db *sql.DB, queue, from, holder string, now time.Time, ttl time.Duration) (bool, error) {
	res, err := db.ExecContext(ctx, "UPDATE job_leases SET holder = $1, expires_at = $2 WHERE queue = $3 AND holder = $4",
		holder, millis(now.Add(ttl)), queue, from)
	if err != nil {
		return false, fmt.Errorf("take over lease of %s: %w", queue, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// holderOf returns who holds queue's lease, live or not, or "".
func holderOf(ctx context.Context, db *sql.DB, queue string) (string, error) {
	var holder string
	err := db.QueryRowContext(ctx, "SELECT holder FROM job_leases WHERE queue = $1", queue).Scan(&holder)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return holder, err
}

// NewHolder names a lease holder as "host:pid:random", so that a process
// can tell that a holder of its own machine is gone (see Gone).
func NewHolder() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s:%d:%s", host, os.Getpid(), rand.Text()[:8])
}

// Gone reports whether a lease holder named by NewHolder is a process of
// this machine that no longer exists (killed, crashed): its lease may be
// taken over at once rather than after it runs out.
func Gone(holder string) bool {
	parts := strings.Split(holder, ":")
	host, _ := os.Hostname()
	if len(parts) < 3 || parts[0] != host {
		return false
	}
	pid, err := strconv.Atoi(parts[1])
	if err != nil || pid <= 0 || pid == os.Getpid() {
		return false
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return true
	}
	return p.Signal(syscall.Signal(0)) != nil
}
