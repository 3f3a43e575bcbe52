package crm

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"magecrm/internal/acl"
	"magecrm/internal/jobs"
	"magecrm/internal/mailer"
	"magecrm/internal/model"
	"magecrm/internal/store"
	"magecrm/internal/webhook"
)

// The webhook outbox's timing.
const (
	// WebhookMaxAttempts is how many attempts a delivery gets; when the
	// last fails, its webhook is paused and the administrators are told.
	WebhookMaxAttempts = 8
	// webhookFirstWait is the wait after the first failed attempt; each
	// next wait doubles, up to webhookMaxBackoff (8 attempts: about an hour).
	webhookFirstWait  = 30 * time.Second
	webhookMaxBackoff = time.Hour
	// webhookTimeout bounds one attempt.
	webhookTimeout = 10 * time.Second
)

// Job kinds of the webhook queue.
const (
	webhookDeliveryJob = "webhook"
	webhookPausedJob   = "webhook-paused"
)

// webhookOutbox is the worker of the webhook queue, made once per service.
type webhookOutbox struct {
	once   sync.Once
	worker *jobs.Worker
	client *http.Client
}

func (s *Service) webhookWorker() *jobs.Worker {
	s.hooks.once.Do(func() {
		s.hooks.client = s.WebhookClient
		if s.hooks.client == nil {
			s.hooks.client = webhook.NewClient(webhookTimeout, s.WebhooksAllowPrivate)
		}
		s.hooks.worker = &jobs.Worker{DB: s.Store.DB.DB, Queue: store.WebhookQueue, Handle: s.webhookJob,
			Concurrency: 4, MaxBackoff: webhookMaxBackoff, Now: func() time.Time { return s.Now() }, Log: s.Log}
	})
	return s.hooks.worker
}

// WakeWebhooks makes the outbox look for due deliveries now.
func (s *Service) WakeWebhooks() { s.webhookWorker().Wake() }

// RunWebhooks delivers webhook events until ctx ends: at least every few
// seconds, and at once when woken. One process at a time works the queue.
// It also prunes the delivery log, at start and every hour.
func (s *Service) RunWebhooks(ctx context.Context) {
	pruned := make(chan struct{})
	go func() {
		defer close(pruned)
		s.pruneWebhookLogEvery(ctx, webhookPruneEvery)
	}()
	s.webhookWorker().Run(ctx)
	<-pruned
}

// webhookPruneEvery is how often the delivery log is pruned.
const webhookPruneEvery = time.Hour

func (s *Service) pruneWebhookLogEvery(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := s.PruneWebhookLog(ctx); err != nil && ctx.Err() == nil {
			s.Log.Warn("prune the webhook delivery log", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// PruneWebhookLog deletes the deliveries older than their retention
// (WebhookLogRetention for delivered ones, WebhookFailedLogRetention for
// those given up on), with their attempts, and returns how many.
func (s *Service) PruneWebhookLog(ctx context.Context) (int, error) {
	var delivered, failed time.Time
	now := s.Now()
	if s.WebhookLogRetention > 0 {
		delivered = now.Add(-s.WebhookLogRetention)
	}
	if s.WebhookFailedLogRetention > 0 {
		failed = now.Add(-s.WebhookFailedLogRetention)
	}
	n, err := s.Store.PruneWebhookDeliveries(ctx, delivered, failed)
	if n > 0 {
		s.Log.Info("pruned the webhook delivery log", "deliveries", n)
	}
	return n, err
}

// DeliverWebhooks makes one attempt at every delivery due now and returns
// how many jobs it ran.
func (s *Service) DeliverWebhooks(ctx context.Context) (int, error) {
	return s.webhookWorker().RunOnce(ctx)
}

func (s *Service) webhookJob(ctx context.Context, j jobs.Job) jobs.Result {
	if j.Kind == webhookPausedJob {
		return s.tellWebhookPaused(ctx, j)
	}
	id, err := store.DeliveryIDOfJob(j.Key)
	if err != nil {
		return jobs.Fail(err, nil)
	}
	d, err := s.Store.DeliveryToSend(ctx, id)
	switch {
	case errors.Is(err, ErrNotFound):
		return jobs.Done(nil) // its webhook was deleted
	case err != nil:
		return jobs.Retry(err, 0, nil)
	case d.State == model.DeliveryDelivered:
		return jobs.Done(nil)
	}
	now := s.Now().UTC()
	if d.Paused {
		return jobs.Done(func(ctx context.Context, tx *sql.Tx) error { return store.HoldDelivery(ctx, tx, id, now) })
	}
	return s.deliver(ctx, j, d, now)
}

// deliver makes one attempt and records it; the last failed attempt
// pauses the webhook.
func (s *Service) deliver(ctx context.Context, j jobs.Job, d *store.WebhookDeliveryToSend, now time.Time) jobs.Result {
	ctx, cancel := context.WithTimeout(ctx, webhookTimeout)
	defer cancel()
	ans, err := webhook.Post(ctx, s.webhookWorkerClient(), webhook.Delivery{URL: d.URL, Secret: d.Secret, Event: d.Event, ID: d.ID,
		Body: deliveryBody(d)}, now)
	a := model.WebhookAttempt{Attempt: j.Attempts, StatusCode: ans.StatusCode, Duration: ans.Duration, At: now}
	record := func(state string) func(context.Context, *sql.Tx) error {
		return func(ctx context.Context, tx *sql.Tx) error {
			return store.RecordWebhookAttempt(ctx, tx, d.ID, state, a)
		}
	}
	if err == nil {
		return jobs.Done(record(model.DeliveryDelivered))
	}
	a.Error = err.Error()
	if j.Attempts < WebhookMaxAttempts {
		s.Log.Warn("webhook not delivered; trying again", "webhook", d.WebhookID, "delivery", d.ID, "attempt", j.Attempts, "err", err)
		return jobs.Retry(err, webhookBackoff(j.Attempts), record(model.DeliveryPending))
	}
	s.Log.Warn("webhook not delivered; pausing it", "webhook", d.WebhookID, "delivery", d.ID, "attempt", j.Attempts, "err", err)
	reason := fmt.Sprintf("Paused %s: delivery %d failed %d times in a row (last: %v). Fix the receiver, then resume the webhook: held and failed deliveries are sent again.",
		now.Format("2006-01-02 15:04 UTC"), d.ID, j.Attempts, err)
	return jobs.Done(func(ctx context.Context, tx *sql.Tx) error {
		if err := store.RecordWebhookAttempt(ctx, tx, d.ID, model.DeliveryFailed, a); err != nil {
			return err
		}
		paused, err := store.PauseWebhook(ctx, tx, d.WebhookID, reason, now)
		if err != nil || !paused {
			return err
		}
		return jobs.Enqueue(ctx, tx, store.WebhookQueue, "paused:"+strconv.FormatInt(d.WebhookID, 10), webhookPausedJob,
			strconv.FormatInt(d.OrganizationID, 10), now)
	})
}

func (s *Service) webhookWorkerClient() *http.Client {
	s.webhookWorker()
	return s.hooks.client
}

// deliveryBody is what a receiver gets: the same bytes at every attempt.
func deliveryBody(d *store.WebhookDeliveryToSend) []byte {
	b, _ := json.Marshal(struct {
		ID        int64           `json:"id"`
		Event     string          `json:"event"`
		CreatedAt time.Time       `json:"created_at"`
		Data      json.RawMessage `json:"data"`
	}{d.ID, d.Event, d.CreatedAt.UTC(), json.RawMessage(d.Payload)})
	return b
}

// webhookBackoff is the wait after a failed attempt: 30 s, 1, 2, 4 …
// minutes, at most an hour.
func webhookBackoff(attempts int) time.Duration {
	return min(webhookFirstWait<<min(max(attempts-1, 0), 10), webhookMaxBackoff)
}

// tellWebhookPaused emails the organization's administrators that a
// webhook was paused, when email is set up; the webhook's page says it
// in any case.
func (s *Service) tellWebhookPaused(ctx context.Context, j jobs.Job) jobs.Result {
	orgID, _ := strconv.ParseInt(j.Payload, 10, 64)
	hookID, _ := strconv.ParseInt(j.Key[len("paused:"):], 10, 64)
	w, err := s.Store.Webhook(ctx, orgID, hookID)
	if errors.Is(err, ErrNotFound) || err == nil && !w.Paused() {
		return jobs.Done(nil)
	}
	if err != nil {
		return jobs.Retry(err, 0, nil)
	}
	settings, err := s.Store.EmailSettings(ctx, orgID)
	if errors.Is(err, ErrNotFound) {
		return jobs.Done(nil)
	}
	if err != nil {
		return jobs.Retry(err, 0, nil)
	}
	to, err := s.Store.AdministratorEmails(ctx, orgID, acl.RoleAdministrator)
	if err != nil {
		return jobs.Retry(err, 0, nil)
	}
	msg := mailer.Message{From: settings.FromAddress, FromName: settings.FromName,
		Subject: "magecrm paused a webhook: " + w.URL,
		Text: fmt.Sprintf("The webhook to %s kept failing and was paused; events for it are held.\n\n%s\n\nIt is under System → Webhooks (webhook %d).\n",
			w.URL, w.PausedReason, w.ID)}
	for _, addr := range to {
		msg.To = addr
		if err := s.mailSender().Send(ctx, mailServer(settings), msg); err != nil {
			s.Log.Warn("could not tell an administrator that a webhook was paused", "webhook", w.ID, "err", err)
			var mailErr *mailer.Error
			if errors.As(err, &mailErr) && mailErr.Temporary && j.Attempts < 5 {
				return jobs.Retry(err, 0, nil)
			}
		}
	}
	return jobs.Done(nil)
}
