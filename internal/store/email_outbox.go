package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"magecrm/internal/jobs"
	"magecrm/internal/model"
)

// EmailQueue names the jobs queue of emails waiting to be sent.
const EmailQueue = "email"

// emailJobKey names an email's work in the email queue.
func emailJobKey(activityID int64) string { return "activity:" + strconv.FormatInt(activityID, 10) }

// EmailIDOfJob returns the email activity an email job is about.
func EmailIDOfJob(key string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(key, "activity:"), 10, 64)
	if err != nil || !strings.HasPrefix(key, "activity:") {
		return 0, fmt.Errorf("email job %q is not an activity's", key)
	}
	return id, nil
}

// CreateEmail saves a new email activity (see CreateActivity) and, in the
// same transaction, its job in the email queue: it is never saved without
// being sent, nor sent without being saved.
func (s *Store) CreateEmail(ctx context.Context, ch ActivityChange) error {
	return s.Tx(ctx, func(tx *sql.Tx) error {
		if err := insertActivity(ctx, tx, ch); err != nil {
			return err
		}
		return jobs.Enqueue(ctx, tx, EmailQueue, emailJobKey(ch.Activity.ID), "email", "", ch.At)
	})
}

// EmailToSend loads an email activity for its job, whatever anyone's scope.
func (s *Store) EmailToSend(ctx context.Context, id int64) (*model.Activity, error) {
	a, err := scanActivity(s.DB.QueryRowContext(ctx, "SELECT "+activityColumns+activityFrom+
		" WHERE act.id = $1 AND act.kind = 'email'", id))
	if err != nil {
		return nil, notFound(err, "load email")
	}
	return a, nil
}

// EmailOutcome is what one sending attempt came to.
type EmailOutcome struct {
	State    string // model.EmailSent, EmailQueued (tried again at Next) or EmailFailed
	Error    string
	Attempts int
	Next     time.Time
	SentAt   time.Time
}

// RecordEmailOutcome saves an attempt's outcome inside the transaction
// that also closes or reschedules its job.
func RecordEmailOutcome(ctx context.Context, tx *sql.Tx, id int64, o EmailOutcome) error {
	_, err := tx.ExecContext(ctx, `UPDATE activities SET email_state = $1, email_error = $2, email_attempts = $3,
		email_next_at = $4, email_sent_at = $5 WHERE id = $6`,
		o.State, o.Error, o.Attempts, millis(o.Next), millis(o.SentAt), id)
	if err != nil {
		return fmt.Errorf("record email %d: %w", id, err)
	}
	return nil
}

// RequeueEmail makes a failed or waiting email due now, its attempts
// counted anew, by enqueueing its job again.
func (s *Store) RequeueEmail(ctx context.Context, id int64, now time.Time) error {
	return s.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE activities SET email_state = 'queued', email_attempts = 0, email_next_at = $1
			WHERE id = $2 AND kind = 'email' AND email_state IN ('queued', 'failed')`, millis(now), id)
		if err != nil {
			return fmt.Errorf("retry email %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return Refusal("This email was sent already; there is nothing to retry.")
		}
		return jobs.Enqueue(ctx, tx, EmailQueue, emailJobKey(id), "email", "", now)
	})
}
