package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
)

// op describes one operation; every one may answer 401 and 429.
func op(method, path, id, tag, summary string, errs ...int) huma.Operation {
	return huma.Operation{OperationID: id, Method: method, Path: Prefix + path, Tags: []string{tag}, Summary: summary,
		Errors: append([]int{http.StatusUnauthorized, http.StatusTooManyRequests}, errs...)}
}

// created is op for a create: it answers 201.
func created(path, id, tag, summary string, errs ...int) huma.Operation {
	o := op(http.MethodPost, path, id, tag, summary, errs...)
	o.DefaultStatus = http.StatusCreated
	return o
}

// routes registers every operation: the whole surface of the API.
func (s *Server) routes() {
	a := s.api
	huma.Register(a, op(http.MethodGet, "/me", "get-me", "Me", "The signed-in user, their permissions and token"), s.getMe)

	huma.Register(a, op(http.MethodGet, "/customers", "list-customers", "Customers", "List customers with the grid's filters and sorts", 403, 422), s.listCustomers)
	huma.Register(a, created("/customers", "create-customer", "Customers", "Create a customer (sent to Magento by the channel's two-way sync)", 403, 409, 422), s.createCustomer)
	huma.Register(a, op(http.MethodGet, "/customers/{id}", "get-customer", "Customers", "Get a customer", 403, 404), s.getCustomer)
	huma.Register(a, op(http.MethodPatch, "/customers/{id}", "update-customer", "Customers", "Change a customer; needs If-Match", 403, 404, 409, 412, 422, 428), s.updateCustomer)
	huma.Register(a, op(http.MethodPost, "/customers/{id}/newsletter", "set-customer-newsletter", "Customers", "Subscribe or unsubscribe a customer to the store's newsletter", 403, 404, 409), s.setCustomerNewsletter)
	huma.Register(a, op(http.MethodGet, "/customers/{id}/addresses", "list-customer-addresses", "Customers", "A customer's address book", 403, 404), s.listCustomerAddresses)
	huma.Register(a, op(http.MethodGet, "/customers/{id}/orders", "list-customer-orders", "Customers", "A customer's newest orders", 403, 404), s.listCustomerOrders)

	recordRoutes(a, "/contacts", "contact", "Contacts", s.listContacts, s.createContact, s.getContact, s.updateContact, s.deleteContact)
	recordRoutes(a, "/accounts", "account", "Accounts", s.listAccounts, s.createAccount, s.getAccount, s.updateAccount, s.deleteAccount)
	channelRoutes(s)
	conflictRoutes(s)
	channelWriteRoutes(s)
	activityRoutes(s)
	activityWriteRoutes(s)
	attachmentRoutes(s)
	organizationRoutes(s)
	webhookRoutes(s)
}

// recordRoutes registers list, create, get, update and delete of a kind
// of record at path.
func recordRoutes[LI, LO, CI, O, UI any](a huma.API, path, name, tag string,
	list func(context.Context, *LI) (*LO, error), create func(context.Context, *CI) (*O, error),
	get func(context.Context, *recordIDInput) (*O, error), update func(context.Context, *UI) (*O, error),
	del func(context.Context, *recordIDInput) (*struct{}, error)) {
	huma.Register(a, op(http.MethodGet, path, "list-"+name+"s", tag, "List "+name+"s", 403, 422), list)
	huma.Register(a, created(path, "create-"+name, tag, "Create a "+name, 403, 409, 422), create)
	huma.Register(a, op(http.MethodGet, path+"/{id}", "get-"+name, tag, "Get a "+name, 403, 404), get)
	huma.Register(a, op(http.MethodPatch, path+"/{id}", "update-"+name, tag, "Change a "+name+"; needs If-Match", 403, 404, 409, 412, 422, 428), update)
	huma.Register(a, op(http.MethodDelete, path+"/{id}", "delete-"+name, tag, "Delete a "+name, 403, 404, 409), del)
}
