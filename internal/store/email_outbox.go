package store

import (
	"context"
	"fmt"
	"time"

	"magecrm/internal/model"
)

// DueEmails returns the ids of queued emails whose next attempt is due.
func (s *Store) DueEmails(ctx context.Context, now time.Time, limit int) ([]int64, error) {
	ids, err := s.ids(ctx, fmt.Sprintf(`SELECT act.id FROM activities act WHERE act.email_state = 'queued'
		AND act.email_next_at <= $1 ORDER BY act.email_next_at, act.id LIMIT %d`, pageLimit(limit)), millis(now))
	if err != nil {
		return nil, fmt.Errorf("list due emails: %w", err)
	}
	out := make([]int64, len(ids))
	for i, id := range ids {
		out[i] = id.(int64)
	}
	return out, nil
}

// ClaimEmail takes a due email for one sending attempt by moving its next
// attempt to until; false when another process took it first. If the
// process dies while sending, the email is due again at until.
func (s *Store) ClaimEmail(ctx context.Context, id int64, now, until time.Time) (*model.Activity, error) {
	res, err := s.DB.ExecContext(ctx, `UPDATE activities SET email_next_at = $1
		WHERE id = $2 AND email_state = 'queued' AND email_next_at <= $3`, millis(until), id, millis(now))
	if err != nil {
		return nil, fmt.Errorf("claim email %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, ErrNotFound
	}
	a, err := scanActivity(s.DB.QueryRowContext(ctx, "SELECT "+activityColumns+activityFrom+" WHERE act.id = $1", id))
	if err != nil {
		return nil, notFound(err, "load email")
	}
	return a, s.loadActivityParts(ctx, []*model.Activity{a}, true)
}

// EmailOutcome is what one sending attempt came to.
type EmailOutcome struct {
	State    string // model.EmailSent, EmailQueued (retry at Next) or EmailFailed
	Error    string
	Attempts int
	Next     time.Time
	SentAt   time.Time
}

// RecordEmailOutcome saves an attempt's outcome.
func (s *Store) RecordEmailOutcome(ctx context.Context, id int64, o EmailOutcome) error {
	_, err := s.DB.ExecContext(ctx, `UPDATE activities SET email_state = $1, email_error = $2, email_attempts = $3,
		email_next_at = $4, email_sent_at = $5 WHERE id = $6`,
		o.State, o.Error, o.Attempts, millis(o.Next), millis(o.SentAt), id)
	if err != nil {
		return fmt.Errorf("record email %d: %w", id, err)
	}
	return nil
}

// RequeueEmail makes a failed or waiting email due now, its attempts
// counted anew.
func (s *Store) RequeueEmail(ctx context.Context, id int64, now time.Time) error {
	res, err := s.DB.ExecContext(ctx, `UPDATE activities SET email_state = 'queued', email_attempts = 0, email_next_at = $1
		WHERE id = $2 AND kind = 'email' AND email_state IN ('queued', 'failed')`, millis(now), id)
	if err != nil {
		return fmt.Errorf("retry email %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Refusal("This email was sent already; there is nothing to retry.")
	}
	return nil
}
