package store

import (
	"context"
	"fmt"
	"time"

	"magecrm/internal/model"
)

const apiTokenColumns = `t.id, t.user_id, t.name, t.prefix, t.read_only, t.created_at, t.expires_at, t.last_used_at,
	t.revoked_at, ` + "COALESCE(NULLIF(trim(u.first_name || ' ' || u.last_name), ''), u.username)"

// scanAPIToken reads apiTokenColumns, then any extra columns into extra.
func scanAPIToken(sc interface{ Scan(...any) error }, extra ...any) (*model.APIToken, error) {
	var t model.APIToken
	var created, expires, used, revoked int64
	dest := append([]any{&t.ID, &t.UserID, &t.Name, &t.Prefix, &t.ReadOnly, &created, &expires, &used, &revoked, &t.UserName}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return nil, err
	}
	t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt = fromMillis(created), fromMillis(expires), fromMillis(used), fromMillis(revoked)
	return &t, nil
}

// CreateAPIToken stores a new token by its hash and sets t.ID.
func (s *Store) CreateAPIToken(ctx context.Context, t *model.APIToken, tokenHash string) error {
	err := s.DB.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, prefix, read_only, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		t.UserID, t.Name, tokenHash, t.Prefix, t.ReadOnly, millis(t.CreatedAt), millis(t.ExpiresAt)).Scan(&t.ID)
	if err != nil {
		return fmt.Errorf("create API token: %w", err)
	}
	return nil
}

// APITokens lists the tokens of one user (userID > 0) or of every user of
// the organization (userID 0), newest first.
func (s *Store) APITokens(ctx context.Context, orgID, userID int64) ([]model.APIToken, error) {
	q := "SELECT " + apiTokenColumns + " FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE u.organization_id = $1"
	args := []any{orgID}
	if userID > 0 {
		q += " AND t.user_id = $2"
		args = append(args, userID)
	}
	rows, err := s.DB.QueryContext(ctx, q+" ORDER BY t.id DESC", args...)
	if err != nil {
		return nil, fmt.Errorf("list API tokens: %w", err)
	}
	defer rows.Close()
	var out []model.APIToken
	for rows.Next() {
		t, err := scanAPIToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *t)
	}
	return out, rows.Err()
}

// APIToken returns one token of the organization.
func (s *Store) APIToken(ctx context.Context, orgID, id int64) (*model.APIToken, error) {
	t, err := scanAPIToken(s.DB.QueryRowContext(ctx, "SELECT "+apiTokenColumns+
		" FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE u.organization_id = $1 AND t.id = $2", orgID, id))
	return t, notFound(err, "load API token")
}

// RevokeAPIToken stops a token from signing requests in; revoking one
// already revoked keeps the first time.
func (s *Store) RevokeAPIToken(ctx context.Context, id int64, now time.Time) error {
	_, err := s.DB.ExecContext(ctx, "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at = 0", millis(now), id)
	return err
}

// APITokenByHash returns the live token with this hash and marks it used.
// A revoked or expired token, or one of a disabled user, is ErrNotFound.
func (s *Store) APITokenByHash(ctx context.Context, tokenHash string, now time.Time) (*model.APIToken, error) {
	var enabled bool
	t, err := scanAPIToken(s.DB.QueryRowContext(ctx, "SELECT "+apiTokenColumns+
		", u.enabled FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1", tokenHash), &enabled)
	if err != nil {
		return nil, notFound(err, "load API token")
	}
	if !enabled || !t.Active(now) {
		return nil, ErrNotFound
	}
	// As with sessions: a minute of precision, without a write per request.
	if now.Sub(t.LastUsedAt) > time.Minute {
		if _, err := s.DB.ExecContext(ctx, "UPDATE api_tokens SET last_used_at = $1 WHERE id = $2", millis(now), t.ID); err != nil {
			return nil, err
		}
		t.LastUsedAt = now
	}
	return t, nil
}

// IdempotentAnswer is the stored answer to a POST sent with an
// Idempotency-Key; Status 0 means the first request is still running.
type IdempotentAnswer struct {
	RequestHash string
	Status      int
	Headers     string // JSON object of header name to value
	Body        string
}

// ClaimIdempotencyKey records that a request with this key has started.
// When the key is already known it returns the stored answer (which may
// still be running) and claimed=false.
func (s *Store) ClaimIdempotencyKey(ctx context.Context, userID int64, key, requestHash string, now time.Time) (ans *IdempotentAnswer, claimed bool, err error) {
	_, err = s.DB.ExecContext(ctx, `INSERT INTO api_idempotency (user_id, idem_key, request_hash, created_at) VALUES ($1, $2, $3, $4)`,
		userID, key, requestHash, millis(now))
	if err == nil {
		return nil, true, nil
	}
	if !isUniqueViolation(err) {
		return nil, false, fmt.Errorf("claim idempotency key: %w", err)
	}
	var a IdempotentAnswer
	err = s.DB.QueryRowContext(ctx, "SELECT request_hash, status, headers, body FROM api_idempotency WHERE user_id = $1 AND idem_key = $2",
		userID, key).Scan(&a.RequestHash, &a.Status, &a.Headers, &a.Body)
	if err != nil {
		return nil, false, notFound(err, "load idempotency key")
	}
	return &a, false, nil
}

// FinishIdempotencyKey stores the answer to a claimed key, or forgets the
// key (status 0) so that a retry runs the request again.
func (s *Store) FinishIdempotencyKey(ctx context.Context, userID int64, key string, a IdempotentAnswer) error {
	var err error
	if a.Status == 0 {
		_, err = s.DB.ExecContext(ctx, "DELETE FROM api_idempotency WHERE user_id = $1 AND idem_key = $2", userID, key)
	} else {
		_, err = s.DB.ExecContext(ctx, "UPDATE api_idempotency SET status = $1, headers = $2, body = $3 WHERE user_id = $4 AND idem_key = $5",
			a.Status, a.Headers, a.Body, userID, key)
	}
	return err
}

// ForgetIdempotencyKeys drops keys older than before.
func (s *Store) ForgetIdempotencyKeys(ctx context.Context, before time.Time) error {
	_, err := s.DB.ExecContext(ctx, "DELETE FROM api_idempotency WHERE created_at < $1", millis(before))
	return err
}
