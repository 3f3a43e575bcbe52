package crm

import (
	"context"
	"net/url"
	"strings"

	"magecrm/internal/model"
	"magecrm/internal/webhook"
)

// WebhookInput is what an administrator fills in for a webhook.
type WebhookInput struct {
	URL         string
	Events      []string
	Description string
}

// validate checks a webhook's fields and returns it cleaned.
func (in WebhookInput) validate() (WebhookInput, FieldErrors) {
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
// its secret, which is shown this once and never again.
func (s *Service) CreateWebhook(ctx context.Context, sess *Session, in WebhookInput) (*model.Webhook, string, error) {
	if !IsAdministrator(sess) {
		return nil, "", ErrForbidden
	}
	in, fe := in.validate()
	if err := fe.orNil(); err != nil {
		return nil, "", err
	}
	now := s.Now().UTC()
	w := &model.Webhook{OrganizationID: sess.Actor.OrganizationID, URL: in.URL, Events: in.Events, Description: in.Description,
		CreatedBy: sess.User.ID, CreatedAt: now, UpdatedAt: now}
	secret := webhook.NewSecret()
	if err := s.Store.CreateWebhook(ctx, w, secret); err != nil {
		return nil, "", err
	}
	s.Log.Info("webhook created", "webhook", w.ID, "events", model.EventList(w.Events), "by", sess.User.Username)
	w, err := s.Store.Webhook(ctx, w.OrganizationID, w.ID)
	return w, secret, err
}

// UpdateWebhook changes a webhook's URL, events and description; its
// secret stays.
func (s *Service) UpdateWebhook(ctx context.Context, sess *Session, id int64, in WebhookInput) (*model.Webhook, error) {
	w, err := s.Webhook(ctx, sess, id)
	if err != nil {
		return nil, err
	}
	in, fe := in.validate()
	if err := fe.orNil(); err != nil {
		return nil, err
	}
	w.URL, w.Events, w.Description, w.UpdatedAt = in.URL, in.Events, in.Description, s.Now().UTC()
	if err := s.Store.UpdateWebhook(ctx, w); err != nil {
		return nil, err
	}
	s.Log.Info("webhook changed", "webhook", id, "events", model.EventList(w.Events), "by", sess.User.Username)
	return s.Store.Webhook(ctx, w.OrganizationID, id)
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
