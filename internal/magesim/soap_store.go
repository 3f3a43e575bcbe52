package magesim

import (
	"strconv"
	"strings"
)

// This file holds the store's operations in Magento 1 terms, for the SOAP
// layer: one address saved on its own, and a customer list that fails the
// way PHP does when the whole collection does not fit in memory_limit.

// AddressFields is an address as Magento 1's customerAddressCreate and
// customerAddressUpdate receive it: nil fields were not sent.
type AddressFields struct {
	Firstname, Lastname, Middlename, Prefix, Suffix *string
	Company, City, CountryID, Postcode, Telephone   *string
	Fax, Region                                     *string
	RegionID                                        *int
	Street                                          []string // nil: not sent
	DefaultBilling, DefaultShipping                 *bool
}

// Magento 1's address validation phrases (Mage_Customer_Model_Address_Abstract).
var m1AddressRequired = []struct {
	msg string
	get func(a *Address) string
}{
	{"Please enter the first name.", func(a *Address) string { return a.Firstname }},
	{"Please enter the last name.", func(a *Address) string { return a.Lastname }},
	{"Please enter the street.", func(a *Address) string { return a.Street }},
	{"Please enter the city.", func(a *Address) string { return a.City }},
	{"Please enter the telephone number.", func(a *Address) string { return a.Telephone }},
}

// validateM1Address returns Magento 1's messages for an address, or nil:
// Mage_Customer_Model_Address_Abstract::_basicCheck as the API runs it.
func validateM1Address(a *Address) []string {
	var msgs []string
	for _, r := range m1AddressRequired {
		if strings.TrimSpace(r.get(a)) == "" {
			msgs = append(msgs, r.msg)
		}
	}
	if a.Postcode == "" && !optionalZipCountriesM1[a.CountryID] {
		msgs = append(msgs, "Please enter the zip/postal code.")
	}
	if a.CountryID == "" {
		msgs = append(msgs, "Please enter the country.")
	}
	// No "Please enter the state/province.": OpenMage asks for it only when
	// the region id is empty, and an address without one reads it as int 0,
	// which Zend's NotEmpty takes for a value (checked on OpenMage 20.0.20).
	return msgs
}

// apply copies the sent fields onto an address.
func (f AddressFields) apply(a *Address) {
	for _, s := range []struct {
		src *string
		dst *string
	}{{f.Firstname, &a.Firstname}, {f.Lastname, &a.Lastname}, {f.Middlename, &a.Middlename}, {f.Prefix, &a.Prefix},
		{f.Suffix, &a.Suffix}, {f.Company, &a.Company}, {f.City, &a.City}, {f.CountryID, &a.CountryID},
		{f.Postcode, &a.Postcode}, {f.Telephone, &a.Telephone}, {f.Fax, &a.Fax}, {f.Region, &a.Region}} {
		if s.src != nil {
			*s.dst = *s.src
		}
	}
	if f.Street != nil {
		a.Street = strings.Join(f.Street, "\n")
	}
	if f.RegionID != nil {
		a.RegionID = *f.RegionID
	}
	nameRegionM1(a)
}

// nameRegionM1 settles an address's region as OpenMage does when it saves
// one (Mage_Customer_Model_Address_Abstract::getRegion from _beforeSave):
// a region id of the address's country names the region, whatever region
// text came with it; without a region id, a region text that is the id of
// one of the country's regions becomes that region. Anything else is kept
// as it is: a region id of another country (even for a country without
// regions), and a region text, even a region's code ("TX" is not looked
// up). Checked against OpenMage 20.0.20.
func nameRegionM1(a *Address) {
	a.RegionCode = ""
	if r, ok := m1Region(a.CountryID, a.RegionID); ok {
		a.RegionCode, a.Region = r.Code, r.Name
		return
	}
	if n, err := strconv.Atoi(a.Region); err == nil && a.RegionID == 0 {
		if r, ok := m1Region(a.CountryID, n); ok {
			a.RegionID, a.RegionCode, a.Region = r.ID, r.Code, r.Name
		}
	}
}

// AddAddress saves a new address for a customer as Magento 1's
// customerAddressCreate does. The customer's updated_at does not move.
// It returns the address id, or the validation messages.
func (st *Store) AddAddress(customerID int, f AddressFields) (int, []string, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	c, ok := st.get(customerID)
	if !ok {
		return 0, nil, false
	}
	a := Address{ID: st.nextAddressID + 1, CustomerID: customerID}
	f.apply(&a)
	if msgs := validateM1Address(&a); msgs != nil {
		return 0, msgs, true
	}
	st.nextAddressID++
	next := c
	next.Addresses = append(next.Addresses, a)
	setM1Defaults(&next, a.ID, f)
	st.replace(next)
	return a.ID, nil, true
}

// ChangeAddress saves the sent fields of an address as Magento 1's
// customerAddressUpdate does; the customer's updated_at does not move.
func (st *Store) ChangeAddress(addressID int, f AddressFields) ([]string, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if next, ok := st.customerWithAddress(addressID); ok {
		a := next.address(addressID)
		f.apply(a)
		if msgs := validateM1Address(a); msgs != nil {
			return msgs, true
		}
		setM1Defaults(&next, addressID, f)
		st.replace(next)
		return nil, true
	}
	return nil, false
}

func setM1Defaults(c *Customer, addressID int, f AddressFields) {
	if f.DefaultBilling != nil && *f.DefaultBilling {
		c.DefaultBilling = addressID
	}
	if f.DefaultShipping != nil && *f.DefaultShipping {
		c.DefaultShipping = addressID
	}
}

// SetDefaultAddresses sets a customer's default billing and shipping
// address ids where given (0 clears one), as Magento 1's v1 customer.update
// saves them: the customer's updated_at moves. It reports false when there
// is no such customer.
func (st *Store) SetDefaultAddresses(id int, billing, shipping *int) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	next, ok := st.get(id)
	if !ok {
		return false
	}
	if billing != nil {
		next.DefaultBilling = *billing
	}
	if shipping != nil {
		next.DefaultShipping = *shipping
	}
	next.UpdatedAt = st.nowUnix()
	st.replace(next)
	return true
}

// ListCustomers answers a Magento 1 customer list: every match, in the
// store's order, unless there are more than limit — then ok is false, as
// PHP dies building the whole collection.
func (st *Store) ListCustomers(q *Query, limit int) (list []Customer, ok bool, err *Error) {
	q.PageSize, q.CurrentPage = limit+1, 1
	list, _, err = st.SearchCustomers(q, false)
	if err != nil {
		return nil, false, err
	}
	return list, len(list) <= limit, nil
}
