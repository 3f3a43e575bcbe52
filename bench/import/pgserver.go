package main

import (
	"context"
	"fmt"
	"time"

	"magecrm/internal/db"
)

// serverWatch is what the PostgreSQL server did besides the measurement:
// the server is shared (with the benchmark's other databases, and on a
// development machine with other work), and a phase that waits on it for
// another's checkpoint or vacuum is not the import's own time.
type serverWatch struct {
	// Settled is how long the server took to settle before the phase: a
	// CHECKPOINT of what earlier phases left, and the wait until no
	// autovacuum worker ran.
	Settled time.Duration
	// Checkpoints started during the phase (timed and requested).
	Checkpoints int64
	// Samples taken every 500 ms, Vacuuming those in which an autovacuum
	// worker ran, Busy those in which sessions other than the phase's own
	// database worked (others' work on the server).
	Samples, Vacuuming, Busy int
	stop                     chan struct{}
	done                     chan struct{}
}

// settleAndWatch checkpoints the server, waits (at most a minute) until
// no autovacuum worker runs, then samples the server's activity until the
// returned watch is stopped. dsn is the phase's database.
func settleAndWatch(ctx context.Context, dsn string) (*serverWatch, error) {
	d, err := db.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	w := &serverWatch{stop: make(chan struct{}), done: make(chan struct{})}
	start := time.Now()
	if _, err := d.ExecContext(ctx, "CHECKPOINT"); err != nil {
		d.Close()
		return nil, fmt.Errorf("checkpoint before the phase: %w", err)
	}
	for time.Since(start) < time.Minute {
		vacuuming, _, err := serverActivity(ctx, d)
		if err != nil {
			d.Close()
			return nil, err
		}
		if !vacuuming {
			break
		}
		time.Sleep(time.Second)
	}
	w.Settled = time.Since(start)
	before, err := checkpoints(ctx, d)
	if err != nil {
		d.Close()
		return nil, err
	}
	go func() {
		defer close(w.done)
		defer d.Close()
		tick := time.NewTicker(500 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-w.stop:
				if after, err := checkpoints(ctx, d); err == nil {
					w.Checkpoints = after - before
				}
				return
			case <-tick.C:
				vacuuming, busy, err := serverActivity(ctx, d)
				if err != nil {
					continue
				}
				w.Samples++
				if vacuuming {
					w.Vacuuming++
				}
				if busy {
					w.Busy++
				}
			}
		}
	}()
	return w, nil
}

// finish stops the sampling and returns the watch's figures.
func (w *serverWatch) finish() *serverWatch {
	close(w.stop)
	<-w.done
	return w
}

// String says the watch's figures in a table cell.
func (w *serverWatch) String() string {
	return fmt.Sprintf("settled %.1f s; %d checkpoints; autovacuum in %d, others' sessions in %d of %d samples",
		w.Settled.Seconds(), w.Checkpoints, w.Vacuuming, w.Busy, w.Samples)
}

// serverActivity reports whether an autovacuum worker runs, and whether a
// session of another database than the watcher's works (not idle).
func serverActivity(ctx context.Context, d *db.DB) (vacuuming, busy bool, err error) {
	err = d.QueryRowContext(ctx, `SELECT
		EXISTS (SELECT 1 FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'),
		EXISTS (SELECT 1 FROM pg_stat_activity WHERE backend_type = 'client backend' AND state <> 'idle'
			AND datname IS DISTINCT FROM current_database() AND pid <> pg_backend_pid())`).Scan(&vacuuming, &busy)
	if err != nil {
		return false, false, fmt.Errorf("read the server's activity: %w", err)
	}
	return vacuuming, busy, nil
}

// checkpoints is how many checkpoints the server has started since its
// statistics were reset.
func checkpoints(ctx context.Context, d *db.DB) (int64, error) {
	var n int64
	err := d.QueryRowContext(ctx, "SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter").Scan(&n)
	if err != nil { // PostgreSQL 17 counts them in a view of their own
		err = d.QueryRowContext(ctx, "SELECT num_timed + num_requested FROM pg_stat_checkpointer").Scan(&n)
	}
	if err != nil {
		return 0, fmt.Errorf("read the server's checkpoints: %w", err)
	}
	return n, nil
}
