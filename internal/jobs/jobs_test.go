package jobs_test

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/jobs"
)

func enqueue(t *testing.T, d *db.DB, key, payload string) {
	t.Helper()
	tx, err := d.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if err := jobs.Enqueue(context.Background(), tx, "q", key, "k", payload, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

func TestEnqueueIsPartOfTheTransaction(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		tx, _ := d.BeginTx(ctx, nil)
		if err := jobs.Enqueue(ctx, tx, "q", "a", "k", "", time.Now()); err != nil {
			t.Fatal(err)
		}
		tx.Rollback()
		if _, err := jobs.Lookup(ctx, d, "q", "a"); !errors.Is(err, jobs.ErrNotFound) {
			t.Fatalf("a rolled back enqueue left a job: %v", err)
		}
		enqueue(t, d, "a", "1")
		enqueue(t, d, "a", "2")
		j, err := jobs.Lookup(ctx, d, "q", "a")
		if err != nil || j.Payload != "2" || j.State != jobs.Pending {
			t.Fatalf("job %+v, %v: want one pending job with the newest payload", j, err)
		}
	})
}

// TestWorkerRunsEachKeyOnceAtATimeAndLosesNothing enqueues changes while
// their work runs: every key ends done, its last run saw its last payload,
// and no key ever ran twice at once.
func TestWorkerRunsEachKeyOnceAtATimeAndLosesNothing(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var mu sync.Mutex
		last := map[string]string{}
		running := map[string]bool{}
		var overlap atomic.Int32
		var calls atomic.Int32
		w := &jobs.Worker{DB: d.DB, Queue: "q", Concurrency: 4, Handle: func(ctx context.Context, j jobs.Job) jobs.Result {
			mu.Lock()
			if running[j.Key] {
				overlap.Add(1)
			}
			running[j.Key] = true
			mu.Unlock()
			if calls.Add(1)%3 == 0 && j.Attempts == 1 {
				time.Sleep(5 * time.Millisecond)
				mu.Lock()
				running[j.Key] = false
				mu.Unlock()
				return jobs.Retry(errors.New("503"), time.Millisecond, nil)
			}
			time.Sleep(2 * time.Millisecond)
			mu.Lock()
			running[j.Key] = false
			mu.Unlock()
			return jobs.Done(func(ctx context.Context, tx *sql.Tx) error {
				mu.Lock()
				defer mu.Unlock()
				last[j.Key] = j.Payload
				return nil
			})
		}}
		ctx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { w.Run(ctx); close(done) }()
		keys := []string{"a", "b", "c", "d", "e"}
		for i := range 60 {
			k := keys[i%len(keys)]
			enqueue(t, d, k, string(rune('0'+i/len(keys))))
			w.Wake()
		}
		deadline := time.Now().Add(30 * time.Second)
		for {
			n, err := jobs.Count(context.Background(), d, "q")
			if err != nil {
				t.Fatal(err)
			}
			if len(n) == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("jobs left after 30s: %v", n)
			}
			time.Sleep(20 * time.Millisecond)
		}
		cancel()
		<-done
		if overlap.Load() != 0 {
			t.Errorf("a key ran twice at once %d times", overlap.Load())
		}
		for _, k := range keys {
			if last[k] != ";" {
				t.Errorf("key %s last ran with payload %q, want the last one enqueued %q", k, last[k], ";")
			}
		}
	})
}

func TestFailedJobWaitsForAPersonOrANewChange(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		fail := true
		w := &jobs.Worker{DB: d.DB, Queue: "q", Handle: func(ctx context.Context, j jobs.Job) jobs.Result {
			if fail {
				return jobs.Fail(errors.New("Magento refused: \"Email\" is not a valid email address."), nil)
			}
			return jobs.Done(nil)
		}}
		enqueue(t, d, "a", "")
		if _, err := w.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		j, err := jobs.Lookup(ctx, d, "q", "a")
		if err != nil || j.State != jobs.Failed || j.LastError == "" {
			t.Fatalf("job %+v, %v: want failed with the reason", j, err)
		}
		if n, _ := w.RunOnce(ctx); n != 0 {
			t.Fatalf("a failed job ran again by itself (%d)", n)
		}
		fail = false
		if ok, err := jobs.RetryNow(ctx, d, "q", "a", time.Now()); !ok || err != nil {
			t.Fatalf("retry now: %v %v", ok, err)
		}
		if n, _ := w.RunOnce(ctx); n != 1 {
			t.Fatalf("retry now ran %d jobs, want 1", n)
		}
		fail = true
		enqueue(t, d, "b", "") // fails, then an edit enqueues it again
		w.RunOnce(ctx)
		enqueue(t, d, "b", "fixed")
		fail = false
		if n, _ := w.RunOnce(ctx); n != 1 {
			t.Fatalf("a new change ran %d jobs, want 1", n)
		}
		if n, _ := jobs.Count(ctx, d, "q"); len(n) != 0 {
			t.Fatalf("jobs left: %v", n)
		}
	})
}

// TestAJobLeftRunningByADeadWorkerRunsAgain: a worker that died holding a
// job (its lease ran out) does not lose it.
func TestAJobLeftRunningByADeadWorkerRunsAgain(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		enqueue(t, d, "a", "")
		if _, err := d.ExecContext(ctx, "UPDATE jobs SET state = 'running'"); err != nil {
			t.Fatal(err)
		}
		if _, err := d.ExecContext(ctx, "INSERT INTO job_leases (queue, holder, expires_at) VALUES ('q', 'dead', $1)",
			time.Now().Add(-time.Second).UnixMilli()); err != nil {
			t.Fatal(err)
		}
		ran := 0
		w := &jobs.Worker{DB: d.DB, Queue: "q", Handle: func(context.Context, jobs.Job) jobs.Result { ran++; return jobs.Done(nil) }}
		if _, err := w.RunOnce(ctx); err != nil || ran != 1 {
			t.Fatalf("ran %d, %v: want the interrupted job run once", ran, err)
		}
	})
}

// TestOneWorkerPerQueueAcrossProcesses: a second worker does nothing while
// the first holds a live lease.
func TestOneWorkerPerQueueAcrossProcesses(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.ExecContext(ctx, "INSERT INTO job_leases (queue, holder, expires_at) VALUES ('q', 'other', $1)",
			time.Now().Add(time.Minute).UnixMilli()); err != nil {
			t.Fatal(err)
		}
		enqueue(t, d, "a", "")
		w := &jobs.Worker{DB: d.DB, Queue: "q", Handle: func(context.Context, jobs.Job) jobs.Result { return jobs.Done(nil) }}
		if n, err := w.RunOnce(ctx); n != 0 || err != nil {
			t.Fatalf("ran %d jobs (%v) while another process holds the lease", n, err)
		}
		if h, _ := jobs.Holder(ctx, d, "q", time.Now()); h != "other" {
			t.Fatalf("holder %q", h)
		}
	})
}
