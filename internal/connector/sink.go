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

// PasswordSetter is a Sink whose update can also replace the password of a
// customer the store has (Magento 2's; Magento 1's API ignores a password
// sent with an update).
type PasswordSetter interface {
	// UpdateWithPassword is Update that also makes password the
	// customer's password.
	UpdateWithPassword(ctx context.Context, r *Remote, want model.Snapshot, password string) (*Remote, error)
}

// BatchReader is a Sink that can read many customers in one request.
type BatchReader interface {
	// ReadMany returns those of the customers with Magento ids ids that
	// the store has and answers readably, by id. A field such an answer
	// does not hold, or holds unreliably (Magento's newsletter state), is
	// among the Remote's Unread fields: a customer whose such field changed
	// in magecrm must be read alone (Read).
	ReadMany(ctx context.Context, ids []int64) (map[int64]*Remote, error)
}

// Remote is a customer as the store holds it.
type Remote struct {
	ID       int64
	Snapshot model.Snapshot
	// Unread names the fields, and UnreadAddress the address fields, that
	// the store does not answer (Magento 1's SOAP API has no gender,
	// newsletter, region code or VAT id): Snapshot holds them as "" until
	// Complete fills them in.
	Unread, UnreadAddress []string
	// Resend names the fields Update sends even where the record read
	// already holds want's value: those changed in magecrm since the last
	// agreed state, when what the store answered for them may not be the
	// customer's own (Magento 2.4's customer search answers a newsletter
	// state found by email alone).
	Resend []string
	// UpdatedAt is when the store last saved the customer (UTC; zero when
	// it does not say): the import takes no older state than this.
	UpdatedAt time.Time
	// raw is the store's own record, kept so that an update can send back
	// what magecrm does not hold.
	raw any
}

// Complete fills the fields the store does not answer with base's values:
// for the merge they are unchanged on the store's side since the last
// state both sides agreed on.
func (r *Remote) Complete(base model.Snapshot) {
	r.Snapshot.FillFrom(base, r.Unread, r.UnreadAddress)
}

// ErrGone means the store no longer has the customer.
var ErrGone = errors.New("the customer no longer exists in Magento")

// RefusedError is a send the store refused for a reason that sending it
// again will not change (a validation error): Message is the store's own.
type RefusedError struct {
	Message string
	// EmailTaken says another customer of the website has the email.
	EmailTaken bool
	// CreatedID is the store's id of the customer when it made the customer
	// before it refused a part of it (Magento 1 takes the addresses one call
	// at a time after the customer): the next send completes that customer
	// instead of creating one, whatever its email has become.
	CreatedID int64
}

func (e *RefusedError) Error() string { return "Magento refused the customer: " + e.Message }

// BusyError is a send the store asked to repeat later (HTTP 429; 503 in
// front of Magento 1).
type BusyError struct {
	After time.Duration
	Err   error
}

func (e *BusyError) Error() string { return e.Err.Error() }
func (e *BusyError) Unwrap() error { return e.Err }

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
