package store

import (
	"context"
	"fmt"
	"time"
)

// SetCalendarFeed gives a user's calendar feed a new token (by its hash),
// replacing the old one.
func (s *Store) SetCalendarFeed(ctx context.Context, userID int64, tokenHash string, at time.Time) error {
	_, err := s.DB.ExecContext(ctx, `INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at`,
		userID, tokenHash, millis(at))
	if err != nil {
		return fmt.Errorf("save calendar feed: %w", err)
	}
	return nil
}

// DeleteCalendarFeed turns a user's calendar feed off.
func (s *Store) DeleteCalendarFeed(ctx context.Context, userID int64) error {
	_, err := s.DB.ExecContext(ctx, "DELETE FROM calendar_feeds WHERE user_id = $1", userID)
	return err
}

// CalendarFeedSince returns when a user's feed token was made, or
// ErrNotFound when the feed is off.
func (s *Store) CalendarFeedSince(ctx context.Context, userID int64) (time.Time, error) {
	var at int64
	err := s.DB.QueryRowContext(ctx, "SELECT created_at FROM calendar_feeds WHERE user_id = $1", userID).Scan(&at)
	if err != nil {
		return time.Time{}, notFound(err, "load calendar feed")
	}
	return fromMillis(at), nil
}

// CalendarFeedUser returns the user whose feed token has this hash.
func (s *Store) CalendarFeedUser(ctx context.Context, tokenHash string) (int64, error) {
	var id int64
	err := s.DB.QueryRowContext(ctx, "SELECT user_id FROM calendar_feeds WHERE token_hash = $1", tokenHash).Scan(&id)
	if err != nil {
		return 0, notFound(err, "load calendar feed")
	}
	return id, nil
}
