package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Job states.
const (
	Pending = "pending" // waiting for its time (run_at)
	Running = "running" // a worker has it
	Failed  = "failed"  // refused for good; waits for a person or a new change
)

// ErrNotFound means no open job has that key.
var ErrNotFound = errors.New("jobs: no such job")

// Job is one piece of work.
type Job struct {
	ID      int64
	Queue   string
	Key     string
	Kind    string
	Payload string
	State   string
	// Attempts counts the runs so far, the current one included.
	Attempts  int
	RunAt     time.Time
	LastError string
	UpdatedAt time.Time
}

// Execer is a transaction or a database.
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func millis(t time.Time) int64 { return t.UnixMilli() }

// Enqueue records work of kind on key in queue, due now, inside tx. When
// the key already has an open job, that job is updated instead: a waiting
// or failed one becomes due now with the new payload (a failed one starts
// its attempts again), and a running one is marked to run once more when
// it ends.
func Enqueue(ctx context.Context, tx Execer, queue, key, kind, payload string, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO jobs (queue, job_key, kind, payload, state, run_at, created_at, updated_at)
		VALUES ($1, $2, $3, $4, 'pending', $5, $5, $5)
		ON CONFLICT (queue, job_key) DO UPDATE SET kind = excluded.kind, payload = excluded.payload,
			again = jobs.state = 'running',
			state = CASE WHEN jobs.state = 'running' THEN 'running' ELSE 'pending' END,
			attempts = CASE WHEN jobs.state = 'failed' THEN 0 ELSE jobs.attempts END,
			run_at = excluded.run_at, updated_at = excluded.updated_at`,
		queue, key, kind, payload, millis(now))
	if err != nil {
		return fmt.Errorf("enqueue %s %s: %w", queue, key, err)
	}
	return nil
}

const jobColumns = "id, queue, job_key, kind, payload, state, attempts, run_at, last_error, updated_at"

func scanJob(sc interface{ Scan(...any) error }) (Job, error) {
	var j Job
	var runAt, updated int64
	err := sc.Scan(&j.ID, &j.Queue, &j.Key, &j.Kind, &j.Payload, &j.State, &j.Attempts, &runAt, &j.LastError, &updated)
	j.RunAt, j.UpdatedAt = time.UnixMilli(runAt), time.UnixMilli(updated)
	return j, err
}

// Lookup returns the open job on key, or ErrNotFound.
func Lookup(ctx context.Context, q Execer, queue, key string) (*Job, error) {
	j, err := scanJob(q.QueryRowContext(ctx, "SELECT "+jobColumns+" FROM jobs WHERE queue = $1 AND job_key = $2", queue, key))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("look up job %s %s: %w", queue, key, err)
	}
	return &j, nil
}

// Count counts the open jobs of a queue per state.
func Count(ctx context.Context, q Execer, queue string) (map[string]int, error) {
	rows, err := q.QueryContext(ctx, "SELECT state, COUNT(*) FROM jobs WHERE queue = $1 GROUP BY state", queue)
	if err != nil {
		return nil, fmt.Errorf("count jobs of %s: %w", queue, err)
	}
	defer rows.Close()
	n := map[string]int{}
	for rows.Next() {
		var st string
		var c int
		if err := rows.Scan(&st, &c); err != nil {
			return nil, err
		}
		n[st] = c
	}
	return n, rows.Err()
}

// RetryNow makes a failed or waiting job on key due now, its attempts
// counted from zero again. It reports false when key has no such job.
func RetryNow(ctx context.Context, q Execer, queue, key string, now time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE jobs SET state = 'pending', attempts = 0, run_at = $1, updated_at = $1
		WHERE queue = $2 AND job_key = $3 AND state <> 'running'`, millis(now), queue, key)
	if err != nil {
		return false, fmt.Errorf("retry job %s %s: %w", queue, key, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// DeleteQueue removes every job and the lease of a queue whose subject is
// gone (a deleted channel).
func DeleteQueue(ctx context.Context, q Execer, queue string) error {
	if _, err := q.ExecContext(ctx, "DELETE FROM jobs WHERE queue = $1", queue); err != nil {
		return fmt.Errorf("delete jobs of %s: %w", queue, err)
	}
	if _, err := q.ExecContext(ctx, "DELETE FROM job_leases WHERE queue = $1", queue); err != nil {
		return fmt.Errorf("delete lease of %s: %w", queue, err)
	}
	return nil
}
