package model

import (
	"slices"
	"strings"
	"time"
)

// Webhook events: what a webhook can be subscribed to.
const (
	EventCustomerCreated = "customer.created"
	EventCustomerUpdated = "customer.updated"
	EventCustomerRemoved = "customer.removed_in_magento"
	EventSyncRunFinished = "sync_run.finished"
	EventActivityCreated = "activity.created"
)

// WebhookEvents lists every event in the order pages show them, each with
// what it means.
var WebhookEvents = []struct{ Name, Label string }{
	{EventCustomerCreated, "A Magento customer was created (in magecrm or by an import)"},
	{EventCustomerUpdated, "A Magento customer was changed (in magecrm or by an import)"},
	{EventCustomerRemoved, "A Magento customer was found removed in Magento"},
	{EventSyncRunFinished, "A channel's sync run finished"},
	{EventActivityCreated, "An activity (note, call, email, task, event, attachment) was created"},
}

// IsWebhookEvent reports whether name is one of WebhookEvents.
func IsWebhookEvent(name string) bool {
	return slices.ContainsFunc(WebhookEvents, func(e struct{ Name, Label string }) bool { return e.Name == name })
}

// Webhook is an administrator's subscription of a URL to events.
type Webhook struct {
	ID             int64
	OrganizationID int64
	URL            string
	Events         []string
	Description    string
	CreatedBy      int64
	CreatedAt      time.Time
	UpdatedAt      time.Time
	// PausedAt is set when deliveries kept failing (or a person paused
	// it); PausedReason says why. Zero while it is active.
	PausedAt     time.Time
	PausedReason string
	// LastDelivery is the state and time of its newest delivery, for lists.
	LastDeliveryState string
	LastDeliveryAt    time.Time
}

// Paused reports whether deliveries wait for a person to resume the webhook.
func (w *Webhook) Paused() bool { return !w.PausedAt.IsZero() }

// Wants reports whether the webhook is subscribed to event.
func (w *Webhook) Wants(event string) bool { return slices.Contains(w.Events, event) }

// EventList is the events as stored: sorted, comma-separated.
func EventList(events []string) string {
	s := slices.Clone(events)
	slices.Sort(s)
	return strings.Join(slices.Compact(s), ",")
}

// ParseEventList reads an EventList.
func ParseEventList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// Webhook delivery states.
const (
	DeliveryPending   = "pending"   // waiting for its first or next attempt
	DeliveryDelivered = "delivered" // the receiver answered 2xx
	DeliveryFailed    = "failed"    // gave up after its attempts
	DeliveryHeld      = "held"      // its webhook is paused; sent when it resumes
)

// WebhookDelivery is one event on its way to one webhook.
type WebhookDelivery struct {
	ID        int64
	WebhookID int64
	Event     string
	Payload   string
	State     string
	Attempts  int
	CreatedAt time.Time
	UpdatedAt time.Time
	// Last is its newest attempt, if any.
	Last *WebhookAttempt
}

// WebhookAttempt is one try at a delivery: the delivery log.
type WebhookAttempt struct {
	Attempt    int
	StatusCode int // 0 when the receiver did not answer
	Error      string
	Duration   time.Duration
	At         time.Time
}
