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

// EnabledChannels lists the id and sync interval of every enabled channel,
// for the scheduler.
func (s *Store) EnabledChannels(ctx context.Context) ([]model.Channel, error) {
	rows, err := s.DB.QueryContext(ctx, "SELECT id, name, sync_interval_min FROM channels WHERE enabled ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("list enabled channels: %w", err)
	}
	defer rows.Close()
	var out []model.Channel
	for rows.Next() {
		var c model.Channel
		var minutes int64
		if err := rows.Scan(&c.ID, &c.Name, &minutes); err != nil {
			return nil, err
		}
		c.SyncInterval = timeMinutes(minutes)
		out = append(out, c)
	}
	return out, rows.Err()
}

func timeMinutes(n int64) time.Duration { return time.Duration(n) * time.Minute }
