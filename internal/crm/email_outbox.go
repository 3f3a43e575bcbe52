package crm

import (
	"context"
	"errors"
	"fmt"
	"time"

	"magecrm/internal/mailer"
	"magecrm/internal/model"
	"magecrm/internal/richtext"
	"magecrm/internal/store"
)

// The email outbox's timing.
const (
	// emailPoll is the longest wait between looks at the outbox.
	emailPoll = 5 * time.Second
	// emailClaim is how long one attempt holds an email: if the process
	// dies while sending, the email is tried again after it.
	emailClaim = 2 * time.Minute
	// emailMaxAttempts is how many attempts a temporary failure gets
	// before the email is marked failed for a person to retry.
	emailMaxAttempts = 8
	// emailMaxBackoff bounds the wait between attempts.
	emailMaxBackoff = time.Hour
)

// WakeEmailOutbox makes the outbox look for due emails now.
func (s *Service) WakeEmailOutbox() {
	select {
	case s.emailWake <- struct{}{}:
	default:
	}
}

// RunEmailOutbox sends due emails until ctx ends: when woken after a save,
// and at least every few seconds (emails saved by another process, retries).
func (s *Service) RunEmailOutbox(ctx context.Context) {
	for ctx.Err() == nil {
		if _, err := s.DeliverEmails(ctx); err != nil && ctx.Err() == nil {
			s.Log.Error("email outbox", "err", err)
		}
		t := time.NewTimer(emailPoll)
		select {
		case <-ctx.Done():
		case <-s.emailWake:
		case <-t.C:
		}
		t.Stop()
	}
}

// DeliverEmails makes one attempt at every email due now and returns how
// many were sent. Several processes may run it at once: each email is
// claimed by one.
func (s *Service) DeliverEmails(ctx context.Context) (int, error) {
	now := s.Now().UTC()
	ids, err := s.Store.DueEmails(ctx, now, 100)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, id := range ids {
		a, err := s.Store.ClaimEmail(ctx, id, now, now.Add(emailClaim))
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return sent, err
		}
		o := s.attemptEmail(ctx, a)
		if err := s.Store.RecordEmailOutcome(ctx, id, o); err != nil {
			return sent, err
		}
		if o.State == model.EmailSent {
			sent++
		}
	}
	return sent, nil
}

// attemptEmail sends one email and says what came of it.
func (s *Service) attemptEmail(ctx context.Context, a *model.Activity) store.EmailOutcome {
	o := store.EmailOutcome{Attempts: a.EmailAttempts + 1}
	settings, err := s.Store.EmailSettings(ctx, a.OrganizationID)
	if err == nil {
		fromName := a.CreatedByName
		if settings.FromName != "" {
			fromName += " (" + settings.FromName + ")"
		}
		err = s.mailSender().Send(ctx, mailServer(settings), mailer.Message{From: settings.FromAddress, FromName: fromName,
			To: a.EmailTo, Subject: a.Subject, Text: a.Body, HTML: string(richtext.HTML(a.Body))})
	} else if errors.Is(err, ErrNotFound) {
		err = errors.New("email is not set up: an administrator enters the mail server under System → Email settings")
	}
	now := s.Now().UTC()
	var mailErr *mailer.Error
	switch {
	case err == nil:
		o.State, o.SentAt = model.EmailSent, now
	case errors.As(err, &mailErr) && mailErr.Temporary && o.Attempts < emailMaxAttempts:
		o.State, o.Error, o.Next = model.EmailQueued, err.Error(), now.Add(emailBackoff(o.Attempts))
	default:
		o.State, o.Error = model.EmailFailed, fmt.Sprintf("%v (after %d attempt%s)", err, o.Attempts, plural(o.Attempts))
	}
	if err != nil {
		s.Log.Warn("email not sent", "activity", a.ID, "attempt", o.Attempts, "err", err)
	}
	return o
}

// emailBackoff is the wait after a failed attempt: 1, 2, 4 … minutes, at
// most an hour.
func emailBackoff(attempts int) time.Duration {
	return min(time.Minute<<min(attempts-1, 10), emailMaxBackoff)
}
