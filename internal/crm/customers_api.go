package crm

import (
	"context"

	"magecrm/internal/acl"
	"magecrm/internal/model"
)

// CustomersAfter returns up to q.Limit customers the actor may view that
// the query selects, following the key in the query's sort, and the key
// to read the next page from (nil at the end). With count it also says
// how many the query selects in all (-1 without).
func (s *Service) CustomersAfter(ctx context.Context, sess *Session, q CustomerQuery, after CustomerKey, count bool) ([]model.Customer, CustomerKey, int, error) {
	if !sess.Actor.Can(acl.MagentoCustomer, acl.View) {
		return nil, nil, 0, ErrForbidden
	}
	q.Scope = customerScope(sess)
	total := -1
	if count {
		n, err := s.Store.CountCustomers(ctx, q)
		if err != nil {
			return nil, nil, 0, err
		}
		total = n
	}
	rows, next, err := s.Store.CustomersAfter(ctx, q, after)
	return rows, next, total, err
}

// CustomerAddresses returns the address book of a customer the actor may view.
func (s *Service) CustomerAddresses(ctx context.Context, sess *Session, id int64) ([]model.Address, error) {
	if _, err := s.Customer(ctx, sess, id); err != nil {
		return nil, err
	}
	return s.Store.CustomerAddresses(ctx, id)
}

// CustomerOrders returns the newest orders (up to limit) of a customer the
// actor may view.
func (s *Service) CustomerOrders(ctx context.Context, sess *Session, id int64, limit int) ([]model.Order, error) {
	if _, err := s.Customer(ctx, sess, id); err != nil {
		return nil, err
	}
	return s.Store.CustomerOrders(ctx, id, limit)
}
