package magesim

import (
	"strings"
	"sync"
	"time"
)

// Store is the simulated Magento database: customers with addresses and
// newsletter state, orders, and the sorted indexes that make keyset paging
// cheap. It knows nothing of HTTP; the REST layer (and later a SOAP layer)
// read and change it only through its methods, which are safe for concurrent use.
type Store struct {
	mu  sync.RWMutex
	now func() time.Time
	// legacy switches on the ≤2.3 repository behaviours (PUT replaces the record).
	legacy bool
	// shareGlobal is customer/account_share/scope = 0 (Global): an email is
	// unique across websites, not per website.
	shareGlobal bool
	// newsletterConfirm is newsletter/subscription/confirm.
	newsletterConfirm bool

	customers     []Customer // slot id-1; a deleted slot has ID 0
	live          int
	nextAddressID int
	cidx          map[int]*customerIndexes // by website id; 0 = all websites

	orders        []Order // slot id-1
	oidx          orderIndexes
	orderContacts map[int32]orderContact

	customerTable table[Customer]
	orderTable    table[Order]
}

// customerIndexes are the sorted indexes over one website's customers (or all).
type customerIndexes struct {
	byID, byUpdated, byCreated sortedIndex
}

func newStore(now func() time.Time, o Options) *Store {
	st := &Store{now: now, legacy: o.Version == "2.3", shareGlobal: o.AccountShareGlobal, newsletterConfirm: o.NewsletterConfirm, cidx: map[int]*customerIndexes{0: {}}, orderContacts: map[int32]orderContact{}}
	for _, w := range websites {
		if w.ID != 0 {
			st.cidx[w.ID] = &customerIndexes{}
		}
	}
	st.customerTable = table[Customer]{
		columns:    customerColumns(),
		index:      st.customerIndex,
		scopeField: "website_id",
		record: func(id int64) *Customer {
			if c := st.slot(int(id)); c != nil {
				return c
			}
			return nil
		},
	}
	st.orderTable = orderTableFor(st)
	return st
}

func (st *Store) customerIndex(field string, scope int) *sortedIndex {
	ix := st.cidx[scope]
	if ix == nil {
		return nil
	}
	switch field {
	case "entity_id":
		return &ix.byID
	case "updated_at":
		return &ix.byUpdated
	case "created_at":
		return &ix.byCreated
	}
	return nil
}

func customerColumns() map[string]column[Customer] {
	billing := func(get func(a *Address) string) column[Customer] {
		return stringColumn(func(c *Customer) string {
			if a := c.billing(); a != nil {
				return get(a)
			}
			return ""
		})
	}
	return map[string]column[Customer]{
		"entity_id":                 intColumn(func(c *Customer) int64 { return int64(c.ID) }, false),
		"website_id":                intColumn(func(c *Customer) int64 { return int64(c.WebsiteID) }, false),
		"store_id":                  intColumn(func(c *Customer) int64 { return int64(c.StoreID) }, false),
		"group_id":                  intColumn(func(c *Customer) int64 { return int64(c.GroupID) }, false),
		"gender":                    intColumn(func(c *Customer) int64 { return int64(c.Gender) }, true),
		"default_billing":           intColumn(func(c *Customer) int64 { return int64(c.DefaultBilling) }, true),
		"default_shipping":          intColumn(func(c *Customer) int64 { return int64(c.DefaultShipping) }, true),
		"disable_auto_group_change": intColumn(func(c *Customer) int64 { return int64(c.DisableAutoGroupChange) }, false),
		"created_at":                timeColumn(func(c *Customer) int64 { return c.CreatedAt }),
		"updated_at":                timeColumn(func(c *Customer) int64 { return c.UpdatedAt }),
		"email":                     stringColumn(func(c *Customer) string { return c.Email }),
		"firstname":                 stringColumn(func(c *Customer) string { return c.Firstname }),
		"lastname":                  stringColumn(func(c *Customer) string { return c.Lastname }),
		"middlename":                stringColumn(func(c *Customer) string { return c.Middlename }),
		"prefix":                    stringColumn(func(c *Customer) string { return c.Prefix }),
		"suffix":                    stringColumn(func(c *Customer) string { return c.Suffix }),
		"dob":                       stringColumn(func(c *Customer) string { return c.Dob }),
		"taxvat":                    stringColumn(func(c *Customer) string { return c.Taxvat }),
		"confirmation":              stringColumn(func(c *Customer) string { return c.Confirmation }),
		"created_in":                stringColumn(func(c *Customer) string { return c.CreatedIn }),
		"billing_postcode":          billing(func(a *Address) string { return a.Postcode }),
		"billing_city":              billing(func(a *Address) string { return a.City }),
		"billing_telephone":         billing(func(a *Address) string { return a.Telephone }),
		"billing_region":            billing(func(a *Address) string { return a.Region }),
		"billing_country_id":        billing(func(a *Address) string { return a.CountryID }),
		"billing_company":           billing(func(a *Address) string { return a.Company }),
	}
}

// slot returns the live customer with this id, or nil. Callers hold the lock.
func (st *Store) slot(id int) *Customer {
	if id < 1 || id > len(st.customers) || st.customers[id-1].ID == 0 {
		return nil
	}
	return &st.customers[id-1]
}

func (st *Store) nowUnix() int64 { return st.now().UTC().Unix() }

// CustomerCount is the number of live customers.
func (st *Store) CustomerCount() int {
	st.mu.RLock()
	defer st.mu.RUnlock()
	return st.live
}

// Customer returns a copy of the customer with this id.
func (st *Store) Customer(id int) (Customer, bool) {
	st.mu.RLock()
	defer st.mu.RUnlock()
	if c := st.slot(id); c != nil {
		return *c, true
	}
	return Customer{}, false
}

// SearchCustomers answers a searchCriteria over customers. With
// repeatLastPage a page past the end repeats the last page (≤2.3).
func (st *Store) SearchCustomers(q *Query, repeatLastPage bool) ([]Customer, int, *Error) {
	st.mu.RLock()
	defer st.mu.RUnlock()
	res, err := st.customerTable.run(q, repeatLastPage)
	if err != nil {
		return nil, 0, err
	}
	out := make([]Customer, len(res.IDs))
	for i, id := range res.IDs {
		out[i] = st.customers[id-1]
	}
	return out, res.Total, nil
}

func (st *Store) indexCustomer(c *Customer) {
	for i, scope := range []int{0, c.WebsiteID} {
		ix := st.cidx[scope]
		if ix == nil || (i == 1 && scope == 0) { // an admin-scope customer (website 0) is in the "all" indexes once
			continue
		}
		id := int64(c.ID)
		ix.byID.insert(indexKey{id, id})
		ix.byUpdated.insert(indexKey{c.UpdatedAt, id})
		ix.byCreated.insert(indexKey{c.CreatedAt, id})
	}
}

func (st *Store) unindexCustomer(c *Customer) {
	for i, scope := range []int{0, c.WebsiteID} {
		ix := st.cidx[scope]
		if ix == nil || (i == 1 && scope == 0) { // an admin-scope customer (website 0) is in the "all" indexes once
			continue
		}
		id := int64(c.ID)
		ix.byID.remove(indexKey{id, id})
		ix.byUpdated.remove(indexKey{c.UpdatedAt, id})
		ix.byCreated.remove(indexKey{c.CreatedAt, id})
	}
}

// replace writes a new version of a live customer and keeps the indexes right.
func (st *Store) replace(next Customer) {
	cur := st.slot(next.ID)
	if cur.UpdatedAt != next.UpdatedAt || cur.CreatedAt != next.CreatedAt || cur.WebsiteID != next.WebsiteID {
		st.unindexCustomer(cur)
		*cur = next
		st.indexCustomer(cur)
		return
	}
	*cur = next
}

// insert stores a new customer under the next id.
func (st *Store) insert(c Customer) Customer {
	c.ID = len(st.customers) + 1
	for i := range c.Addresses {
		c.Addresses[i].CustomerID = c.ID
	}
	st.customers = append(st.customers, c)
	st.live++
	st.indexCustomer(&st.customers[c.ID-1])
	return c
}

// emailTaken reports whether another customer of the website has this email
// (customer/account_share/scope = website), or of any website when accounts
// are shared globally.
func (st *Store) emailTaken(email string, websiteID, exceptID int) bool {
	for i := range st.customers {
		c := &st.customers[i]
		if c.ID != 0 && c.ID != exceptID && (st.shareGlobal || c.WebsiteID == websiteID) && strings.EqualFold(c.Email, email) {
			return true
		}
	}
	return false
}

// DeleteCustomer removes a customer, its addresses and its subscription.
// Its orders keep the customer's id, name and email, as Magento's do.
func (st *Store) DeleteCustomer(id int) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	c := st.slot(id)
	if c == nil {
		return noSuchEntity("customerId", id)
	}
	st.detachOrders(c)
	st.unindexCustomer(c)
	*c = Customer{}
	st.live--
	return nil
}

// CustomerEdit is an edit made in the Magento admin's customer form. Empty
// fields are left as they are. Saving it moves updated_at.
type CustomerEdit struct {
	Firstname, Lastname, Email string
	GroupID                    int
}

// EditCustomer saves a customer as an admin would in the customer form:
// updated_at moves to now.
func (st *Store) EditCustomer(id int, e CustomerEdit) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	c := st.slot(id)
	if c == nil {
		return noSuchEntity("customerId", id)
	}
	next := *c
	if e.Firstname != "" {
		next.Firstname = e.Firstname
	}
	if e.Lastname != "" {
		next.Lastname = e.Lastname
	}
	if e.Email != "" {
		if st.emailTaken(e.Email, c.WebsiteID, id) {
			return inputError(msgDuplicateEmail)
		}
		next.Email = e.Email
	}
	if e.GroupID != 0 {
		if _, ok := findGroup(e.GroupID); !ok {
			return inputError(msgGroupNotFound)
		}
		next.GroupID = e.GroupID
	}
	next.UpdatedAt = st.nowUnix()
	st.replace(next)
	return nil
}

// AddressEdit is an edit made to one address in the admin's address grid.
// Empty fields are left as they are.
type AddressEdit struct {
	Street, City, Postcode, Telephone, CountryID string
}

// EditAddressOnly changes the customer's default billing address (or the
// first one; adds one if there is none) the way saving an address does in
// Magento: the customer's updated_at does not move.
func (st *Store) EditAddressOnly(id int, e AddressEdit) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	c := st.slot(id)
	if c == nil {
		return noSuchEntity("customerId", id)
	}
	next := *c
	next.Addresses = append([]Address(nil), c.Addresses...)
	i := 0
	for j, a := range next.Addresses {
		if a.ID == c.DefaultBilling {
			i = j
		}
	}
	if len(next.Addresses) == 0 {
		st.nextAddressID++
		next.Addresses = append(next.Addresses, Address{ID: st.nextAddressID, CustomerID: id,
			Firstname: c.Firstname, Lastname: c.Lastname, Street: "1 Main Street", City: "Springfield",
			CountryID: "US", RegionID: 12, RegionCode: "CA", Region: "California", Postcode: "90001", Telephone: "555-0100"})
		next.DefaultBilling, next.DefaultShipping = st.nextAddressID, st.nextAddressID
	}
	a := &next.Addresses[i]
	for _, kv := range []struct {
		dst *string
		v   string
	}{{&a.Street, e.Street}, {&a.City, e.City}, {&a.Postcode, e.Postcode}, {&a.Telephone, e.Telephone}} {
		if kv.v != "" {
			*kv.dst = kv.v
		}
	}
	if e.CountryID != "" && e.CountryID != a.CountryID {
		a.CountryID, a.RegionID, a.RegionCode, a.Region = e.CountryID, 0, "", ""
	}
	st.replace(next)
	return nil
}

// SetSubscription changes the newsletter status as the admin's newsletter
// grid does: it lives in newsletter_subscriber, so updated_at does not move.
func (st *Store) SetSubscription(id int, subscribed bool) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	c := st.slot(id)
	if c == nil {
		return noSuchEntity("customerId", id)
	}
	c.Subscribed = subscribed
	return nil
}

// CustomerByEmail finds the customer with this email in a website (in any
// website when accounts are shared globally).
func (st *Store) CustomerByEmail(email string, websiteID int) (Customer, bool) {
	st.mu.RLock()
	defer st.mu.RUnlock()
	for i := range st.customers {
		c := &st.customers[i]
		if c.ID != 0 && (st.shareGlobal || c.WebsiteID == websiteID) && strings.EqualFold(c.Email, email) {
			return *c, true
		}
	}
	return Customer{}, false
}
