package store

import (
	"context"
	"database/sql"
	"time"

	"magecrm/internal/auth"
	"magecrm/internal/model"
)

// CreateSession stores a session by its token hash.
func (s *Store) CreateSession(ctx context.Context, tokenHash string, userID int64, now time.Time) error {
	_, err := s.DB.ExecContext(ctx, "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $3, $4)",
		tokenHash, userID, millis(now), millis(now.Add(auth.MaxAge)))
	return err
}

// SessionUser returns the user of a live session, with their roles, and
// marks it seen. A session past its idle timeout or maximum age, or of a
// disabled user, is ErrNotFound. The session and its user are read in one
// statement: every signed-in request asks.
func (s *Store) SessionUser(ctx context.Context, tokenHash string, now time.Time) (*model.User, error) {
	var lastSeen, expires int64
	var u *model.User
	row := s.DB.QueryRowContext(ctx, "SELECT s.last_seen_at, s.expires_at, "+userColumns+
		" FROM sessions s JOIN users u ON u.id = s.user_id JOIN business_units b ON b.id = u.business_unit_id WHERE s.token_hash = $1", tokenHash)
	u, err := scanUser(sessionRow{row, &lastSeen, &expires})
	if err != nil {
		return nil, notFound(err, "load session")
	}
	if !u.Enabled || now.UnixMilli() > expires || now.Sub(fromMillis(lastSeen)) > auth.IdleTimeout {
		s.DeleteSession(ctx, tokenHash)
		return nil, ErrNotFound
	}
	// Writing on every request would serialize readers on SQLite; a minute
	// of precision is plenty for an idle timeout of hours.
	if now.Sub(fromMillis(lastSeen)) > time.Minute {
		if _, err := s.DB.ExecContext(ctx, "UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2", millis(now), tokenHash); err != nil {
			return nil, err
		}
	}
	list := []model.User{*u}
	err = s.fillRoles(ctx, list)
	return &list[0], err
}

// sessionRow scans a session's times before the user's columns.
type sessionRow struct {
	row               *sql.Row
	lastSeen, expires *int64
}

func (r sessionRow) Scan(dest ...any) error {
	return r.row.Scan(append([]any{r.lastSeen, r.expires}, dest...)...)
}

// DeleteSession ends a session.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := s.DB.ExecContext(ctx, "DELETE FROM sessions WHERE token_hash = $1", tokenHash)
	return err
}

// RecordSignInAttempt writes down a sign-in attempt before its password is
// checked, then counts the other attempts within the throttling window
// that the rules weigh. Writing first and counting after makes racing
// attempts see each other: of any two, the later count includes the other.
func (s *Store) RecordSignInAttempt(ctx context.Context, username, client string, now time.Time) (int64, auth.Attempts, error) {
	since := millis(now.Add(-auth.FailureWindow))
	var a auth.Attempts
	if _, err := s.DB.ExecContext(ctx, "DELETE FROM sign_in_attempts WHERE attempted_at < $1", since); err != nil {
		return 0, a, err
	}
	var id int64
	err := s.DB.QueryRowContext(ctx, "INSERT INTO sign_in_attempts (username, client, attempted_at) VALUES ($1, $2, $3) RETURNING id",
		username, client, millis(now)).Scan(&id)
	if err != nil {
		return 0, a, err
	}
	var pairLatest, clientOldest sql.NullInt64
	err = s.DB.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM sign_in_attempts WHERE username = $1 AND client = $2 AND attempted_at >= $3 AND id <> $4),
		(SELECT MAX(attempted_at) FROM sign_in_attempts WHERE username = $1 AND client = $2 AND attempted_at >= $3 AND id <> $4),
		(SELECT COUNT(*) FROM sign_in_attempts WHERE username = $1 AND attempted_at >= $3 AND id <> $4),
		(SELECT COUNT(*) FROM sign_in_attempts WHERE client = $2 AND attempted_at >= $3 AND id <> $4),
		(SELECT MIN(attempted_at) FROM sign_in_attempts WHERE client = $2 AND attempted_at >= $3 AND id <> $4)`,
		username, client, since, id).Scan(&a.Pair, &pairLatest, &a.User, &a.Client, &clientOldest)
	a.PairLatest, a.ClientOldest = fromMillis(pairLatest.Int64), fromMillis(clientOldest.Int64)
	return id, a, err
}

// ForgetSignInAttempt removes an attempt that was refused before its
// password was checked: only checked attempts count as failures.
func (s *Store) ForgetSignInAttempt(ctx context.Context, id int64) error {
	_, err := s.DB.ExecContext(ctx, "DELETE FROM sign_in_attempts WHERE id = $1", id)
	return err
}

// ClearSignInFailures forgets the failures of a user name from one address
// after a good sign-in from there; other addresses' failures stay.
func (s *Store) ClearSignInFailures(ctx context.Context, username, client string) error {
	_, err := s.DB.ExecContext(ctx, "DELETE FROM sign_in_attempts WHERE username = $1 AND client = $2", username, client)
	return err
}
