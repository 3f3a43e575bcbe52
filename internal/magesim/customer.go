package magesim

import "strings"

// Customer is one customer_entity row with its addresses and newsletter state.
// Empty strings and zero ints stand for NULL where Magento's column is nullable.
// Records handed out by the store are copies; their Addresses slice is never
// modified in place (mutations replace it), so copies stay consistent.
type Customer struct {
	ID                     int
	WebsiteID              int
	StoreID                int
	GroupID                int
	Email                  string
	Firstname, Lastname    string
	Middlename             string
	Prefix, Suffix         string
	Dob                    string // Y-m-d
	Taxvat                 string
	Gender                 int // 1 Male, 2 Female, 3 Not Specified, 0 NULL
	Confirmation           string
	CreatedIn              string
	CreatedAt, UpdatedAt   int64 // Unix seconds, UTC
	DefaultBilling         int   // address id, 0 = none
	DefaultShipping        int
	DisableAutoGroupChange int
	Subscribed             bool
	PasswordHash           string
	Addresses              []Address
	// CustomAttributes are the values of custom customer attributes, in the
	// order they were first set; magesim knows customAttributeCodes.
	CustomAttributes []CustomAttribute
}

// CustomAttribute is one custom_attributes entry.
type CustomAttribute struct {
	Code, Value string
}

// customAttributeCodes are the custom customer attributes the simulated
// store defines; values for other codes are ignored, as Magento ignores
// custom attributes it has no metadata for.
var customAttributeCodes = map[string]bool{"loyalty_tier": true, "erp_customer_code": true}

// setCustomAttributes overlays sent values: an attribute not sent keeps its
// value — in 2.3 too, where the rest of a PUT replaces the record (EAV saves
// only the attributes in the data it is given).
func (c *Customer) setCustomAttributes(sent []CustomAttribute) {
	if len(sent) == 0 {
		return
	}
	out := append([]CustomAttribute(nil), c.CustomAttributes...)
	for _, a := range sent {
		found := false
		for i := range out {
			if out[i].Code == a.Code {
				out[i].Value, found = a.Value, true
			}
		}
		if !found {
			out = append(out, a)
		}
	}
	c.CustomAttributes = out
}

// Address is one customer_address_entity row.
type Address struct {
	ID                  int
	CustomerID          int
	Firstname, Lastname string
	Middlename          string
	Prefix, Suffix      string
	Company             string
	Street              string // lines joined by "\n", as Magento stores them
	City                string
	CountryID           string
	RegionID            int
	RegionCode, Region  string
	Postcode            string
	Telephone, Fax      string
	VatID               string
}

// StreetLines splits the stored street into its lines.
func (a *Address) StreetLines() []string {
	if a.Street == "" {
		return nil
	}
	return strings.Split(a.Street, "\n")
}

// address returns the customer's address with the given id.
func (c *Customer) address(id int) *Address {
	for i := range c.Addresses {
		if c.Addresses[i].ID == id {
			return &c.Addresses[i]
		}
	}
	return nil
}

// billing is the default billing address, or nil.
func (c *Customer) billing() *Address {
	if c.DefaultBilling == 0 {
		return nil
	}
	return c.address(c.DefaultBilling)
}
