package connector

import (
	"context"
	"time"

	"magecrm/internal/magento"
	"magecrm/internal/store"
)

// Source is one Magento installation as the importers read it. Pagers
// return io.EOF after the last page; after any other error Next may be
// called again to retry the same page.
type Source interface {
	// Dictionaries reads websites, stores, store views and customer groups.
	Dictionaries(ctx context.Context) (store.Dictionaries, error)
	// CountCreated counts the customers created in [from, until).
	CountCreated(ctx context.Context, from, until time.Time) (int, error)
	// CreatedCustomers reads the customers created before until that come
	// after pos in (created_at, entity_id) order. Creation times do not
	// move, so the order is stable while Magento changes.
	CreatedCustomers(pos magento.Mark, until time.Time, pageSize int) CustomerPager
	// ChangedCustomers reads the customers that come after pos in
	// (updated_at, entity_id) order.
	ChangedCustomers(pos magento.Mark, pageSize int) CustomerPager
	// AllCustomers reads every customer in id windows, for reconciliation.
	AllCustomers(afterID, pageSize int) WindowPager
	// ChangedOrders reads the orders that come after pos in
	// (updated_at, entity_id) order.
	ChangedOrders(pos magento.Mark, pageSize int) OrderPager
}

// CustomerPage is one page of customers: those that could be read, one
// problem per record that could not, how many records the search matched
// from where the page started, and the position after the page.
type CustomerPage struct {
	Customers []magento.Customer
	Problems  []magento.RecordProblem
	Total     int
	Next      magento.Mark
}

// CustomerPager reads customers page by page.
type CustomerPager interface {
	Next(ctx context.Context) (*CustomerPage, error)
}

// Window is every customer with After < id <= Through (the last window's
// Through is the largest int): a stored customer inside it that the window
// does not hold, and that is not among the Problems, is gone from Magento.
type Window struct {
	After, Through int
	Customers      []magento.Customer
	Problems       []magento.RecordProblem
	Total          int
}

// WindowPager reads id windows.
type WindowPager interface {
	Next(ctx context.Context) (*Window, error)
}

// OrderPage is one page of orders.
type OrderPage struct {
	Orders   []magento.Order
	Problems []magento.RecordProblem
	Total    int
	Next     magento.Mark
}

// OrderPager reads orders page by page.
type OrderPager interface {
	Next(ctx context.Context) (*OrderPage, error)
}
