package jobs

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"math"
	mrand "math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Result is what a handler made of a job. Build it with Done, Retry or Fail.
type Result struct {
	err   error
	retry bool
	after time.Duration
	// record writes the handler's outcome in the transaction that also
	// closes the job, so the two never disagree.
	record func(ctx context.Context, tx *sql.Tx) error
	// outcome, for the Worker's RecordGroup, is written with the outcomes
	// of the other jobs recorded in the same transaction.
	outcome any
}

// Done closes the job; record (may be nil) writes the outcome with it.
func Done(record func(context.Context, *sql.Tx) error) Result { return Result{record: record} }

// DoneWith closes the job; the Worker's RecordGroup writes outcome
// together with the outcomes of the jobs recorded with it.
func DoneWith(outcome any) Result { return Result{outcome: outcome} }

// Retry runs the job again after a wait: after, when > 0 (e.g. the
// server's Retry-After), else a backoff that grows with the attempts.
func Retry(err error, after time.Duration, record func(context.Context, *sql.Tx) error) Result {
	return Result{err: err, retry: true, after: after, record: record}
}

// Fail keeps the job as failed with err's text, for a person to see and
// retry, unless a new change came while it ran (then it runs again).
func Fail(err error, record func(context.Context, *sql.Tx) error) Result {
	return Result{err: err, record: record}
}

// Worker works one queue while it holds the queue's lease.
type Worker struct {
	DB    *sql.DB
	Queue string
	// Handle does one job. It runs on at most Concurrency jobs at once,
	// never on two jobs of one key.
	Handle func(ctx context.Context, j Job) Result
	// PrepareBatch, when set, is called once with all the jobs of a batch
	// when they are claimed, before any is prepared or started: the handler
	// may read what they need that the record step checks again anyway
	// (rows with a version) in one go. Its ctx ends as Prepare's does.
	PrepareBatch func(ctx context.Context, js []Job)
	// Prepare, when set, is called with each round of the jobs claimed
	// (Concurrency of them, in the order they run) shortly before they
	// are started: once every job of the round before has been taken by a
	// handler, while those run, never earlier, so the handler may read
	// what they need in one go, shortly before it needs it. Its ctx ends
	// after a third of LeaseTTL (the lease is renewed meanwhile).
	Prepare func(ctx context.Context, js []Job)
	// RecordGroup writes the outcomes handlers gave to DoneWith, all those
	// of a group of finished jobs at once, in the transaction that closes
	// their jobs. It must be set when a handler uses DoneWith.
	RecordGroup func(ctx context.Context, tx *sql.Tx, outcomes []any) error
	// Concurrency is how many jobs run at once (default 4).
	Concurrency int
	// Poll is the longest wait between looks at the queue when nobody
	// wakes the worker (default 2s): work enqueued by another process is
	// picked within it.
	Poll time.Duration
	// LeaseTTL is how long the lease lasts unless renewed (default 30s).
	LeaseTTL time.Duration
	// MaxBackoff bounds the wait between attempts (default 5m).
	MaxBackoff time.Duration
	Now        func() time.Time
	Log        *slog.Logger

	once   sync.Once
	wake   chan struct{}
	holder string
}

// outcome is a handled job waiting to be recorded.
type outcome struct {
	j Job
	r Result
}

func (w *Worker) defaults() {
	w.once.Do(func() {
		if w.Concurrency <= 0 {
			w.Concurrency = 4
		}
		if w.Poll <= 0 {
			w.Poll = 2 * time.Second
		}
		if w.LeaseTTL <= 0 {
			w.LeaseTTL = 30 * time.Second
		}
		if w.MaxBackoff <= 0 {
			w.MaxBackoff = 5 * time.Minute
		}
		if w.Now == nil {
			w.Now = time.Now
		}
		if w.Log == nil {
			w.Log = slog.New(slog.DiscardHandler)
		}
		w.wake = make(chan struct{}, 1)
		w.holder = NewHolder()
	})
}

// Wake makes a waiting worker look at its queue now (after a save).
func (w *Worker) Wake() {
	w.defaults()
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// Run works the queue until ctx ends. Without the lease it waits and tries
// again; with it, it works every due job, then waits for Wake or Poll.
func (w *Worker) Run(ctx context.Context) {
	w.defaults()
	defer func() {
		if err := release(context.WithoutCancel(ctx), w.DB, w.Queue, w.holder); err != nil {
			w.Log.Warn("release job lease", "queue", w.Queue, "err", err)
		}
	}()
	for ctx.Err() == nil {
		n, err := w.batch(ctx)
		if err != nil && ctx.Err() == nil {
			w.Log.Warn("work queue", "queue", w.Queue, "err", err)
		}
		if n > 0 {
			continue // more may be due
		}
		t := time.NewTimer(w.Poll)
		select {
		case <-ctx.Done():
		case <-w.wake:
		case <-t.C:
		}
		t.Stop()
	}
}

// RunOnce works every job due now, if the lease can be had, then gives
// the lease up, and returns how many jobs it ran. Tests and the command
// line use it.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	w.defaults()
	defer release(context.WithoutCancel(ctx), w.DB, w.Queue, w.holder)
	total := 0
	for {
		n, err := w.batch(ctx)
		total += n
		if err != nil || n == 0 {
			return total, err
		}
	}
}

// claimRounds is how many rounds of Concurrency jobs a batch claims: enough
// that the batch's fixed costs (the lease, the claim, the last jobs
// running with fewer at once) weigh little on each job.
const claimRounds = 16

// batch takes (or renews) the lease, puts back jobs left running by a
// holder that stopped, claims up to a few rounds of Concurrency due jobs
// and runs them, each round prepared shortly before it starts.
func (w *Worker) batch(ctx context.Context) (int, error) {
	ok, err := w.takeLease(ctx)
	if err != nil || !ok {
		return 0, err
	}
	// Nothing of this worker runs between batches: a running job is one
	// whose worker died (or failed to record it) and must run again.
	if _, err := w.DB.ExecContext(ctx, "UPDATE jobs SET state = 'pending' WHERE queue = $1 AND state = 'running'", w.Queue); err != nil {
		return 0, fmt.Errorf("put back interrupted jobs of %s: %w", w.Queue, err)
	}
	claimed, err := w.claim(ctx, claimRounds*w.Concurrency)
	if err != nil || len(claimed) == 0 {
		return 0, err
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	stop := w.keepLease(ctx, cancel)
	defer stop()
	outcomes := make(chan outcome, len(claimed))
	recorded := make(chan struct{})
	go func() { defer close(recorded); w.record(context.WithoutCancel(ctx), outcomes) }()
	w.prepare(ctx, w.PrepareBatch, claimed)
	// A handler that finishes takes the next job at once (no round waits
	// for the slowest job of the one before). A round is prepared once the
	// round before it has all been taken, while it runs: never more than
	// one round ahead, so what a round reads is at most about one job's
	// time old when its jobs start, however slow the jobs are.
	next := make(chan Job)
	go func() {
		defer close(next)
		for round := range slices.Chunk(claimed, w.Concurrency) {
			w.prepare(ctx, w.Prepare, round)
			for _, j := range round {
				next <- j
			}
		}
	}()
	var wg sync.WaitGroup
	for range w.Concurrency {
		wg.Go(func() {
			for j := range next {
				outcomes <- outcome{j, w.Handle(ctx, j)}
			}
		})
	}
	wg.Wait()
	close(outcomes)
	<-recorded
	return len(claimed), context.Cause(ctx)
}

// prepare calls f (PrepareBatch or Prepare, if set) on jobs, bounded well
// under the lease.
func (w *Worker) prepare(ctx context.Context, f func(context.Context, []Job), js []Job) {
	if f == nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, w.LeaseTTL/3)
	defer cancel()
	f(ctx, js)
}

// groupWait is how long an outcome waits for others to be recorded in its
// transaction, and maxGroup how many at most: a transaction per job or two
// costs SQLite a commit each, and the pages it rewrites in its
// write-ahead log, for every job.
const (
	groupWait = 10 * time.Millisecond
	maxGroup  = 64
)

// record writes outcomes as they come, in groups: each waits up to
// groupWait for others to be written in its transaction (one writer, few
// commits: SQLite's writers waiting on each other's locks, or one commit
// per job, would cost more than the sends). When a group cannot be
// written, each is tried alone; an outcome that cannot be written leaves
// its job running, and the next batch runs it again.
func (w *Worker) record(ctx context.Context, outcomes <-chan outcome) {
	for first := range outcomes {
		group := []outcome{first}
		wait := time.NewTimer(groupWait)
	collect:
		for len(group) < maxGroup {
			select {
			case o, ok := <-outcomes:
				if !ok {
					break collect
				}
				group = append(group, o)
			case <-wait.C:
				break collect
			}
		}
		wait.Stop()
		if err := w.finish(ctx, group); err == nil || len(group) == 1 {
			if err != nil {
				w.Log.Warn("record job outcome", "queue", w.Queue, "key", first.j.Key, "err", err)
			}
			continue
		}
		for _, o := range group {
			if err := w.finish(ctx, []outcome{o}); err != nil {
				w.Log.Warn("record job outcome", "queue", w.Queue, "key", o.j.Key, "err", err)
			}
		}
	}
}

// takeLease takes or renews the queue's lease; one held by a process of
// this machine that is gone is taken over at once.
func (w *Worker) takeLease(ctx context.Context) (bool, error) {
	ok, err := acquire(ctx, w.DB, w.Queue, w.holder, w.Now(), w.LeaseTTL)
	if ok || err != nil {
		return ok, err
	}
	current, err := holderOf(ctx, w.DB, w.Queue)
	if err != nil || !Gone(current) {
		return false, err
	}
	w.Log.Info("taking over the queue of a process that is gone", "queue", w.Queue, "holder", current)
	return takeOver(ctx, w.DB, w.Queue, current, w.holder, w.Now(), w.LeaseTTL)
}

// claim marks up to n due jobs running, in one statement, and returns them
// in the order they came due. Only the lease holder claims, so no other
// process takes the same rows.
func (w *Worker) claim(ctx context.Context, n int) ([]Job, error) {
	rows, err := w.DB.QueryContext(ctx, `UPDATE jobs SET state = 'running', again = FALSE, attempts = attempts + 1
		WHERE state = 'pending' AND id IN (SELECT id FROM jobs WHERE queue = $1 AND state = 'pending' AND run_at <= $2
			ORDER BY run_at, id LIMIT $3)
		RETURNING `+jobColumns, w.Queue, millis(w.Now()), n)
	if err != nil {
		return nil, fmt.Errorf("claim due jobs of %s: %w", w.Queue, err)
	}
	defer rows.Close()
	var claimed []Job
	for rows.Next() {
		j, err := scanJob(rows)
		if err != nil {
			return nil, err
		}
		claimed = append(claimed, j)
	}
	slices.SortFunc(claimed, func(a, b Job) int {
		if c := a.RunAt.Compare(b.RunAt); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return claimed, rows.Err()
}

var errLeaseLost = errors.New("jobs: the queue's lease was lost; another process works it now")

// keepLease renews the lease every third of its lifetime while a batch
// runs, and cancels the batch if another process took it.
func (w *Worker) keepLease(ctx context.Context, cancel context.CancelCauseFunc) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(w.LeaseTTL / 3)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				ok, err := acquire(ctx, w.DB, w.Queue, w.holder, w.Now(), w.LeaseTTL)
				if err == nil && !ok {
					cancel(errLeaseLost)
					return
				}
			}
		}
	}()
	return func() { close(done); <-finished }
}

// finish records a group of outcomes in one transaction: the handlers'
// own writes, then the jobs' new states.
func (w *Worker) finish(ctx context.Context, group []outcome) error {
	tx, err := w.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var outcomes []any
	for _, o := range group {
		if o.r.outcome != nil {
			outcomes = append(outcomes, o.r.outcome)
		}
	}
	if len(outcomes) > 0 {
		if err := w.RecordGroup(ctx, tx, outcomes); err != nil {
			return err
		}
	}
	var done []int64
	for _, o := range group {
		if o.r.record != nil {
			if err := o.r.record(ctx, tx); err != nil {
				return err
			}
		}
		if o.r.err == nil {
			done = append(done, o.j.ID)
		} else if err := w.reschedule(ctx, tx, o.j, o.r); err != nil {
			return err
		}
	}
	if err := w.close(ctx, tx, done); err != nil {
		return err
	}
	return tx.Commit()
}

// reschedule makes a job that did not succeed wait for its retry, or
// keeps it as failed.
func (w *Worker) reschedule(ctx context.Context, tx *sql.Tx, j Job, r Result) error {
	now := w.Now()
	var err error
	if r.retry {
		after := r.after
		if after <= 0 {
			after = w.backoff(j.Attempts)
		}
		_, err = tx.ExecContext(ctx, `UPDATE jobs SET state = 'pending', run_at = $1, last_error = $2, updated_at = $3 WHERE id = $4`,
			millis(now.Add(after)), r.err.Error(), millis(now), j.ID)
	} else {
		_, err = tx.ExecContext(ctx, `UPDATE jobs SET state = CASE WHEN again THEN 'pending' ELSE 'failed' END,
			attempts = CASE WHEN again THEN 0 ELSE attempts END, run_at = $1, last_error = $2, updated_at = $1 WHERE id = $3`,
			millis(now), r.err.Error(), j.ID)
	}
	if err != nil {
		return fmt.Errorf("record job %d: %w", j.ID, err)
	}
	return nil
}

// close deletes done jobs, and makes those a change came to while they
// ran due again.
func (w *Worker) close(ctx context.Context, tx *sql.Tx, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	list, args := idList(ids, 1)
	res, err := tx.ExecContext(ctx, "DELETE FROM jobs WHERE id IN ("+list+") AND NOT again", args...)
	if err != nil {
		return fmt.Errorf("close %d jobs: %w", len(ids), err)
	}
	if n, _ := res.RowsAffected(); n == int64(len(ids)) {
		return nil
	}
	list, args = idList(ids, 2)
	_, err = tx.ExecContext(ctx, `UPDATE jobs SET state = 'pending', attempts = 0, run_at = $1, last_error = '', updated_at = $1
		WHERE id IN (`+list+")", append([]any{millis(w.Now())}, args...)...)
	if err != nil {
		return fmt.Errorf("run changed jobs again: %w", err)
	}
	return nil
}

// idList is the placeholders $from, $from+1, … for ids, and ids as
// arguments.
func idList(ids []int64, from int) (string, []any) {
	ph := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		ph[i], args[i] = "$"+strconv.Itoa(from+i), id
	}
	return strings.Join(ph, ", "), args
}

// backoff is 1s, 2s, 4s, … up to MaxBackoff, with up to a quarter of
// jitter so that many failed jobs do not come back at the same moment.
func (w *Worker) backoff(attempts int) time.Duration {
	d := time.Duration(math.Min(float64(w.MaxBackoff), float64(time.Second)*math.Pow(2, float64(attempts-1))))
	return d - mrand.N(d/4+1)
}
