package magesim

import (
	"hash/fnv"
	"slices"
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

	customers     []packedCustomer // slot id-1; a deleted slot has id 0
	live          int
	nextAddressID int
	cidx          map[int]*customerIndexes // by website id; 0 = all websites
	// strs and addrs hold the customers' texts and addresses (packed.go);
	// w packs the store's writes, under mu.
	strs             *strArena
	addrs            addrStore
	w                *packer
	customAttributes map[int32][]CustomAttribute // by customer id; most have none
	// emails finds customers by email, as MySQL's index on (email,
	// website_id) does, so a save does not read every customer: the id of
	// a customer under the hash of its lowercased email, more ids of the
	// same hash in moreEmails. It is built on the first save that asks
	// (stores only read never pay for it); entries are added as emails are
	// saved and never removed, so a candidate is checked against the
	// customer as it is now.
	emails     map[uint64]int32
	moreEmails map[uint64][]int32

	orders        []Order // slot id-1
	oidx          orderIndexes
	orderContacts map[int32]orderContact

	customerTable table[packedCustomer]
	orderTable    table[Order]
}

// customerIndexes are the sorted indexes over one website's customers (or all).
type customerIndexes struct {
	byID, byUpdated, byCreated sortedIndex
}

func newStore(now func() time.Time, o Options) *Store {
	st := &Store{now: now, legacy: o.Version == "2.3", shareGlobal: o.AccountShareGlobal, newsletterConfirm: o.NewsletterConfirm, cidx: map[int]*customerIndexes{0: {}}, orderContacts: map[int32]orderContact{},
		strs: newStrArena(), customAttributes: map[int32][]CustomAttribute{}}
	st.internCommon()
	st.w = st.newPacker()
	for _, w := range websites {
		if w.ID != 0 {
			st.cidx[w.ID] = &customerIndexes{}
		}
	}
	st.customerTable = table[packedCustomer]{
		columns:    st.customerColumns(),
		index:      st.customerIndex,
		scopeField: "website_id",
		record: func(id int64) *packedCustomer {
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

func (st *Store) customerColumns() map[string]column[packedCustomer] {
	text := func(get func(c *packedCustomer) str) column[packedCustomer] {
		return stringColumn(func(c *packedCustomer) string { return st.text(get(c)) })
	}
	billing := func(get func(a *packedAddress) str) column[packedCustomer] {
		return stringColumn(func(c *packedCustomer) string {
			if a := st.billing(c); a != nil {
				return st.text(get(a))
			}
			return ""
		})
	}
	return map[string]column[packedCustomer]{
		"entity_id":                 intColumn(func(c *packedCustomer) int64 { return int64(c.id) }, false),
		"website_id":                intColumn(func(c *packedCustomer) int64 { return int64(c.websiteID) }, false),
		"store_id":                  intColumn(func(c *packedCustomer) int64 { return int64(c.storeID) }, false),
		"group_id":                  intColumn(func(c *packedCustomer) int64 { return int64(c.groupID) }, false),
		"gender":                    intColumn(func(c *packedCustomer) int64 { return int64(c.gender) }, true),
		"default_billing":           intColumn(func(c *packedCustomer) int64 { return int64(c.defaultBilling) }, true),
		"default_shipping":          intColumn(func(c *packedCustomer) int64 { return int64(c.defaultShipping) }, true),
		"disable_auto_group_change": intColumn(func(c *packedCustomer) int64 { return int64(c.disableAutoGroupChange) }, false),
		"created_at":                timeColumn(func(c *packedCustomer) int64 { return c.createdAt }),
		"updated_at":                timeColumn(func(c *packedCustomer) int64 { return c.updatedAt }),
		"email":                     text(func(c *packedCustomer) str { return c.email }),
		"firstname":                 text(func(c *packedCustomer) str { return c.firstname }),
		"lastname":                  text(func(c *packedCustomer) str { return c.lastname }),
		"middlename":                text(func(c *packedCustomer) str { return c.middlename }),
		"prefix":                    text(func(c *packedCustomer) str { return c.prefix }),
		"suffix":                    text(func(c *packedCustomer) str { return c.suffix }),
		"dob":                       text(func(c *packedCustomer) str { return c.dob }),
		"taxvat":                    text(func(c *packedCustomer) str { return c.taxvat }),
		"confirmation":              text(func(c *packedCustomer) str { return c.confirmation }),
		"created_in":                text(func(c *packedCustomer) str { return c.createdIn }),
		"billing_postcode":          billing(func(a *packedAddress) str { return a.postcode }),
		"billing_city":              billing(func(a *packedAddress) str { return a.city }),
		"billing_telephone":         billing(func(a *packedAddress) str { return a.telephone }),
		"billing_region":            billing(func(a *packedAddress) str { return a.region }),
		"billing_country_id":        billing(func(a *packedAddress) str { return a.countryID }),
		"billing_company":           billing(func(a *packedAddress) str { return a.company }),
	}
}

// slot returns the live customer with this id as stored, or nil. Callers
// hold the lock.
func (st *Store) slot(id int) *packedCustomer {
	if id < 1 || id > len(st.customers) || st.customers[id-1].id == 0 {
		return nil
	}
	return &st.customers[id-1]
}

// get returns a copy of the live customer with this id. Callers hold the lock.
func (st *Store) get(id int) (Customer, bool) {
	if c := st.slot(id); c != nil {
		return st.unpack(c), true
	}
	return Customer{}, false
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
	return st.get(id)
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
		out[i] = st.unpack(&st.customers[id-1])
	}
	return out, res.Total, nil
}

// EachCustomer answers a searchCriteria over customers as SearchCustomers
// does, but hands each customer of the page to each in turn, in one Customer
// that each must not keep: a page is written without copying it first.
func (st *Store) EachCustomer(q *Query, repeatLastPage bool, each func(*Customer)) (int, *Error) {
	st.mu.RLock()
	defer st.mu.RUnlock()
	res, err := st.customerTable.run(q, repeatLastPage)
	if err != nil {
		return 0, err
	}
	var c Customer
	for _, id := range res.IDs {
		st.unpackInto(&c, &st.customers[id-1])
		each(&c)
	}
	return res.Total, nil
}

func (st *Store) indexCustomer(c *packedCustomer) {
	for i, scope := range []int{0, int(c.websiteID)} {
		ix := st.cidx[scope]
		if ix == nil || (i == 1 && scope == 0) { // an admin-scope customer (website 0) is in the "all" indexes once
			continue
		}
		id := int64(c.id)
		ix.byID.insert(indexKey{id, id})
		ix.byUpdated.insert(indexKey{c.updatedAt, id})
		ix.byCreated.insert(indexKey{c.createdAt, id})
	}
}

func (st *Store) unindexCustomer(c *packedCustomer) {
	for i, scope := range []int{0, int(c.websiteID)} {
		ix := st.cidx[scope]
		if ix == nil || (i == 1 && scope == 0) { // an admin-scope customer (website 0) is in the "all" indexes once
			continue
		}
		id := int64(c.id)
		ix.byID.remove(indexKey{id, id})
		ix.byUpdated.remove(indexKey{c.updatedAt, id})
		ix.byCreated.remove(indexKey{c.createdAt, id})
	}
}

// replace writes a new version of a live customer and keeps the indexes right.
func (st *Store) replace(next Customer) {
	cur := st.slot(next.ID)
	packed := st.w.pack(&next)
	st.setCustomAttributes(&next)
	st.noteEmail(next.Email, next.ID)
	if cur.updatedAt != packed.updatedAt || cur.createdAt != packed.createdAt || cur.websiteID != packed.websiteID {
		st.unindexCustomer(cur)
		*cur = packed
		st.indexCustomer(cur)
		return
	}
	*cur = packed
}

// insert stores a new customer under the next id.
func (st *Store) insert(c Customer) Customer {
	c.ID = len(st.customers) + 1
	for i := range c.Addresses {
		c.Addresses[i].CustomerID = c.ID
	}
	st.customers = append(st.customers, st.w.pack(&c))
	st.setCustomAttributes(&c)
	st.noteEmail(c.Email, c.ID)
	st.live++
	st.indexCustomer(&st.customers[c.ID-1])
	return c
}

// setCustomAttributes keeps c's custom attribute values, which few
// customers have, beside the packed records.
func (st *Store) setCustomAttributes(c *Customer) {
	if len(c.CustomAttributes) == 0 {
		delete(st.customAttributes, int32(c.ID))
		return
	}
	st.customAttributes[int32(c.ID)] = c.CustomAttributes
}

// emailTaken reports whether another customer of the website has this email
// (customer/account_share/scope = website), or of any website when accounts
// are shared globally.
func (st *Store) emailTaken(email string, websiteID, exceptID int) bool {
	if st.emails == nil {
		st.emails, st.moreEmails = make(map[uint64]int32, st.live), map[uint64][]int32{}
		for i := range st.customers {
			if c := &st.customers[i]; c.id != 0 {
				st.noteEmail(st.text(c.email), int(c.id))
			}
		}
	}
	h := emailHash(email)
	first, ok := st.emails[h]
	if !ok {
		return false
	}
	for _, id := range append([]int32{first}, st.moreEmails[h]...) {
		c := st.slot(int(id))
		if c != nil && int(c.id) != exceptID && (st.shareGlobal || int(c.websiteID) == websiteID) && strings.EqualFold(st.text(c.email), email) {
			return true
		}
	}
	return false
}

// noteEmail adds customer id under email to the email index, if built.
func (st *Store) noteEmail(email string, id int) {
	if st.emails == nil {
		return
	}
	h := emailHash(email)
	first, ok := st.emails[h]
	switch {
	case !ok:
		st.emails[h] = int32(id)
	case first != int32(id) && !slices.Contains(st.moreEmails[h], int32(id)):
		st.moreEmails[h] = append(st.moreEmails[h], int32(id))
	}
}

// emailHash is the FNV-1a hash of an email's lowercase form.
func emailHash(email string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(strings.ToLower(email)))
	return h.Sum64()
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
	*c = packedCustomer{}
	delete(st.customAttributes, int32(id))
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
	c, ok := st.get(id)
	if !ok {
		return noSuchEntity("customerId", id)
	}
	next := c
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
	c, ok := st.get(id)
	if !ok {
		return noSuchEntity("customerId", id)
	}
	next := c
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
	c.subscribed = subscribed
	return nil
}

// CustomerByEmail finds the customer with this email in a website (in any
// website when accounts are shared globally).
func (st *Store) CustomerByEmail(email string, websiteID int) (Customer, bool) {
	st.mu.RLock()
	defer st.mu.RUnlock()
	for i := range st.customers {
		c := &st.customers[i]
		if c.id != 0 && (st.shareGlobal || int(c.websiteID) == websiteID) && strings.EqualFold(st.text(c.email), email) {
			return st.unpack(c), true
		}
	}
	return Customer{}, false
}
