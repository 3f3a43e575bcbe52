package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// ImportWarning begins the message of a record a run took with changes it
// had to make (its text cleaned): a warning, kept in sync_errors with the
// records it could not take, and told apart from them by this beginning
// (SyncError.Warning).
const ImportWarning = "Imported with changes: "

// SyncError is one record a run could not take, or took with a warning:
// which, and why.
type SyncError struct {
	ID        int64
	RunID     int64
	ChannelID int64
	Entity    string // customer, order, website, ...
	RemoteID  string // Magento id; "" when it could not be read
	Message   string
	CreatedAt time.Time
}

// Warning says whether e is a warning about a record the run took rather
// than a record it could not take.
func (e SyncError) Warning() bool { return strings.HasPrefix(e.Message, ImportWarning) }

// AddSyncErrors records errors of a run, in one statement per hundred.
func (s *Store) AddSyncErrors(ctx context.Context, errs []SyncError) error {
	for len(errs) > 0 {
		n := min(len(errs), 100)
		var b strings.Builder
		b.WriteString("INSERT INTO sync_errors (run_id, channel_id, entity, remote_id, message, created_at) VALUES ")
		args := make([]any, 0, n*6)
		for i, e := range errs[:n] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(" + placeholders(len(args)+1, 6) + ")")
			if e.CreatedAt.IsZero() {
				e.CreatedAt = time.Now()
			}
			args = append(args, e.RunID, e.ChannelID, e.Entity, e.RemoteID, e.Message, millis(e.CreatedAt))
		}
		if _, err := s.DB.ExecContext(ctx, b.String(), args...); err != nil {
			return fmt.Errorf("record sync errors: %w", err)
		}
		errs = errs[n:]
	}
	return nil
}

// SyncErrors lists a channel's most recent sync errors, newest first.
func (s *Store) SyncErrors(ctx context.Context, channelID int64, limit int) ([]SyncError, error) {
	return s.syncErrors(ctx, "channel_id", channelID, limit)
}

// RunSyncErrors lists the errors of one run, oldest first.
func (s *Store) RunSyncErrors(ctx context.Context, runID int64, limit int) ([]SyncError, error) {
	return s.syncErrors(ctx, "run_id", runID, limit)
}

func (s *Store) syncErrors(ctx context.Context, column string, id int64, limit int) ([]SyncError, error) {
	order := "DESC"
	if column == "run_id" {
		order = "ASC"
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT id, run_id, channel_id, entity, remote_id, message, created_at FROM sync_errors
		WHERE `+column+` = $1 ORDER BY id `+order+` LIMIT $2`, id, limit)
	if err != nil {
		return nil, fmt.Errorf("list sync errors: %w", err)
	}
	defer rows.Close()
	var out []SyncError
	for rows.Next() {
		var e SyncError
		var at int64
		if err := rows.Scan(&e.ID, &e.RunID, &e.ChannelID, &e.Entity, &e.RemoteID, &e.Message, &at); err != nil {
			return nil, err
		}
		e.CreatedAt = fromMillis(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// SyncErrorCount counts a channel's sync errors, and apart from them its
// warnings (SyncError.Warning), over the runs kept.
func (s *Store) SyncErrorCount(ctx context.Context, channelID int64) (errors, warnings int, err error) {
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(CASE WHEN message LIKE $2 THEN 1 END) FROM sync_errors
		WHERE channel_id = $1`, channelID, ImportWarning+"%").Scan(&errors, &warnings); err != nil {
		return 0, 0, fmt.Errorf("count sync errors: %w", err)
	}
	return errors - warnings, warnings, nil
}
