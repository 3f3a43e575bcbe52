package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"magecrm/internal/model"
)

// Run statuses. A run whose process died stays "running" with a heartbeat
// that no longer moves; SyncRun.Stale tells it apart.
const (
	RunRunning     = "running"
	RunFinished    = "finished"
	RunFailed      = "failed"
	RunInterrupted = "interrupted"
)

// SyncRun is one run of a channel's sync, as the channel page shows it.
type SyncRun struct {
	ID                                           int64
	ChannelID                                    int64
	Connector                                    string
	Kind                                         string // what was asked: RunInitial, RunFull, RunIncremental or RunReconcile
	Status                                       string
	Step                                         string // what it is doing now, e.g. "customers"
	Total                                        int    // records the current step expects; 0 when unknown
	Fetched                                      int    // records the current step has read
	Created, Updated, Unchanged, Removed, Failed int
	Rate                                         float64       // records per second in the current step
	ETA                                          time.Duration // time left in the current step; 0 when unknown
	Error                                        string
	StartedAt, FinishedAt, HeartbeatAt           time.Time
	// Steps are the run's steps so far, in order, each with its own counts;
	// the counts above are the customers' over all steps.
	Steps []RunStep
	// Quiet is a finished run that found nothing new: nothing created,
	// changed, removed or refused. A channel keeps only its newest.
	Quiet bool
}

// The kinds of run, as the person or the schedule asked for them.
const (
	RunInitial     = "initial"     // the channel's first import
	RunFull        = "full"        // a full re-import someone asked for
	RunIncremental = "incremental" // changes since the last run
	RunReconcile   = "reconcile"   // changes, then every customer compared
)

// RunStep is what one step of a run read and did.
type RunStep struct {
	Name      string `json:"name"`
	Read      int    `json:"read"`
	Created   int    `json:"created"`
	Updated   int    `json:"updated"`
	Unchanged int    `json:"unchanged"`
	Removed   int    `json:"removed"`
	Failed    int    `json:"failed"`
}

// Stale reports whether a run marked running has not reported for longer
// than after: its process stopped without finishing it.
func (r *SyncRun) Stale(now time.Time, after time.Duration) bool {
	return r.Status == RunRunning && now.Sub(r.HeartbeatAt) > after
}

const runColumns = `id, channel_id, connector, kind, status, step, total, fetched, created, updated, unchanged, removed, failed,
	rate, eta_ms, error, started_at, finished_at, heartbeat_at, steps, quiet`

func scanRun(sc interface{ Scan(...any) error }) (*SyncRun, error) {
	var r SyncRun
	var eta, started, finished, beat int64
	var steps string
	err := sc.Scan(&r.ID, &r.ChannelID, &r.Connector, &r.Kind, &r.Status, &r.Step, &r.Total, &r.Fetched, &r.Created, &r.Updated,
		&r.Unchanged, &r.Removed, &r.Failed, &r.Rate, &eta, &r.Error, &started, &finished, &beat, &steps, &r.Quiet)
	if err != nil {
		return nil, err
	}
	if steps != "" {
		if err := json.Unmarshal([]byte(steps), &r.Steps); err != nil {
			return nil, fmt.Errorf("read steps of sync run %d: %w", r.ID, err)
		}
	}
	r.ETA = time.Duration(eta) * time.Millisecond
	r.StartedAt, r.FinishedAt, r.HeartbeatAt = fromMillis(started), fromMillis(finished), fromMillis(beat)
	return &r, nil
}

// StartSyncRun records a new run as running and sets r.ID.
func (s *Store) StartSyncRun(ctx context.Context, r *SyncRun) error {
	r.Status = RunRunning
	err := s.DB.QueryRowContext(ctx, `INSERT INTO sync_runs (channel_id, connector, kind, status, step, started_at, heartbeat_at)
		VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`,
		r.ChannelID, r.Connector, r.Kind, r.Status, r.Step, millis(r.StartedAt)).Scan(&r.ID)
	if err != nil {
		return fmt.Errorf("record sync run: %w", err)
	}
	r.HeartbeatAt = r.StartedAt
	return nil
}

// UpdateSyncRun saves a run's progress and counts; with a status other than
// running it also saves the error and when it finished, and queues the
// sync_run.finished webhook event with it the first time.
func (s *Store) UpdateSyncRun(ctx context.Context, r *SyncRun) error {
	steps, err := json.Marshal(r.Steps)
	if err != nil || len(r.Steps) == 0 {
		steps = nil
	}
	return s.Tx(ctx, func(tx *sql.Tx) error {
		var was string
		var orgID int64
		if r.Status != RunRunning {
			if err := tx.QueryRowContext(ctx, `SELECT r.status, c.organization_id FROM sync_runs r JOIN channels c ON c.id = r.channel_id
				WHERE r.id = $1`, r.ID).Scan(&was, &orgID); err != nil {
				return notFound(err, "load sync run")
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE sync_runs SET kind = $1, status = $2, step = $3, total = $4, fetched = $5, created = $6,
			updated = $7, unchanged = $8, removed = $9, failed = $10, rate = $11, eta_ms = $12, error = $13, finished_at = $14,
			heartbeat_at = $15, steps = $16, quiet = $17 WHERE id = $18`,
			r.Kind, r.Status, r.Step, r.Total, r.Fetched, r.Created, r.Updated, r.Unchanged, r.Removed, r.Failed,
			r.Rate, r.ETA.Milliseconds(), r.Error, millis(r.FinishedAt), millis(r.HeartbeatAt), string(steps), r.Quiet, r.ID)
		if err != nil {
			return fmt.Errorf("save sync run %d: %w", r.ID, err)
		}
		if was != RunRunning {
			return nil
		}
		at := r.FinishedAt
		if at.IsZero() {
			at = r.HeartbeatAt
		}
		return queueWebhookEvent(ctx, tx, orgID, model.EventSyncRunFinished, SyncRunEvent{ID: r.ID, ChannelID: r.ChannelID,
			Kind: r.Kind, Status: r.Status, Created: r.Created, Updated: r.Updated, Unchanged: r.Unchanged, Removed: r.Removed,
			Failed: r.Failed, Error: r.Error, Started: r.StartedAt.UTC(), Finished: at.UTC()}, at)
	})
}

// DropOlderQuietRuns deletes the quiet runs of a channel's connector
// before run keep, so that runs which found nothing do not pile up.
func (s *Store) DropOlderQuietRuns(ctx context.Context, channelID int64, connector string, keep int64) error {
	_, err := s.DB.ExecContext(ctx, "DELETE FROM sync_runs WHERE channel_id = $1 AND connector = $2 AND quiet AND id < $3",
		channelID, connector, keep)
	if err != nil {
		return fmt.Errorf("drop older quiet sync runs: %w", err)
	}
	return nil
}

// SyncRuns lists a channel's most recent runs, newest first.
func (s *Store) SyncRuns(ctx context.Context, channelID int64, limit int) ([]SyncRun, error) {
	rows, err := s.DB.QueryContext(ctx, "SELECT "+runColumns+" FROM sync_runs WHERE channel_id = $1 ORDER BY id DESC LIMIT $2",
		channelID, limit)
	if err != nil {
		return nil, fmt.Errorf("list sync runs: %w", err)
	}
	defer rows.Close()
	var out []SyncRun
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *r)
	}
	return out, rows.Err()
}

// SyncRun returns one run.
func (s *Store) SyncRun(ctx context.Context, id int64) (*SyncRun, error) {
	r, err := scanRun(s.DB.QueryRowContext(ctx, "SELECT "+runColumns+" FROM sync_runs WHERE id = $1", id))
	if err != nil {
		return nil, notFound(err, "load sync run")
	}
	return r, nil
}

// CurrentRun returns the channel's newest run still marked running, or
// ErrNotFound. Check Stale: a run whose process died keeps that status.
func (s *Store) CurrentRun(ctx context.Context, channelID int64) (*SyncRun, error) {
	r, err := scanRun(s.DB.QueryRowContext(ctx, "SELECT "+runColumns+" FROM sync_runs WHERE channel_id = $1 AND status = $2 ORDER BY id DESC LIMIT 1",
		channelID, RunRunning))
	if err != nil {
		return nil, notFound(err, "load current sync run")
	}
	return r, nil
}

// InterruptStaleRuns marks the channel's runs still "running" as
// interrupted, each with its sync_run.finished webhook event in the same
// transaction: called by the process that takes the lease, since no run
// can be going on without it.
func (s *Store) InterruptStaleRuns(ctx context.Context, channelID int64, connector string, now time.Time) error {
	const why = "the process running it stopped before it finished"
	return s.Tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `UPDATE sync_runs SET status = $1, finished_at = $2, error = $3
			WHERE channel_id = $4 AND connector = $5 AND status = $6
			RETURNING id, kind, created, updated, unchanged, removed, failed, started_at`,
			RunInterrupted, millis(now), why, channelID, connector, RunRunning)
		if err != nil {
			return fmt.Errorf("close interrupted sync runs: %w", err)
		}
		var events []SyncRunEvent
		for rows.Next() {
			e := SyncRunEvent{ChannelID: channelID, Status: RunInterrupted, Error: why, Finished: now.UTC()}
			var started int64
			if err := rows.Scan(&e.ID, &e.Kind, &e.Created, &e.Updated, &e.Unchanged, &e.Removed, &e.Failed, &started); err != nil {
				rows.Close()
				return err
			}
			e.Started = fromMillis(started).UTC()
			events = append(events, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil || len(events) == 0 {
			return err
		}
		var orgID int64
		if err := tx.QueryRowContext(ctx, "SELECT organization_id FROM channels WHERE id = $1", channelID).Scan(&orgID); err != nil {
			return notFound(err, "load channel")
		}
		for _, e := range events {
			if err := queueWebhookEvent(ctx, tx, orgID, model.EventSyncRunFinished, e, now); err != nil {
				return err
			}
		}
		return nil
	})
}
