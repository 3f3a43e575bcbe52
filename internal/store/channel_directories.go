package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"magecrm/internal/model"
)

// SaveChannelDirectory keeps the countries and regions a channel's store
// lists, read at at, in place of those read before.
func (s *Store) SaveChannelDirectory(ctx context.Context, channelID int64, countries []model.DirectoryCountry, at time.Time) error {
	b, err := json.Marshal(countries)
	if err != nil {
		return err
	}
	if _, err := s.DB.ExecContext(ctx, `INSERT INTO channel_directories (channel_id, countries, fetched_at) VALUES ($1, $2, $3)
		ON CONFLICT (channel_id) DO UPDATE SET countries = excluded.countries, fetched_at = excluded.fetched_at`,
		channelID, string(b), millis(at)); err != nil {
		return fmt.Errorf("keep the countries of channel %d: %w", channelID, err)
	}
	return nil
}

// ChannelDirectory returns the countries and regions last read from a
// channel's store; ErrNotFound when none were read yet.
func (s *Store) ChannelDirectory(ctx context.Context, channelID int64) (*model.Directory, error) {
	var text string
	var at int64
	err := s.DB.QueryRowContext(ctx, "SELECT countries, fetched_at FROM channel_directories WHERE channel_id = $1", channelID).Scan(&text, &at)
	if err != nil {
		return nil, notFound(err, "load the countries of channel")
	}
	d := &model.Directory{FetchedAt: fromMillis(at)}
	if err := json.Unmarshal([]byte(text), &d.Countries); err != nil {
		return nil, fmt.Errorf("read the countries of channel %d: %w", channelID, err)
	}
	return d, nil
}
