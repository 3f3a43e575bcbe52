package crm

import (
	"errors"
	"log/slog"
	"net/http"
	"sort"
	"strings"
	"time"

	"magecrm/internal/auth"
	"magecrm/internal/files"
	"magecrm/internal/mailer"
	"magecrm/internal/secret"
	"magecrm/internal/store"
)

// Service is the entry point to every application service.
type Service struct {
	Store  *store.Store
	Secret *secret.Box
	Log    *slog.Logger
	Now    func() time.Time
	// Files holds attachment files; nil when this process takes none.
	Files *files.Folder
	// PasswordGate bounds the concurrent password checks of sign-ins.
	PasswordGate *auth.PasswordGate
	// Mail sends email; nil sends with the system's TLS settings.
	Mail *mailer.Sender
	// outbox sends the emails of the email queue.
	outbox emailOutbox
	// WebhookClient posts webhook deliveries; nil uses webhook.NewClient
	// with a 10 s timeout.
	WebhookClient *http.Client
	// WebhooksAllowPrivate lets webhooks reach loopback and private
	// addresses (a receiver on the same machine or network).
	WebhooksAllowPrivate bool
	// WebhookLogRetention is how long delivered webhook deliveries stay
	// in the delivery log, WebhookFailedLogRetention those given up on;
	// zero keeps them.
	WebhookLogRetention, WebhookFailedLogRetention time.Duration
	// hooks sends the deliveries of the webhook queue.
	hooks webhookOutbox
	// GridCountLimit is how many matches the customers grid counts
	// before it says "more than" (DefaultGridCountLimit when 0).
	GridCountLimit int
	// WakePush, when set, is told the channel of every saved change that
	// waits to be sent, so that its sender starts at once instead of at
	// its next look at the queue.
	WakePush func(channelID int64)
}

func (s *Service) wakePush(channelID int64) {
	if s.WakePush != nil {
		s.WakePush(channelID)
	}
}

// New returns the services over a store.
func New(st *store.Store, box *secret.Box, log *slog.Logger) *Service {
	return &Service{Store: st, Secret: box, Log: log, Now: time.Now,
		PasswordGate: auth.NewPasswordGate(auth.GateSlots(), passwordGateWait)}
}

// passwordGateWait is how long a sign-in queues for a password check slot
// before it is refused as busy.
const passwordGateWait = 3 * time.Second

// ErrForbidden means the actor may not do this. Pages answer it as 403;
// records out of scope answer ErrNotFound instead, so their existence is
// not revealed.
var ErrForbidden = errors.New("you do not have permission to do this")

// ErrNotFound means the record does not exist or is outside the actor's scope.
var ErrNotFound = store.ErrNotFound

// ErrStale means the record changed since the version the change was
// made on; nothing was saved.
var ErrStale = store.ErrStale

// Refusal is a rule the data does not allow, worded for the person who asked
// (for example: a business unit with users cannot be deleted).
type Refusal = store.Refusal

// FieldErrors maps form fields to what is wrong with them, in words the
// person can act on.
type FieldErrors map[string]string

func (f FieldErrors) Error() string {
	keys := make([]string, 0, len(f))
	for k := range f {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + f[k]
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// orNil returns f as an error when it holds anything.
func (f FieldErrors) orNil() error {
	if len(f) == 0 {
		return nil
	}
	return f
}

// stale reports whether an edit made on version (zero: none given) is of a
// record whose version is now current. Records without a version number
// are versioned by their last change time, to the millisecond; one with
// none stored (zero) is at version 0, the Unix epoch in a form.
func stale(version, current time.Time) bool {
	if version.IsZero() {
		return false
	}
	if current.IsZero() { // stored as 0: the form's version is the Unix epoch
		return version.UnixMilli() != 0
	}
	return version.UnixMilli() != current.UnixMilli()
}

// nextVersion is the last change time a save gives a record last changed
// at prev: now, or a millisecond after prev when now is not later, so
// that every save makes a new version.
func nextVersion(now, prev time.Time) time.Time {
	if now.UnixMilli() > prev.UnixMilli() {
		return now
	}
	return time.UnixMilli(prev.UnixMilli() + 1)
}
