package connector

import (
	"context"
	"errors"
	"maps"
	"slices"
	"time"

	"magecrm/internal/model"
)

// Sink writes customers to a store, for the push. It speaks in snapshots
// (model.Snapshot), so the merge and the outbox know nothing of the
// store's API.
type Sink interface {
	// Read returns the customer with Magento id id, or ErrGone.
	Read(ctx context.Context, id int64) (*Remote, error)
	// Find returns the customer with this email on website (a Magento
	// id), or nil: how a create whose answer was lost is recovered.
	Find(ctx context.Context, email string, website int64) (*Remote, error)
	// Create creates the customer want describes, with its addresses and
	// newsletter state, and with password when it is not "".
	Create(ctx context.Context, want model.Snapshot, password string) (*Remote, error)
	// Update makes customer r hold want's values, keeping everything magecrm
	// does not hold (custom and extension attributes, the password).
	Update(ctx context.Context, r *Remote, want model.Snapshot) (*Remote, error)
	// SendPasswordReset has the store mail the customer with this email on
	// website a link to choose a new password.
	SendPasswordReset(ctx context.Context, email string, website int64) error
}

// Remote is a customer as the store holds it.
type Remote struct {
	ID       int64
	Snapshot model.Snapshot
	// raw is the store's own record, kept so that an update can send back
	// what magecrm does not hold.
	raw any
}

// ErrGone means the store no longer has the customer.
var ErrGone = errors.New("the customer no longer exists in Magento")

// ErrNoSink means the channel's type cannot be sent to yet.
var ErrNoSink = errors.New("sending customers to this type of store is not built yet")

// RefusedError is a send the store refused for a reason that sending it
// again will not change (a validation error): Message is the store's own.
type RefusedError struct {
	Message string
	// EmailTaken says another customer of the website has the email.
	EmailTaken bool
}

func (e *RefusedError) Error() string { return "Magento refused the customer: " + e.Message }

// BusyError is a send the store asked to repeat later (HTTP 429).
type BusyError struct {
	After time.Duration
	Err   error
}

func (e *BusyError) Error() string { return e.Err.Error() }
func (e *BusyError) Unwrap() error { return e.Err }

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
