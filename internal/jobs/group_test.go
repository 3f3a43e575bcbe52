package jobs_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/jobs"
)

// TestPrepareSeesTheBatchAndRecordGroupWritesTheOutcomes: PrepareBatch gets
// all the claimed jobs once, before any is prepared; Prepare gets each
// round before any of it runs; outcomes given to DoneWith reach
// RecordGroup in the transaction that closes their jobs, and a group that
// cannot be written leaves its jobs to run again.
func TestPrepareSeesTheBatchAndRecordGroupWritesTheOutcomes(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.ExecContext(ctx, "CREATE TABLE outcomes (job_key TEXT NOT NULL)"); err != nil {
			t.Fatal(err)
		}
		for i := range 10 {
			enqueue(t, d, fmt.Sprint("k", i), "")
		}
		var mu sync.Mutex
		var batches [][]string
		var prepared, handled []string
		failOnce := true
		w := &jobs.Worker{DB: d.DB, Queue: "q", Concurrency: 2,
			PrepareBatch: func(ctx context.Context, js []jobs.Job) {
				mu.Lock()
				defer mu.Unlock()
				var keys []string
				for _, j := range js {
					keys = append(keys, j.Key)
				}
				batches = append(batches, keys)
			},
			Prepare: func(ctx context.Context, js []jobs.Job) {
				mu.Lock()
				defer mu.Unlock()
				for _, j := range js {
					if len(batches) == 0 || !slices.Contains(batches[len(batches)-1], j.Key) {
						t.Errorf("job %s prepared before PrepareBatch saw it", j.Key)
					}
					prepared = append(prepared, j.Key)
				}
			},
			Handle: func(ctx context.Context, j jobs.Job) jobs.Result {
				mu.Lock()
				defer mu.Unlock()
				if !slices.Contains(prepared, j.Key) {
					t.Errorf("job %s ran before Prepare saw it", j.Key)
				}
				handled = append(handled, j.Key)
				return jobs.DoneWith(j.Key)
			},
			RecordGroup: func(ctx context.Context, tx *sql.Tx, outcomes []any) error {
				for _, o := range outcomes {
					if _, err := tx.ExecContext(ctx, "INSERT INTO outcomes (job_key) VALUES ($1)", o.(string)); err != nil {
						return err
					}
				}
				mu.Lock()
				defer mu.Unlock()
				if failOnce && slices.Contains(outcomes, any("k3")) {
					failOnce = false
					return errors.New("the database refused the group")
				}
				return nil
			},
		}
		if _, err := w.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		n, err := jobs.Count(ctx, d, "q")
		if err != nil || len(n) != 0 {
			t.Fatalf("jobs left: %v, %v", n, err)
		}
		var recorded int
		if err := d.QueryRowContext(ctx, "SELECT COUNT(DISTINCT job_key) FROM outcomes").Scan(&recorded); err != nil {
			t.Fatal(err)
		}
		var k3 int
		if err := d.QueryRowContext(ctx, "SELECT COUNT(*) FROM outcomes WHERE job_key = 'k3'").Scan(&k3); err != nil {
			t.Fatal(err)
		}
		if recorded != 10 || k3 != 1 {
			t.Errorf("%d jobs' outcomes recorded, k3's %d times; want all 10, each once (a refused group is rolled back)", recorded, k3)
		}
		if len(batches) == 0 || len(batches[0]) != 10 {
			t.Errorf("PrepareBatch saw %v; want the 10 jobs in one batch first", batches)
		}
		if len(handled) < 10 {
			t.Errorf("%d jobs handled, want every one", len(handled))
		}
	})
}
