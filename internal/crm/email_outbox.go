package crm

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"magecrm/internal/jobs"
	"magecrm/internal/mailer"
	"magecrm/internal/model"
	"magecrm/internal/richtext"
	"magecrm/internal/store"
)

// The email outbox's timing.
const (
	// emailMaxAttempts is how many attempts a temporary failure gets
	// before the email is marked failed for a person to retry.
	emailMaxAttempts = 8
	// emailMaxBackoff bounds the wait between attempts.
	emailMaxBackoff = time.Hour
)

// emailOutbox is the worker of the email queue, made once per service.
type emailOutbox struct {
	once   sync.Once
	worker *jobs.Worker
}

func (s *Service) emailWorker() *jobs.Worker {
	s.outbox.once.Do(func() {
		s.outbox.worker = &jobs.Worker{DB: s.Store.DB.DB, Queue: store.EmailQueue, Handle: s.sendEmailJob,
			Concurrency: 2, MaxBackoff: emailMaxBackoff, Now: s.Now, Log: s.Log}
	})
	return s.outbox.worker
}

// WakeEmailOutbox makes the outbox look for due emails now.
func (s *Service) WakeEmailOutbox() { s.emailWorker().Wake() }

// RunEmailOutbox sends emails until ctx ends: at once after a save, and at
// least every few seconds (emails saved by another process, retries). One
// process at a time works the queue (its lease in the database).
func (s *Service) RunEmailOutbox(ctx context.Context) { s.emailWorker().Run(ctx) }

// DeliverEmails makes one attempt at every email due now and returns how
// many attempts it made.
func (s *Service) DeliverEmails(ctx context.Context) (int, error) {
	return s.emailWorker().RunOnce(ctx)
}

// sendEmailJob sends one email and records what came of it with the job.
func (s *Service) sendEmailJob(ctx context.Context, j jobs.Job) jobs.Result {
	id, err := store.EmailIDOfJob(j.Key)
	if err != nil {
		return jobs.Fail(err, nil)
	}
	a, err := s.Store.EmailToSend(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return jobs.Done(nil) // deleted meanwhile
	}
	if err != nil {
		return jobs.Retry(err, 0, nil)
	}
	err = s.sendEmail(ctx, a)
	o := store.EmailOutcome{Attempts: j.Attempts}
	record := func(ctx context.Context, tx *sql.Tx) error { return store.RecordEmailOutcome(ctx, tx, id, o) }
	now := s.Now().UTC()
	var mailErr *mailer.Error
	switch {
	case err == nil:
		o.State, o.SentAt = model.EmailSent, now
		return jobs.Done(record)
	case errors.As(err, &mailErr) && mailErr.Temporary && j.Attempts < emailMaxAttempts:
		wait := emailBackoff(j.Attempts)
		o.State, o.Error, o.Next = model.EmailQueued, err.Error(), now.Add(wait)
		s.Log.Warn("email not sent; trying again", "activity", id, "attempt", j.Attempts, "err", err)
		return jobs.Retry(err, wait, record)
	}
	o.State, o.Error = model.EmailFailed, fmt.Sprintf("%v (after %d attempt%s)", err, j.Attempts, plural(j.Attempts))
	s.Log.Warn("email not sent", "activity", id, "attempt", j.Attempts, "err", err)
	return jobs.Fail(err, record)
}

// sendEmail sends an email activity with the organization's settings.
func (s *Service) sendEmail(ctx context.Context, a *model.Activity) error {
	settings, err := s.Store.EmailSettings(ctx, a.OrganizationID)
	if errors.Is(err, ErrNotFound) {
		return errors.New("email is not set up: an administrator enters the mail server under System → Email settings")
	}
	if err != nil {
		return err
	}
	fromName := a.CreatedByName
	if settings.FromName != "" {
		fromName += " (" + settings.FromName + ")"
	}
	return s.mailSender().Send(ctx, mailServer(settings), mailer.Message{From: settings.FromAddress, FromName: fromName,
		To: a.EmailTo, Subject: a.Subject, Text: a.Body, HTML: string(richtext.HTML(a.Body))})
}

// emailBackoff is the wait after a failed attempt: 1, 2, 4 … minutes, at
// most an hour.
func emailBackoff(attempts int) time.Duration {
	return min(time.Minute<<min(max(attempts-1, 0), 10), emailMaxBackoff)
}
