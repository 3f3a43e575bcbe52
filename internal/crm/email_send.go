package crm

import (
	"context"
	"errors"
	"net/mail"
	"strings"

	"magecrm/internal/acl"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

// EmailInput is an email a person writes to a customer or contact.
type EmailInput struct {
	// Targets are the records it is about; the first is the one it was
	// written from.
	Targets []model.ActivityTarget
	To      string
	Subject string
	Body    string // Markdown; sent as plain text with an HTML alternative
}

// SendEmail saves an email as an activity waiting to be sent and wakes the
// outbox, which sends it (and retries it) in the background: the email is
// on record before any attempt, so a failure never loses it.
func (s *Service) SendEmail(ctx context.Context, sess *Session, in EmailInput) (*model.Activity, error) {
	if !sess.Actor.Can(acl.Activity, acl.Create) {
		return nil, ErrForbidden
	}
	targets, err := s.activityTargets(ctx, sess, model.KindEmail, in.Targets)
	if err != nil {
		return nil, err
	}
	settings, err := s.Store.EmailSettings(ctx, sess.Actor.OrganizationID)
	if errors.Is(err, ErrNotFound) {
		return nil, Refusal("Email is not set up yet: an administrator enters the mail server under System → Email settings.")
	}
	if err != nil {
		return nil, err
	}
	fe := FieldErrors{}
	to := strings.TrimSpace(in.To)
	if a, err := mail.ParseAddress(to); err != nil || a.Address != to {
		fe["to"] = "Enter the address to write to, like name@example.com."
	}
	subject, body := strings.TrimSpace(in.Subject), strings.TrimSpace(in.Body)
	switch {
	case subject == "":
		fe["subject"] = "Write a subject."
	case len(subject) > maxFieldLength || strings.ContainsAny(subject, "\r\n"):
		fe["subject"] = "Use one line of at most 255 characters."
	}
	switch {
	case body == "":
		fe["body"] = "Write the message."
	case len(body) > maxBodyLength:
		fe["body"] = "Use at most 100,000 characters."
	}
	if err := fe.orNil(); err != nil {
		return nil, err
	}
	now := s.Now().UTC()
	a := &model.Activity{OrganizationID: sess.Actor.OrganizationID, OwnerUserID: sess.User.ID, CreatedByUserID: sess.User.ID,
		Kind: model.KindEmail, Subject: subject, Body: body, Targets: targets, EmailFrom: settings.FromAddress, EmailTo: to,
		EmailState: model.EmailQueued, EmailNextAt: now}
	if err := s.Store.CreateEmail(ctx, store.ActivityChange{Activity: a, ActorID: sess.User.ID, At: now}); err != nil {
		return nil, err
	}
	s.WakeEmailOutbox()
	return a, nil
}

// RetryEmail sends an email that failed (or waits for its next attempt)
// again now. Whoever may edit the activity may retry it.
func (s *Service) RetryEmail(ctx context.Context, sess *Session, id int64) (*model.Activity, error) {
	a, err := s.mayActivity(ctx, sess, id, acl.Edit)
	if err != nil {
		return nil, err
	}
	if a.Kind != model.KindEmail {
		return nil, Refusal("Only an email can be sent again.")
	}
	if err := s.Store.RequeueEmail(ctx, id, s.Now().UTC()); err != nil {
		return nil, err
	}
	s.WakeEmailOutbox()
	return a, nil
}
