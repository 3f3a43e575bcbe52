package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// SyncCursor is where one connector of a channel stands: its high-water
// mark in Magento's (updated_at, entity_id) order and, as JSON, whatever
// else it needs to resume (an initial import's window, for example).
type SyncCursor struct {
	ChannelID int64
	Connector string
	MarkTime  time.Time // zero before the first run
	MarkID    int
	State     string // JSON; "{}" when empty
}

// cursorTimeLayout is how mark_time is stored: Magento's own UTC form.
const cursorTimeLayout = "2006-01-02 15:04:05"

// SyncCursor returns the cursor of a channel's connector; a connector that
// never ran has a zero cursor with State "{}".
func (s *Store) SyncCursor(ctx context.Context, channelID int64, connector string) (SyncCursor, error) {
	c := SyncCursor{ChannelID: channelID, Connector: connector, State: "{}"}
	var mark string
	err := s.DB.QueryRowContext(ctx, "SELECT mark_time, mark_id, state FROM sync_cursors WHERE channel_id = $1 AND connector = $2",
		channelID, connector).Scan(&mark, &c.MarkID, &c.State)
	if errors.Is(err, sql.ErrNoRows) {
		return c, nil
	}
	if err != nil {
		return c, fmt.Errorf("load sync cursor: %w", err)
	}
	if mark != "" {
		if c.MarkTime, err = time.ParseInLocation(cursorTimeLayout, mark, time.UTC); err != nil {
			return c, fmt.Errorf("sync cursor of channel %d: mark %q: %w", channelID, mark, err)
		}
	}
	return c, nil
}

// SaveSyncCursor writes a cursor.
func (s *Store) SaveSyncCursor(ctx context.Context, c SyncCursor) error {
	return saveCursor(ctx, s.DB, c)
}

func saveCursor(ctx context.Context, q querier, c SyncCursor) error {
	mark := ""
	if !c.MarkTime.IsZero() {
		mark = c.MarkTime.UTC().Format(cursorTimeLayout)
	}
	if c.State == "" {
		c.State = "{}"
	}
	_, err := q.ExecContext(ctx, `INSERT INTO sync_cursors (channel_id, connector, mark_time, mark_id, state, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (channel_id, connector) DO UPDATE SET mark_time = excluded.mark_time, mark_id = excluded.mark_id,
			state = excluded.state, updated_at = excluded.updated_at`,
		c.ChannelID, c.Connector, mark, c.MarkID, c.State, millis(time.Now()))
	if err != nil {
		return fmt.Errorf("save sync cursor: %w", err)
	}
	return nil
}
