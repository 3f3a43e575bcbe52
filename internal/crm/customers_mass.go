package crm

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"magecrm/internal/acl"
	"magecrm/internal/model"
)

// MassLimit is the most customers one mass action changes: a larger set is
// narrowed with filters first.
const MassLimit = 5000

// CustomerSelection is what a mass action applies to: the rows a person
// ticked, or every customer the grid's filters select.
type CustomerSelection struct {
	IDs   []int64
	All   bool
	Query CustomerQuery // the grid's filters, for All
}

// MassResult says what a mass action did: how many customers it changed,
// and why it left the others alone.
type MassResult struct {
	Changed int
	Skipped []string // one reason per customer left alone
}

// SelectedCustomers resolves a selection to the ids of the customers the
// person may view, at most MassLimit+1 (more means too many).
func (s *Service) SelectedCustomers(ctx context.Context, sess *Session, sel CustomerSelection) ([]int64, error) {
	if !sess.Actor.Can(acl.MagentoCustomer, acl.View) {
		return nil, ErrForbidden
	}
	q := sel.Query
	if !sel.All {
		if len(sel.IDs) == 0 {
			return nil, nil
		}
		q = CustomerQuery{IDs: sel.IDs, Sort: q.Sort, Desc: q.Desc}
	}
	q.Scope, q.Offset, q.Limit = customerScope(sess), 0, MassLimit+1
	return s.Store.CustomerIDs(ctx, q)
}

// ErrTooMany means a mass action selected more customers than MassLimit.
var ErrTooMany = Refusal(fmt.Sprintf("This would change more than %d customers at once. Narrow the filters and apply it to each part.", MassLimit))

// MassAssignCustomers gives every selected customer the owner, through the
// same rules as the edit form: the person must be allowed to assign each
// customer and to choose this owner.
func (s *Service) MassAssignCustomers(ctx context.Context, sess *Session, sel CustomerSelection, ownerID int64) (*MassResult, error) {
	owners, err := s.AssignableOwners(ctx, sess, acl.MagentoCustomer)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(owners, func(u model.User) bool { return u.ID == ownerID })
	if i < 0 {
		return nil, FieldErrors{"owner": "Choose an owner from the list: your role lets you assign customers only to them."}
	}
	owner := &owners[i]
	return s.massApply(ctx, sess, sel, func(c *model.Customer) error {
		switch {
		case !sess.Actor.Decide(acl.MagentoCustomer, acl.Assign, customerRecord(c)):
			return ErrForbidden
		case c.OwnerUserID == owner.ID:
			return Refusal("already owned by " + owner.DisplayName())
		}
		return s.Store.SetCustomerOwner(ctx, c, owner, sess.User.ID, s.Now())
	})
}

// MassSetNewsletter subscribes or unsubscribes every selected customer
// through SetNewsletter: the same rules, history and sending to Magento.
func (s *Service) MassSetNewsletter(ctx context.Context, sess *Session, sel CustomerSelection, subscribe bool) (*MassResult, error) {
	return s.massApply(ctx, sess, sel, func(c *model.Customer) error {
		if c.Subscribed != nil && *c.Subscribed == subscribe {
			return Refusal("already " + map[bool]string{true: "subscribed", false: "not subscribed"}[subscribe])
		}
		return s.SetNewsletter(ctx, sess, c.ID, subscribe)
	})
}

// massApply runs change on each selected customer the person may view and
// counts what it did; a customer it refuses is skipped with the reason.
func (s *Service) massApply(ctx context.Context, sess *Session, sel CustomerSelection, change func(*model.Customer) error) (*MassResult, error) {
	ids, err := s.SelectedCustomers(ctx, sess, sel)
	if err != nil {
		return nil, err
	}
	if len(ids) > MassLimit {
		return nil, ErrTooMany
	}
	res := &MassResult{}
	for _, id := range ids {
		c, err := s.Customer(ctx, sess, id)
		if err != nil {
			c = nil
		} else {
			err = change(c)
		}
		var refusal Refusal
		switch {
		case err == nil:
			res.Changed++
		case c == nil || errors.Is(err, ErrNotFound):
			res.Skipped = append(res.Skipped, fmt.Sprintf("customer %d: no longer there or not shared with you", id))
		case errors.Is(err, ErrForbidden):
			res.Skipped = append(res.Skipped, fmt.Sprintf("%s: your role does not allow this change", c.Email))
		case errors.As(err, &refusal):
			res.Skipped = append(res.Skipped, fmt.Sprintf("%s: %s", c.Email, err))
		default:
			return res, err
		}
	}
	return res, nil
}
