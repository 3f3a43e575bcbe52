package store

import (
	"context"
	"time"

	"magecrm/internal/auth"
)

// CreateSession stores a session by its token hash.
func (s *Store) CreateSession(ctx context.Context, tokenHash string, userID int64, now time.Time) error {
	_, err := s.DB.ExecContext(ctx, "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $3, $4)",
		tokenHash, userID, millis(now), millis(now.Add(auth.MaxAge)))
	return err
}

// SessionUser returns the user of a live session and marks it seen. A
// session past its idle timeout or maximum age, or of a disabled user, is
// ErrNotFound.
func (s *Store) SessionUser(ctx context.Context, tokenHash string, now time.Time) (int64, error) {
	var userID, lastSeen, expires int64
	var enabled bool
	err := s.DB.QueryRowContext(ctx, `SELECT s.user_id, s.last_seen_at, s.expires_at, u.enabled FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`, tokenHash).
		Scan(&userID, &lastSeen, &expires, &enabled)
	if err != nil {
		return 0, notFound(err, "load session")
	}
	if !enabled || now.UnixMilli() > expires || now.Sub(fromMillis(lastSeen)) > auth.IdleTimeout {
		s.DeleteSession(ctx, tokenHash)
		return 0, ErrNotFound
	}
	// Writing on every request would serialize readers on SQLite; a minute
	// of precision is plenty for an idle timeout of hours.
	if now.Sub(fromMillis(lastSeen)) > time.Minute {
		if _, err := s.DB.ExecContext(ctx, "UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2", millis(now), tokenHash); err != nil {
			return 0, err
		}
	}
	return userID, nil
}

// DeleteSession ends a session.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := s.DB.ExecContext(ctx, "DELETE FROM sessions WHERE token_hash = $1", tokenHash)
	return err
}

// RecordLoginFailure notes a failed sign-in for a (normalized) user name
// and forgets failures older than the throttling window.
func (s *Store) RecordLoginFailure(ctx context.Context, username string, now time.Time) error {
	if _, err := s.DB.ExecContext(ctx, "DELETE FROM login_failures WHERE failed_at < $1", millis(now.Add(-auth.FailureWindow))); err != nil {
		return err
	}
	_, err := s.DB.ExecContext(ctx, "INSERT INTO login_failures (username, failed_at) VALUES ($1, $2)", username, millis(now))
	return err
}

// RecentLoginFailures returns the failures of a user name within the
// throttling window, oldest first.
func (s *Store) RecentLoginFailures(ctx context.Context, username string, now time.Time) ([]time.Time, error) {
	rows, err := s.DB.QueryContext(ctx, "SELECT failed_at FROM login_failures WHERE username = $1 AND failed_at >= $2 ORDER BY failed_at", username, millis(now.Add(-auth.FailureWindow)))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var ms int64
		if err := rows.Scan(&ms); err != nil {
			return nil, err
		}
		out = append(out, fromMillis(ms))
	}
	return out, rows.Err()
}

// ClearLoginFailures forgets a user name's failures after a good sign-in.
func (s *Store) ClearLoginFailures(ctx context.Context, username string) error {
	_, err := s.DB.ExecContext(ctx, "DELETE FROM login_failures WHERE username = $1", username)
	return err
}
