package magesim

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// CustomerData is a customer as a caller sends it to be saved: nil fields
// were not sent. It is what CustomerRepository::save and
// AccountManagement::createAccount receive, whatever the protocol.
type CustomerData struct {
	ID, WebsiteID, StoreID, GroupID, Gender, DisableAutoGroupChange *int
	Email, Firstname, Lastname, Middlename, Prefix, Suffix          *string
	Dob, Taxvat, CreatedAt                                          *string
	DefaultBilling, DefaultShipping                                 *string
	// Addresses is nil when the caller left addresses out (they stay as they
	// are); non-nil, even empty, it is the customer's final set of addresses.
	Addresses        []AddressData
	Subscribed       *bool
	CustomAttributes []CustomAttribute
}

// AddressData is an address as a caller sends it; the whole address is
// replaced by what is sent.
type AddressData struct {
	ID                                            *int
	Firstname, Lastname, Middlename, Prefix       string
	Suffix, Company, City, CountryID, Postcode    string
	Telephone, Fax, VatID, RegionCode, RegionName string
	RegionID                                      int
	Street                                        []string
	DefaultBilling, DefaultShipping               bool
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// CreateCustomer creates an account as AccountManagement::createAccount
// does: password policy, store and website resolution, validation, unique
// email per website. current is the store view the request was made in.
func (st *Store) CreateCustomer(d CustomerData, password *string, current StoreView) (Customer, *Error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	email := strings.TrimSpace(deref(d.Email))
	if email == "" {
		return Customer{}, inputError(msgEmailRequired)
	}
	if password != nil {
		if err := checkPassword(*password, email); err != nil {
			return Customer{}, err
		}
	}
	return st.createLocked(d, password, current)
}

func (st *Store) createLocked(d CustomerData, password *string, current StoreView) (Customer, *Error) {
	sv, err := resolveStore(d, current)
	if err != nil {
		return Customer{}, err
	}
	now := st.nowUnix()
	c := Customer{WebsiteID: sv.WebsiteID, StoreID: sv.ID, CreatedIn: sv.Name, GroupID: defaultGroupID,
		CreatedAt: now, UpdatedAt: now}
	applyFields(&c, d)
	c.setCustomAttributes(d.CustomAttributes)
	if d.CreatedAt != nil {
		if t, ok := parseTime(*d.CreatedAt); ok {
			c.CreatedAt = t
		}
	}
	if err := st.validateCustomer(&c, d, 0); err != nil {
		return Customer{}, err
	}
	if v := deref(d.DefaultBilling); v != "" && v != "0" {
		return Customer{}, inputError(msgInvalidValue, named("fieldName", "default_billing"))
	}
	if v := deref(d.DefaultShipping); v != "" && v != "0" {
		return Customer{}, inputError(msgInvalidValue, named("fieldName", "default_shipping"))
	}
	var allowed []AddressData
	for _, a := range d.Addresses {
		if allowedCountries[a.CountryID] { // createAccount silently drops the others
			allowed = append(allowed, a)
		}
	}
	addrs, err := st.buildAddresses(&c, allowed, nil)
	if err != nil {
		return Customer{}, err
	}
	c.Addresses = addrs
	if password != nil {
		c.PasswordHash = newPasswordHash(*password, "1")
	}
	st.subscribe(&c, d.Subscribed)
	return st.insert(c), nil
}

// subscribe applies a sent is_subscribed as the newsletter plugin does: an
// unsubscribe is at once; a subscribe waits for the customer's confirmation
// when newsletter/subscription/confirm is on, so is_subscribed stays false.
func (st *Store) subscribe(c *Customer, want *bool) {
	if want != nil && (!*want || !st.newsletterConfirm) {
		c.Subscribed = *want
	}
}

// resolveStore fills store and website the way createAccount does.
func resolveStore(d CustomerData, current StoreView) (StoreView, *Error) {
	switch {
	case d.StoreID != nil && *d.StoreID != 0:
		sv, ok := findStoreView(*d.StoreID)
		if !ok {
			return sv, &Error{Kind: KindNoSuchEntity, Message: msgStoreNotFound}
		}
		if d.WebsiteID != nil && *d.WebsiteID != sv.WebsiteID {
			return sv, inputError(msgStoreNotInWebsite)
		}
		return sv, nil
	case d.WebsiteID != nil:
		sv, ok := websiteDefaultStore(*d.WebsiteID)
		if !ok || *d.WebsiteID == 0 {
			return sv, &Error{Kind: KindNoSuchEntity,
				Message: "The website with id %1 that was requested wasn't found. Verify the website and try again.",
				Params:  []Param{positional(*d.WebsiteID)}}
		}
		return sv, nil
	case current.ID == 0:
		sv, _ := findStoreView(1)
		return sv, nil
	}
	return current, nil
}

// applyFields copies the sent scalar fields onto a customer.
func applyFields(c *Customer, d CustomerData) {
	strs := []struct {
		src *string
		dst *string
	}{
		{d.Email, &c.Email}, {d.Firstname, &c.Firstname}, {d.Lastname, &c.Lastname},
		{d.Middlename, &c.Middlename}, {d.Prefix, &c.Prefix}, {d.Suffix, &c.Suffix},
		{d.Dob, &c.Dob}, {d.Taxvat, &c.Taxvat},
	}
	for _, f := range strs {
		if f.src != nil {
			*f.dst = strings.TrimSpace(*f.src)
		}
	}
	ints := []struct {
		src *int
		dst *int
	}{{d.GroupID, &c.GroupID}, {d.Gender, &c.Gender}, {d.DisableAutoGroupChange, &c.DisableAutoGroupChange}}
	for _, f := range ints {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
	if len(c.Dob) > 10 {
		c.Dob = c.Dob[:10] // "1980-01-01 00:00:00" is stored as a date
	}
}

// validateCustomer runs the customer validators and the repository checks.
func (st *Store) validateCustomer(c *Customer, d CustomerData, exceptID int) *Error {
	if errs := validateCustomerFields(c, st.legacy, st.now()); len(errs) > 0 {
		return aggregate(errs)
	}
	if _, ok := findGroup(c.GroupID); !ok {
		return inputError(msgGroupNotFound)
	}
	if st.emailTaken(c.Email, c.WebsiteID, exceptID) {
		return inputError(msgDuplicateEmail)
	}
	return nil
}

// checkPassword is AccountManagement::checkPasswordStrength plus the
// "different from email" check of createAccount.
func checkPassword(pw, email string) *Error {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < 8:
		return inputError(msgPasswordTooShort, positional(8))
	case n > 256:
		return inputError(msgPasswordTooLong, positional(256))
	case strings.Trim(pw, " \t\n\r\x00\x0B") != pw: // PHP's trim()
		return inputError(msgPasswordSpace)
	}
	// makeRequiredCharactersCheck's classes: /[0-9]+/, /[A-Z]+/, /[a-z]+/,
	// /[^a-zA-Z0-9]+/ (ASCII: "é" is a special character).
	var lower, upper, digit, other int
	for _, r := range pw {
		switch {
		case 'a' <= r && r <= 'z':
			lower = 1
		case 'A' <= r && r <= 'Z':
			upper = 1
		case '0' <= r && r <= '9':
			digit = 1
		default:
			other = 1
		}
	}
	if lower+upper+digit+other < 3 {
		return inputError(msgPasswordClasses, positional(3))
	}
	if strings.EqualFold(pw, email) {
		return inputError(msgPasswordIsEmail)
	}
	return nil
}

// buildAddresses turns the sent addresses into the customer's final set:
// sent with a known id → replaced, without an id → inserted; existing ones
// not sent are gone. Default flags on addresses set the customer's defaults.
func (st *Store) buildAddresses(c *Customer, sent []AddressData, existing []Address) ([]Address, *Error) {
	var errs []*Error
	for _, a := range sent {
		errs = append(errs, validateAddress(a, st.legacy)...)
	}
	if len(errs) > 0 {
		return nil, inputErrors(errs)
	}
	out := make([]Address, 0, len(sent))
	nextID := st.nextAddressID
	for _, a := range sent {
		addr := Address{CustomerID: c.ID, Firstname: a.Firstname, Lastname: a.Lastname, Middlename: a.Middlename,
			Prefix: a.Prefix, Suffix: a.Suffix, Company: a.Company, Street: strings.Join(a.Street, "\n"),
			City: a.City, CountryID: a.CountryID, Postcode: a.Postcode, Telephone: a.Telephone, Fax: a.Fax,
			VatID: a.VatID, RegionID: a.RegionID, RegionCode: a.RegionCode, Region: a.RegionName}
		if r, ok := findRegion(a.CountryID, a.RegionID, a.RegionCode); ok {
			addr.RegionID, addr.RegionCode, addr.Region = r.ID, r.Code, r.Name
		}
		if a.ID != nil && *a.ID != 0 {
			found := false
			for _, e := range existing {
				found = found || e.ID == *a.ID
			}
			if !found {
				return nil, noSuchEntity("addressId", *a.ID)
			}
			addr.ID = *a.ID
		} else {
			nextID++
			addr.ID = nextID
		}
		out = append(out, addr)
	}
	st.nextAddressID = nextID
	for i, a := range sent {
		if a.DefaultBilling {
			c.DefaultBilling = out[i].ID
		}
		if a.DefaultShipping {
			c.DefaultShipping = out[i].ID
		}
	}
	return out, nil
}

// UpdateCustomer saves a customer as CustomerRepository::save does. In 2.4
// the stored record is overlaid with what was sent; in ≤2.3 what was sent
// replaces the record and must be complete. Saving moves updated_at. A
// passwordHash other than "" replaces the customer's password hash as it
// is, unchecked (populateCustomerWithSecureData).
func (st *Store) UpdateCustomer(id int, d CustomerData, passwordHash string, current StoreView) (Customer, *Error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	cur, ok := st.get(id)
	if !ok {
		return Customer{}, noSuchEntity("customerId", id)
	}
	var next Customer
	if st.legacy {
		if d.ID == nil {
			// Without an id, ≤2.3 saves a new customer (magento2#14054).
			return st.createLocked(d, nil, current)
		}
		if err := requireFullRecord(d); err != nil {
			return Customer{}, err
		}
		next = Customer{ID: id, StoreID: cur.StoreID, CreatedIn: cur.CreatedIn, CreatedAt: cur.CreatedAt,
			GroupID: defaultGroupID, Addresses: cur.Addresses, DefaultBilling: cur.DefaultBilling,
			DefaultShipping: cur.DefaultShipping, Subscribed: cur.Subscribed, PasswordHash: cur.PasswordHash,
			Confirmation: cur.Confirmation, WebsiteID: *d.WebsiteID, CustomAttributes: cur.CustomAttributes}
	} else {
		next = cur
		if d.WebsiteID != nil {
			next.WebsiteID = *d.WebsiteID
		}
	}
	if d.StoreID != nil {
		sv, ok := findStoreView(*d.StoreID)
		if !ok {
			return Customer{}, &Error{Kind: KindNoSuchEntity, Message: msgStoreNotFound}
		}
		next.StoreID = sv.ID
	}
	if sv, _ := findStoreView(next.StoreID); sv.ID != 0 && sv.WebsiteID != next.WebsiteID {
		return Customer{}, inputError(msgStoreNotInWebsite)
	}
	if _, ok := findWebsite(next.WebsiteID); !ok || next.WebsiteID == 0 {
		return Customer{}, inputError(msgWebsiteRequired)
	}
	applyFields(&next, d)
	next.setCustomAttributes(d.CustomAttributes)
	if d.Email != nil && strings.TrimSpace(*d.Email) == "" {
		return Customer{}, inputError(msgEmailMissing)
	}
	if err := st.validateCustomer(&next, d, id); err != nil {
		return Customer{}, err
	}
	if d.Addresses != nil {
		addrs, err := st.buildAddresses(&next, d.Addresses, cur.Addresses)
		if err != nil {
			return Customer{}, err
		}
		next.Addresses = addrs
	}
	if err := setDefaults(&next, d); err != nil {
		return Customer{}, err
	}
	st.subscribe(&next, d.Subscribed)
	if passwordHash != "" {
		next.PasswordHash = passwordHash
	}
	next.UpdatedAt = st.nowUnix()
	st.replace(next)
	return next, nil
}

// requireFullRecord is what ≤2.3 needs in a PUT body.
func requireFullRecord(d CustomerData) *Error {
	switch {
	case d.Email == nil || strings.TrimSpace(*d.Email) == "":
		return inputError(msgEmailMissing)
	case d.Firstname == nil || *d.Firstname == "":
		return inputError(msgRequiredValue, positional("First Name"))
	case d.Lastname == nil || *d.Lastname == "":
		return inputError(msgRequiredValue, positional("Last Name"))
	case d.WebsiteID == nil:
		return inputError(msgWebsiteRequired)
	}
	return nil
}

// setDefaults applies sent default_billing/default_shipping, which must name
// one of the customer's addresses, and drops links to addresses that are gone.
func setDefaults(c *Customer, d CustomerData) *Error {
	for _, f := range []struct {
		name string
		sent *string
		dst  *int
	}{{"default_billing", d.DefaultBilling, &c.DefaultBilling}, {"default_shipping", d.DefaultShipping, &c.DefaultShipping}} {
		if f.sent != nil && *f.sent != "" {
			id, err := strconv.Atoi(*f.sent)
			if err != nil || c.address(id) == nil {
				return inputError(msgInvalidValue, named("fieldName", f.name))
			}
			*f.dst = id
		}
		if *f.dst != 0 && c.address(*f.dst) == nil {
			*f.dst = 0
		}
	}
	return nil
}

// DeleteAddress removes one address, as DELETE /V1/addresses/{id} does.
// The customer's updated_at does not move.
func (st *Store) DeleteAddress(addressID int) *Error {
	st.mu.Lock()
	defer st.mu.Unlock()
	if c, ok := st.customerWithAddress(addressID); ok {
		next := c
		next.Addresses = make([]Address, 0, len(c.Addresses)-1)
		for _, a := range c.Addresses {
			if a.ID != addressID {
				next.Addresses = append(next.Addresses, a)
			}
		}
		if next.DefaultBilling == addressID {
			next.DefaultBilling = 0
		}
		if next.DefaultShipping == addressID {
			next.DefaultShipping = 0
		}
		st.replace(next)
		return nil
	}
	return noSuchEntity("addressId", addressID)
}

// FindAddress returns the address with this id and its customer.
func (st *Store) FindAddress(addressID int) (Address, Customer, bool) {
	st.mu.RLock()
	defer st.mu.RUnlock()
	if c, ok := st.customerWithAddress(addressID); ok {
		return *c.address(addressID), c, true
	}
	return Address{}, Customer{}, false
}

// EmailAvailable reports whether no customer of the website uses the email.
func (st *Store) EmailAvailable(email string, websiteID int) bool {
	st.mu.Lock() // a write lock: the first look builds the email index
	defer st.mu.Unlock()
	return !st.emailTaken(email, websiteID, 0)
}
