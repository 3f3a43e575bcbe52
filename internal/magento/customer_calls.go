package magento

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/go-json-experiment/json"
)

// InvalidRecordError says Magento answered a single record the client
// cannot take (e.g. a customer with an impossible date).
type InvalidRecordError struct {
	ID     int
	Reason string
}

// Error describes the record's problem.
func (e *InvalidRecordError) Error() string {
	return fmt.Sprintf("magento: record %d: %s", e.ID, e.Reason)
}

func convertCustomer(w *wireCustomer) (Customer, recordKey, string) {
	key := recordKey{id: w.ID, updatedAt: w.UpdatedAt.t, hasTime: w.UpdatedAt.set && w.UpdatedAt.bad == ""}
	c, reason := w.customer()
	return c, key, reason
}

// SearchCustomers runs GET /V1/customers/search. Records that cannot be
// read are reported in the page's Problems; the others are in Items.
func (c *Client) SearchCustomers(ctx context.Context, sc SearchCriteria) (*CustomerPage, error) {
	var page *CustomerPage
	err := c.do(ctx, call{method: http.MethodGet, path: "/V1/customers/search", query: sc.Encode(), safe: true},
		func(body []byte) (err error) {
			page, err = decodePage(body, sc.PageSize, convertCustomer)
			return err
		})
	return page, err
}

// CustomersByEmail finds the customers with this email, in one website when
// websiteID > 0 (emails are unique per website, not per store). It is how a
// create whose answer was lost is recovered.
func (c *Client) CustomersByEmail(ctx context.Context, email string, websiteID int) ([]Customer, error) {
	sc := NewSearch().Where(F("email", Eq, email))
	if websiteID > 0 {
		sc = sc.Where(F("website_id", Eq, strconv.Itoa(websiteID)))
	}
	page, err := c.SearchCustomers(ctx, sc)
	if err != nil {
		return nil, err
	}
	return page.Items, nil
}

// Customer reads one customer; a missing one is an error for which
// IsNotFound is true.
func (c *Client) Customer(ctx context.Context, id int) (*Customer, error) {
	return c.customerCall(ctx, call{method: http.MethodGet, path: customerPath(id), safe: true})
}

// CreateCustomer creates a customer (POST /V1/customers), with a password
// when password is not "" (else Magento mails a "set your password" link).
// Customer.ID, CreatedAt and UpdatedAt are ignored; GroupID 0 leaves the
// group to Magento. Magento sends its welcome email.
//
// A create is not repeated once it may have reached Magento: if its answer
// is lost, the error is an OutcomeUnknownError, and the caller should look
// the email up (CustomersByEmail) before creating again. A duplicate email
// is reported by IsDuplicateEmail.
func (c *Client) CreateCustomer(ctx context.Context, cust Customer, password string) (*Customer, error) {
	out := outgoing(cust)
	out.ID = 0
	body, err := json.Marshal(struct {
		Customer customerOut `json:"customer"`
		Password string      `json:"password,omitempty"`
	}{out, password})
	if err != nil {
		return nil, fmt.Errorf("magento: create customer: %w", err)
	}
	return c.customerCall(ctx, call{method: http.MethodPost, path: "/V1/customers", body: body})
}

// UpdateCustomer saves the fields set in u on customer id (PUT) and returns
// the customer as Magento now has it.
//
// The PUT is sent once, never retried here: u is usually built from a read
// of the customer, and a body sent again after a wait (a 429's Retry-After,
// a backoff) would overwrite what was saved in Magento meanwhile. A 429's
// Error carries its RetryAfter; the caller reads again and builds a new body.
//
// u.PasswordHash goes beside the customer as CustomerRepositoryInterface::
// save's second parameter ("passwordHash"): Magento stores it as the
// customer's password hash, as sent, without checking it.
func (c *Client) UpdateCustomer(ctx context.Context, id int, u CustomerUpdate) (*Customer, error) {
	body, err := json.Marshal(struct {
		Customer     customerOut `json:"customer"`
		PasswordHash string      `json:"passwordHash,omitempty"`
	}{u.outgoing(id), u.PasswordHash})
	if err != nil {
		return nil, fmt.Errorf("magento: update customer %d: %w", id, err)
	}
	return c.customerCall(ctx, call{method: http.MethodPut, path: customerPath(id), body: body, safe: true, once: true})
}

// DeleteCustomer deletes customer id. If a first attempt's answer was lost
// a retry finds the customer gone: callers should take IsNotFound as done.
func (c *Client) DeleteCustomer(ctx context.Context, id int) error {
	return c.do(ctx, call{method: http.MethodDelete, path: customerPath(id), safe: true}, nil)
}

func customerPath(id int) string { return "/V1/customers/" + strconv.Itoa(id) }

func (c *Client) customerCall(ctx context.Context, cl call) (*Customer, error) {
	var w wireCustomer
	err := c.do(ctx, cl, func(body []byte) error {
		err := decodeWhole(body, &w)
		var se *json.SemanticError
		if errors.As(err, &se) {
			return &InvalidRecordError{ID: peekKey(body).id, Reason: unmarshalReason(err)}
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	cust, reason := w.customer()
	if reason != "" {
		return nil, &InvalidRecordError{ID: w.ID, Reason: reason}
	}
	return &cust, nil
}

// CustomerUpdate is a partial customer for PUT. Email, names and website
// are always sent, because Magento 2.3 and older replace the whole record
// and reject a body without them; every other field is sent only when set.
// On 2.3 and older send every field you want to keep.
type CustomerUpdate struct {
	Email     string
	Firstname string
	Lastname  string
	WebsiteID int

	Prefix, Middlename, Suffix, Taxvat *string
	DOB                                *Date // pointer to a zero Date clears it
	Gender, GroupID, StoreID           *int
	DisableAutoGroupChange             *int
	// DefaultBilling and DefaultShipping are address ids of this customer.
	DefaultBilling, DefaultShipping *string
	// IsSubscribed subscribes or unsubscribes the newsletter; nil leaves it.
	IsSubscribed *bool
	// Addresses, when not nil, is the customer's complete new address set:
	// saved addresses left out are DELETED by Magento, addresses without an
	// id are added. nil leaves the addresses alone.
	Addresses        *[]Address
	CustomAttributes []CustomAttribute
	// PasswordHash, when not "", replaces the customer's password: a hash
	// in Magento's form (CustomerPasswordHash), never the password itself.
	PasswordHash string
}

// customerOut is the customer as the client writes it.
type customerOut struct {
	ID                     int               `json:"id,omitzero"`
	GroupID                *int              `json:"group_id,omitzero"`
	DefaultBilling         *string           `json:"default_billing,omitzero"`
	DefaultShipping        *string           `json:"default_shipping,omitzero"`
	DOB                    *string           `json:"dob,omitzero"`
	Email                  string            `json:"email"`
	Firstname              string            `json:"firstname"`
	Lastname               string            `json:"lastname"`
	Middlename             *string           `json:"middlename,omitzero"`
	Prefix                 *string           `json:"prefix,omitzero"`
	Suffix                 *string           `json:"suffix,omitzero"`
	Gender                 *int              `json:"gender,omitzero"`
	StoreID                *int              `json:"store_id,omitzero"`
	Taxvat                 *string           `json:"taxvat,omitzero"`
	WebsiteID              int               `json:"website_id,omitzero"`
	Addresses              *[]Address        `json:"addresses,omitzero"`
	DisableAutoGroupChange *int              `json:"disable_auto_group_change,omitzero"`
	ExtensionAttributes    *wireCustomerExt  `json:"extension_attributes,omitzero"`
	CustomAttributes       []CustomAttribute `json:"custom_attributes,omitempty"`
}

// outgoing writes a whole customer, leaving out what is unset.
func outgoing(c Customer) customerOut {
	out := customerOut{
		ID: c.ID, Email: c.Email, Firstname: c.Firstname, Lastname: c.Lastname, WebsiteID: c.WebsiteID,
		GroupID: nonZero(c.GroupID), StoreID: nonZero(c.StoreID), Gender: nonZero(c.Gender),
		DisableAutoGroupChange: nonZero(c.DisableAutoGroupChange),
		DefaultBilling:         nonZero(c.DefaultBilling), DefaultShipping: nonZero(c.DefaultShipping),
		Middlename: nonZero(c.Middlename), Prefix: nonZero(c.Prefix), Suffix: nonZero(c.Suffix),
		Taxvat: nonZero(c.Taxvat), DOB: nonZero(c.DOB.String()), CustomAttributes: c.CustomAttributes,
	}
	if c.Addresses != nil {
		out.Addresses = &c.Addresses
	}
	if c.IsSubscribed != nil {
		out.ExtensionAttributes = &wireCustomerExt{IsSubscribed: c.IsSubscribed}
	}
	return out
}

func (u CustomerUpdate) outgoing(id int) customerOut {
	out := customerOut{
		ID: id, Email: u.Email, Firstname: u.Firstname, Lastname: u.Lastname, WebsiteID: u.WebsiteID,
		GroupID: u.GroupID, StoreID: u.StoreID, Gender: u.Gender, DisableAutoGroupChange: u.DisableAutoGroupChange,
		DefaultBilling: u.DefaultBilling, DefaultShipping: u.DefaultShipping,
		Middlename: u.Middlename, Prefix: u.Prefix, Suffix: u.Suffix, Taxvat: u.Taxvat,
		Addresses: u.Addresses, CustomAttributes: u.CustomAttributes,
	}
	if u.DOB != nil {
		dob := u.DOB.String()
		out.DOB = &dob
	}
	if u.IsSubscribed != nil {
		out.ExtensionAttributes = &wireCustomerExt{IsSubscribed: u.IsSubscribed}
	}
	return out
}

func nonZero[T comparable](v T) *T {
	var zero T
	if v == zero {
		return nil
	}
	return &v
}
