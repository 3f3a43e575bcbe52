package store

import (
	"context"
	"database/sql"
	"errors"
)

// Preference returns a user's saved preference, or "" when none is saved.
func (s *Store) Preference(ctx context.Context, userID int64, name string) (string, error) {
	var v string
	err := s.DB.QueryRowContext(ctx, "SELECT value FROM user_preferences WHERE user_id = $1 AND name = $2", userID, name).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// SetPreference saves a user's preference, replacing the previous value.
func (s *Store) SetPreference(ctx context.Context, userID int64, name, value string) error {
	_, err := s.DB.ExecContext(ctx, `INSERT INTO user_preferences (user_id, name, value) VALUES ($1, $2, $3)
		ON CONFLICT (user_id, name) DO UPDATE SET value = excluded.value`, userID, name, value)
	return err
}
