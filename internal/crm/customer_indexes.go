package crm

import (
	"context"

	"magecrm/internal/acl"
)

// CustomerIndexesLeft is how many of the customer list's indexes a first
// import has yet to build (0 when all are in place): until then sorting
// and filtering the grid read every customer, and the grid says so.
func (s *Service) CustomerIndexesLeft(ctx context.Context, sess *Session) (int, error) {
	if !sess.Actor.Can(acl.MagentoCustomer, acl.View) {
		return 0, ErrForbidden
	}
	return s.Store.DeferredCustomerIndexes(ctx)
}
