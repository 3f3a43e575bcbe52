package api

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"magecrm/internal/crm"
	"magecrm/internal/model"
)

// Webhook is a URL subscribed to events; its secret is shown only in the
// answer to its create.
type Webhook struct {
	ID           int64      `json:"id"`
	URL          string     `json:"url"`
	Events       []string   `json:"events"`
	Description  string     `json:"description"`
	Secret       string     `json:"secret,omitempty" doc:"Signs every delivery (see Magecrm-Signature). Only in the first answer to the create or to replacing the secret; never again"`
	Paused       bool       `json:"paused" doc:"Deliveries kept failing: events are held until the webhook is resumed"`
	PausedAt     *time.Time `json:"paused_at,omitempty"`
	PausedReason string     `json:"paused_reason,omitempty"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
}

func webhookOut(w *model.Webhook) Webhook {
	out := Webhook{ID: w.ID, URL: w.URL, Events: w.Events, Description: w.Description, Paused: w.Paused(),
		PausedReason: w.PausedReason, CreatedAt: w.CreatedAt, UpdatedAt: w.UpdatedAt}
	if out.Events == nil {
		out.Events = []string{}
	}
	if w.Paused() {
		out.PausedAt = &w.PausedAt
	}
	return out
}

// WebhookWrite is a new webhook.
type WebhookWrite struct {
	URL         string   `json:"url" doc:"http:// or https:// URL that receives the events by POST"`
	Events      []string `json:"events" doc:"customer.created, customer.updated, customer.removed_in_magento, sync_run.finished, activity.created"`
	Description string   `json:"description,omitempty"`
}

type webhookListOutput struct {
	Body struct {
		Items []Webhook `json:"items"`
	}
}

func (s *Server) listWebhooks(ctx context.Context, _ *struct{}) (*webhookListOutput, error) {
	list, err := s.CRM.Webhooks(ctx, sessionOf(ctx))
	if err != nil {
		return nil, s.problem(err)
	}
	out := &webhookListOutput{}
	out.Body.Items = make([]Webhook, len(list))
	for i := range list {
		out.Body.Items[i] = webhookOut(&list[i])
	}
	return out, nil
}

type webhookOutput struct {
	ETag     string `header:"ETag"`
	Location string `header:"Location" doc:"Set on create"`
	Body     Webhook
}

func webhookAnswer(w *model.Webhook) *webhookOutput {
	return &webhookOutput{ETag: versionTag(w.UpdatedAt.UnixMilli()), Body: webhookOut(w)}
}

func (s *Server) getWebhook(ctx context.Context, in *recordIDInput) (*webhookOutput, error) {
	w, err := s.CRM.Webhook(ctx, sessionOf(ctx), in.ID)
	if err != nil {
		return nil, s.problem(err)
	}
	return webhookAnswer(w), nil
}

type webhookCreateInput struct {
	IdempotencyKey string `header:"Idempotency-Key" doc:"Makes a retried create answer the first create (without the secret)"`
	Body           WebhookWrite
}

func (s *Server) createWebhook(ctx context.Context, in *webhookCreateInput) (*webhookOutput, error) {
	w, secret, err := s.CRM.CreateWebhook(ctx, sessionOf(ctx), crm.WebhookInput{URL: in.Body.URL, Events: in.Body.Events,
		Description: in.Body.Description})
	if err != nil {
		return nil, s.problem(err)
	}
	out := webhookAnswer(w)
	out.Location, out.Body.Secret = Prefix+"/webhooks/"+itoa(w.ID), secret
	return out, nil
}

// WebhookPatch is a change of a webhook: members left out keep their value.
type WebhookPatch struct {
	URL         *string   `json:"url,omitempty" doc:"http:// or https:// URL that receives the events by POST"`
	Events      *[]string `json:"events,omitempty" doc:"Replaces the events; see create"`
	Description *string   `json:"description,omitempty"`
	Paused      *bool     `json:"paused,omitempty" doc:"true pauses it (new events are held); false resumes it (held and failed deliveries are sent again)"`
}

type webhookUpdateInput struct {
	ID      int64  `path:"id"`
	IfMatch string `header:"If-Match" doc:"The webhook's ETag; required"`
	Body    WebhookPatch
}

func (s *Server) updateWebhook(ctx context.Context, in *webhookUpdateInput) (*webhookOutput, error) {
	version, err := ifMatchTime(in.IfMatch)
	if err != nil {
		return nil, err
	}
	sess := sessionOf(ctx)
	old, err := s.CRM.Webhook(ctx, sess, in.ID)
	if err != nil {
		return nil, s.problem(err)
	}
	w, err := s.CRM.UpdateWebhook(ctx, sess, in.ID, crm.WebhookInput{URL: deref(in.Body.URL, old.URL),
		Events: deref(in.Body.Events, old.Events), Description: deref(in.Body.Description, old.Description),
		Paused: in.Body.Paused, Version: version})
	if err != nil {
		return nil, s.problem(err)
	}
	return webhookAnswer(w), nil
}

func (s *Server) replaceWebhookSecret(ctx context.Context, in *recordIDInput) (*webhookOutput, error) {
	secret, err := s.CRM.ReplaceWebhookSecret(ctx, sessionOf(ctx), in.ID)
	if err != nil {
		return nil, s.problem(err)
	}
	out, err := s.getWebhook(ctx, in)
	if err != nil {
		return nil, err
	}
	out.Body.Secret = secret
	return out, nil
}

func (s *Server) deleteWebhook(ctx context.Context, in *recordIDInput) (*struct{}, error) {
	if err := s.CRM.DeleteWebhook(ctx, sessionOf(ctx), in.ID); err != nil {
		return nil, s.problem(err)
	}
	return nil, nil
}

func (s *Server) resumeWebhook(ctx context.Context, in *recordIDInput) (*webhookOutput, error) {
	if err := s.CRM.ResumeWebhook(ctx, sessionOf(ctx), in.ID); err != nil {
		return nil, s.problem(err)
	}
	return s.getWebhook(ctx, in)
}

// WebhookDelivery is one event sent (or to be sent) to a webhook, with
// its newest attempt.
type WebhookDelivery struct {
	ID        int64           `json:"id" doc:"Also in the Magecrm-Delivery header and the body's id"`
	Event     string          `json:"event"`
	Data      json.RawMessage `json:"data"`
	State     string          `json:"state" enum:"pending,delivered,failed,held"`
	Attempts  int             `json:"attempts"`
	CreatedAt time.Time       `json:"created_at"`
	Last      *WebhookAttempt `json:"last_attempt,omitempty"`
}

// WebhookAttempt is one try at a delivery.
type WebhookAttempt struct {
	Attempt     int       `json:"attempt"`
	StatusCode  int       `json:"status_code" doc:"The receiver's answer; 0 when it did not answer"`
	Error       string    `json:"error,omitempty"`
	DurationMS  int64     `json:"duration_ms"`
	AttemptedAt time.Time `json:"attempted_at"`
}

func attemptOut(a *model.WebhookAttempt) WebhookAttempt {
	return WebhookAttempt{Attempt: a.Attempt, StatusCode: a.StatusCode, Error: a.Error, DurationMS: a.Duration.Milliseconds(), AttemptedAt: a.At}
}

type webhookDeliveriesInput struct {
	ID    int64 `path:"id"`
	Limit int   `query:"limit" minimum:"1" maximum:"500" default:"50"`
}

type webhookDeliveriesOutput struct {
	Body struct {
		Items []WebhookDelivery `json:"items"`
	}
}

func (s *Server) listWebhookDeliveries(ctx context.Context, in *webhookDeliveriesInput) (*webhookDeliveriesOutput, error) {
	list, err := s.CRM.WebhookDeliveries(ctx, sessionOf(ctx), in.ID, in.Limit)
	if err != nil {
		return nil, s.problem(err)
	}
	out := &webhookDeliveriesOutput{}
	out.Body.Items = make([]WebhookDelivery, len(list))
	for i, d := range list {
		out.Body.Items[i] = WebhookDelivery{ID: d.ID, Event: d.Event, Data: json.RawMessage(d.Payload), State: d.State,
			Attempts: d.Attempts, CreatedAt: d.CreatedAt}
		if d.Last != nil {
			a := attemptOut(d.Last)
			out.Body.Items[i].Last = &a
		}
	}
	return out, nil
}

type webhookAttemptsInput struct {
	ID       int64 `path:"id"`
	Delivery int64 `path:"delivery"`
}

type webhookAttemptsOutput struct {
	Body struct {
		Items []WebhookAttempt `json:"items"`
	}
}

func (s *Server) listWebhookAttempts(ctx context.Context, in *webhookAttemptsInput) (*webhookAttemptsOutput, error) {
	list, err := s.CRM.WebhookAttempts(ctx, sessionOf(ctx), in.ID, in.Delivery)
	if err != nil {
		return nil, s.problem(err)
	}
	out := &webhookAttemptsOutput{}
	out.Body.Items = make([]WebhookAttempt, len(list))
	for i := range list {
		out.Body.Items[i] = attemptOut(&list[i])
	}
	return out, nil
}

func webhookRoutes(s *Server) {
	a := s.api
	huma.Register(a, op(http.MethodGet, "/webhooks", "list-webhooks", "Webhooks", "List webhooks (administrators)", 403), s.listWebhooks)
	huma.Register(a, created("/webhooks", "create-webhook", "Webhooks", "Subscribe a URL to events (administrators); the answer holds the secret, shown once", 403, 409, 422), s.createWebhook)
	huma.Register(a, op(http.MethodGet, "/webhooks/{id}", "get-webhook", "Webhooks", "Get a webhook", 403, 404), s.getWebhook)
	huma.Register(a, op(http.MethodPatch, "/webhooks/{id}", "update-webhook", "Webhooks", "Change a webhook in place, pause or resume it; needs If-Match", 403, 404, 412, 422, 428), s.updateWebhook)
	huma.Register(a, op(http.MethodPost, "/webhooks/{id}/secret", "replace-webhook-secret", "Webhooks", "Give a webhook a new secret, in this answer only; the old one signs nothing more", 403, 404), s.replaceWebhookSecret)
	huma.Register(a, op(http.MethodDelete, "/webhooks/{id}", "delete-webhook", "Webhooks", "Delete a webhook with its delivery log", 403, 404), s.deleteWebhook)
	huma.Register(a, op(http.MethodPost, "/webhooks/{id}/resume", "resume-webhook", "Webhooks", "Resume a paused webhook: held and failed deliveries are sent again", 403, 404), s.resumeWebhook)
	huma.Register(a, op(http.MethodGet, "/webhooks/{id}/deliveries", "list-webhook-deliveries", "Webhooks", "A webhook's newest deliveries with their last attempt", 403, 404, 422), s.listWebhookDeliveries)
	huma.Register(a, op(http.MethodGet, "/webhooks/{id}/deliveries/{delivery}/attempts", "list-webhook-attempts", "Webhooks", "Every attempt at one delivery", 403, 404), s.listWebhookAttempts)
}
