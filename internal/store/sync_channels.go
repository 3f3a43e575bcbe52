package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"magecrm/internal/model"
)

// ChannelByName returns the channel with this name (case does not matter),
// credentials opened, for the command line. A name shared by channels of
// several organizations is refused: give the id instead.
func (s *Store) ChannelByName(ctx context.Context, name string) (*model.Channel, error) {
	rows, err := s.DB.QueryContext(ctx, "SELECT id FROM channels WHERE lower(name) = lower($1) ORDER BY id LIMIT 2", strings.TrimSpace(name))
	if err != nil {
		return nil, fmt.Errorf("find channel: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	switch len(ids) {
	case 0:
		return nil, ErrNotFound
	case 1:
		return s.Channel(ctx, ids[0])
	}
	return nil, Refusal(fmt.Sprintf("several organizations have a channel named %q", name))
}

// ScheduledChannel is what the scheduler needs to know of an enabled
// channel: its interval, when Magento was last asked for changes, and when
// its import last ran and last read every customer.
type ScheduledChannel struct {
	ID           int64
	Name         string
	SyncInterval time.Duration
	PolledAt     time.Time // zero: never
	LastRunAt    time.Time // the newest run's start; zero: never ran
	// LastFullReadAt is when the newest finished run that compared or read
	// every customer (a reconciliation, a first or full import) started; a
	// run that failed read nothing for sure.
	LastFullReadAt time.Time
}

// ChannelsToSchedule lists every enabled channel with its import's times.
func (s *Store) ChannelsToSchedule(ctx context.Context, connector string) ([]ScheduledChannel, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT c.id, c.name, c.sync_interval_min, c.polled_at,
		COALESCE((SELECT max(started_at) FROM sync_runs r WHERE r.channel_id = c.id AND r.connector = $1), 0),
		COALESCE((SELECT max(started_at) FROM sync_runs r WHERE r.channel_id = c.id AND r.connector = $1
			AND r.kind IN ($2, $3, $4) AND r.status = $5), 0)
		FROM channels c WHERE c.enabled ORDER BY c.id`, connector, RunReconcile, RunInitial, RunFull, RunFinished)
	if err != nil {
		return nil, fmt.Errorf("list channels to sync: %w", err)
	}
	defer rows.Close()
	var out []ScheduledChannel
	for rows.Next() {
		var c ScheduledChannel
		var minutes, polled, last, full int64
		if err := rows.Scan(&c.ID, &c.Name, &minutes, &polled, &last, &full); err != nil {
			return nil, err
		}
		c.SyncInterval = timeMinutes(minutes)
		c.PolledAt, c.LastRunAt, c.LastFullReadAt = fromMillis(polled), fromMillis(last), fromMillis(full)
		out = append(out, c)
	}
	return out, rows.Err()
}

// MarkChannelPolled records that the channel's Magento was asked for
// changes at this time.
func (s *Store) MarkChannelPolled(ctx context.Context, channelID int64, at time.Time) error {
	if _, err := s.DB.ExecContext(ctx, "UPDATE channels SET polled_at = $1 WHERE id = $2", millis(at), channelID); err != nil {
		return fmt.Errorf("record the poll of channel %d: %w", channelID, err)
	}
	return nil
}

// ChannelPolledAt is when the channel's Magento was last asked for
// changes; zero when never.
func (s *Store) ChannelPolledAt(ctx context.Context, channelID int64) (time.Time, error) {
	var at int64
	if err := s.DB.QueryRowContext(ctx, "SELECT polled_at FROM channels WHERE id = $1", channelID).Scan(&at); err != nil {
		return time.Time{}, notFound(err, "load the last poll of a channel")
	}
	return fromMillis(at), nil
}

func timeMinutes(n int64) time.Duration { return time.Duration(n) * time.Minute }
