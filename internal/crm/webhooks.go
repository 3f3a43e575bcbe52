package crm

import (
	"context"
	"net/url"
	"strings"
	"time"

	"magecrm/internal/model"
	"magecrm/internal/store"
	"magecrm/internal/webhook"
)

// secretOffer is how long a new webhook secret waits for the page the
// browser is sent to next; it is shown there once.
const secretOffer = 10 * time.Minute

// WebhookInput is what an administrator fills in for a webhook.
type WebhookInput struct {
	URL         string
	Events      []string
	Description string
	// Paused, when set on a change, pauses (true) or resumes (false) the
	// webhook.
	Paused *bool
	// Version is the webhook's UpdatedAt the change was made on; a change
	// made on an older version is refused (ErrStale). Zero skips the check.
	Version time.Time
}

// validate checks a webhook's fields and returns it cleaned. Unless
// allowPrivate, a URL whose host is plainly not public (an IP address of
// this machine or its network, localhost) is refused, as its delivery
// would be.
func (in WebhookInput) validate(allowPrivate bool) (WebhookInput, FieldErrors) {
	fe := FieldErrors{}
	in.URL, in.Description = strings.TrimSpace(in.URL), strings.TrimSpace(in.Description)
	u, err := url.Parse(in.URL)
	switch {
	case in.URL == "":
		fe["url"] = "Enter the URL that receives the events, like https://erp.example.com/magecrm-events."
	case err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "":
		fe["url"] = "Enter a full http:// or https:// URL, like https://erp.example.com/magecrm-events."
	case u.User != nil:
		fe["url"] = "Leave user names and passwords out of the URL: every delivery is signed with the webhook's secret instead."
	case len(in.URL) > 2000:
		fe["url"] = "Use a URL of at most 2,000 characters."
	case !allowPrivate && webhook.PublicHost(u.Hostname()) != nil:
		fe["url"] = "Use a public address: " + u.Hostname() + " is this machine or its network, which webhooks may reach only when the server runs with --webhooks-allow-private."
	}
	if len(in.Events) == 0 {
		fe["events"] = "Choose at least one event."
	}
	for _, e := range in.Events {
		if !model.IsWebhookEvent(e) {
			fe["events"] = "Choose events from the list; \"" + e + "\" is not one."
		}
	}
	if len(in.Description) > 200 {
		fe["description"] = "Use at most 200 characters."
	}
	return in, fe
}

// Webhooks lists the organization's webhooks, for administrators.
func (s *Service) Webhooks(ctx context.Context, sess *Session) ([]model.Webhook, error) {
	if !IsAdministrator(sess) {
		return nil, ErrForbidden
	}
	return s.Store.Webhooks(ctx, sess.Actor.OrganizationID)
}

// Webhook returns one webhook, for administrators.
func (s *Service) Webhook(ctx context.Context, sess *Session, id int64) (*model.Webhook, error) {
	if !IsAdministrator(sess) {
		return nil, ErrForbidden
	}
	return s.Store.Webhook(ctx, sess.Actor.OrganizationID, id)
}

// CreateWebhook subscribes a URL to events and returns the webhook with
// its secret, which is shown this once. A page session is also offered it
// once more, on the page it is sent to next (TakeWebhookSecret).
func (s *Service) CreateWebhook(ctx context.Context, sess *Session, in WebhookInput) (*model.Webhook, string, error) {
	if !IsAdministrator(sess) {
		return nil, "", ErrForbidden
	}
	in, fe := in.validate(s.WebhooksAllowPrivate)
	if err := fe.orNil(); err != nil {
		return nil, "", err
	}
	now := s.Now().UTC()
	w := &model.Webhook{OrganizationID: sess.Actor.OrganizationID, URL: in.URL, Events: in.Events, Description: in.Description,
		CreatedBy: sess.User.ID, CreatedAt: now, UpdatedAt: now}
	secret := webhook.NewSecret()
	if err := s.Store.CreateWebhook(ctx, w, secret, s.secretReveal(sess, now)); err != nil {
		return nil, "", err
	}
	s.Log.Info("webhook created", "webhook", w.ID, "events", model.EventList(w.Events), "by", sess.User.Username)
	w, err := s.Store.Webhook(ctx, w.OrganizationID, w.ID)
	return w, secret, err
}

func (s *Service) secretReveal(sess *Session, now time.Time) store.SecretReveal {
	return store.SecretReveal{Session: sess.TokenHash, Until: now.Add(secretOffer)}
}

// UpdateWebhook changes a webhook's URL, events and description, and
// pauses or resumes it (in.Paused), on the version in.Version; its secret
// stays. A person's pause holds new events as a failing receiver's does.
func (s *Service) UpdateWebhook(ctx context.Context, sess *Session, id int64, in WebhookInput) (*model.Webhook, error) {
	w, err := s.Webhook(ctx, sess, id)
	if err != nil {
		return nil, err
	}
	if stale(in.Version, w.UpdatedAt) {
		return nil, ErrStale
	}
	// A URL kept as it was is not refused for its host (it may have been
	// made while private addresses were allowed); its deliveries are.
	in, fe := in.validate(s.WebhooksAllowPrivate || strings.TrimSpace(in.URL) == w.URL)
	if err := fe.orNil(); err != nil {
		return nil, err
	}
	now, prev := s.Now().UTC(), w.UpdatedAt
	w.URL, w.Events, w.Description, w.UpdatedAt = in.URL, in.Events, in.Description, nextVersion(now, prev)
	switch {
	case in.Paused == nil:
	case *in.Paused && !w.Paused():
		w.PausedAt = now
		w.PausedReason = "Paused by " + sess.User.DisplayName() + " on " + now.Format("2006-01-02 15:04 UTC") +
			": new events are held until the webhook is resumed."
	case !*in.Paused:
		w.PausedAt, w.PausedReason = time.Time{}, ""
	}
	if err := s.Store.UpdateWebhook(ctx, w, prev); err != nil {
		return nil, err
	}
	s.Log.Info("webhook changed", "webhook", id, "events", model.EventList(w.Events), "paused", w.Paused(), "by", sess.User.Username)
	if !w.Paused() {
		s.WakeWebhooks()
	}
	return s.Store.Webhook(ctx, w.OrganizationID, id)
}

// PauseWebhook pauses a webhook: new events are held until it is resumed.
func (s *Service) PauseWebhook(ctx context.Context, sess *Session, id int64) error {
	w, err := s.Webhook(ctx, sess, id)
	if err != nil || w.Paused() {
		return err
	}
	paused := true
	_, err = s.UpdateWebhook(ctx, sess, id, WebhookInput{URL: w.URL, Events: w.Events, Description: w.Description,
		Paused: &paused, Version: w.UpdatedAt})
	return err
}

// ReplaceWebhookSecret gives a webhook a new secret and returns it, shown
// this once (and offered to a page session as CreateWebhook does). The old
// secret stops signing at once: receivers must take the new one.
func (s *Service) ReplaceWebhookSecret(ctx context.Context, sess *Session, id int64) (string, error) {
	if !IsAdministrator(sess) {
		return "", ErrForbidden
	}
	secret := webhook.NewSecret()
	if err := s.Store.ReplaceWebhookSecret(ctx, sess.Actor.OrganizationID, id, secret, s.secretReveal(sess, s.Now().UTC())); err != nil {
		return "", err
	}
	s.Log.Info("webhook secret replaced", "webhook", id, "by", sess.User.Username)
	return secret, nil
}

// TakeWebhookSecret returns the webhook's new secret when it was made for
// this page session moments ago and not shown yet; "" otherwise. Once
// taken, it is not given again.
func (s *Service) TakeWebhookSecret(ctx context.Context, sess *Session, id int64) (string, error) {
	if !IsAdministrator(sess) {
		return "", ErrForbidden
	}
	return s.Store.TakeWebhookSecret(ctx, sess.Actor.OrganizationID, id, sess.TokenHash, s.Now().UTC())
}

// DeleteWebhook removes a webhook with its deliveries and their log.
func (s *Service) DeleteWebhook(ctx context.Context, sess *Session, id int64) error {
	if !IsAdministrator(sess) {
		return ErrForbidden
	}
	if err := s.Store.DeleteWebhook(ctx, sess.Actor.OrganizationID, id); err != nil {
		return err
	}
	s.Log.Info("webhook deleted", "webhook", id, "by", sess.User.Username)
	return nil
}

// ResumeWebhook makes a paused webhook deliver again: its held deliveries
// and those it gave up on are sent again, from their first attempt.
func (s *Service) ResumeWebhook(ctx context.Context, sess *Session, id int64) error {
	if !IsAdministrator(sess) {
		return ErrForbidden
	}
	if err := s.Store.ResumeWebhook(ctx, sess.Actor.OrganizationID, id, s.Now().UTC()); err != nil {
		return err
	}
	s.Log.Info("webhook resumed", "webhook", id, "by", sess.User.Username)
	s.WakeWebhooks()
	return nil
}

// WebhookDeliveries lists a webhook's newest deliveries with their last
// attempt: its delivery log.
func (s *Service) WebhookDeliveries(ctx context.Context, sess *Session, id int64, limit int) ([]model.WebhookDelivery, error) {
	if _, err := s.Webhook(ctx, sess, id); err != nil {
		return nil, err
	}
	return s.Store.WebhookDeliveries(ctx, id, limit)
}

// WebhookAttempts lists every attempt at one delivery of a webhook.
func (s *Service) WebhookAttempts(ctx context.Context, sess *Session, id, deliveryID int64) ([]model.WebhookAttempt, error) {
	if _, err := s.Webhook(ctx, sess, id); err != nil {
		return nil, err
	}
	return s.Store.WebhookAttempts(ctx, id, deliveryID)
}
