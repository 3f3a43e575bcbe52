package magento

import (
	"bytes"
	"time"

	"github.com/go-json-experiment/json/jsontext"
)

// Customer is Magento's CustomerInterface as the CRM reads it.
// Fields Magento leaves out (nullable nulls) keep their zero value.
type Customer struct {
	ID         int
	WebsiteID  int
	StoreID    int
	GroupID    int
	Email      string
	Prefix     string
	Firstname  string
	Middlename string
	Lastname   string
	Suffix     string
	DOB        Date // zero when Magento sent none
	Gender     int  // 1 male, 2 female, 3 not specified; 0 when unset
	Taxvat     string
	CreatedIn  string    // store view name the account was created in
	CreatedAt  time.Time // UTC
	UpdatedAt  time.Time // UTC
	// Confirmation is set while the account waits for email confirmation.
	Confirmation string
	// DefaultBilling and DefaultShipping hold address ids as strings, as
	// Magento sends them; "" when unset.
	DefaultBilling         string
	DefaultShipping        string
	DisableAutoGroupChange int
	Addresses              []Address
	// IsSubscribed is extension_attributes.is_subscribed: nil when Magento
	// did not say (releases before 2.4 often leave it out).
	IsSubscribed     *bool
	CustomAttributes []CustomAttribute
}

// Address is Magento's AddressInterface.
type Address struct {
	ID               int               `json:"id,omitzero"`
	CustomerID       int               `json:"customer_id,omitzero"`
	Region           Region            `json:"region"`
	RegionID         int               `json:"region_id,omitzero"`
	CountryID        string            `json:"country_id"` // ISO 3166-1 alpha-2
	Street           []string          `json:"street"`
	Company          string            `json:"company,omitempty"`
	Telephone        string            `json:"telephone,omitempty"`
	Fax              string            `json:"fax,omitempty"`
	Postcode         string            `json:"postcode,omitempty"`
	City             string            `json:"city"`
	Firstname        string            `json:"firstname"`
	Lastname         string            `json:"lastname"`
	Middlename       string            `json:"middlename,omitempty"`
	Prefix           string            `json:"prefix,omitempty"`
	Suffix           string            `json:"suffix,omitempty"`
	VATID            string            `json:"vat_id,omitempty"`
	DefaultBilling   bool              `json:"default_billing"`
	DefaultShipping  bool              `json:"default_shipping"`
	CustomAttributes []CustomAttribute `json:"custom_attributes,omitempty"`
}

// Region is an address region; RegionID 0 means a free-text region.
type Region struct {
	RegionCode string `json:"region_code"`
	Region     string `json:"region"`
	RegionID   int    `json:"region_id"`
}

// CustomAttribute is one EAV attribute value. A value that is not a JSON
// string (a number or a list) is kept as its JSON text.
type CustomAttribute struct {
	Code  string         `json:"attribute_code"`
	Value AttributeValue `json:"value"`
}

// AttributeValue is a custom attribute's value as text.
type AttributeValue string

// UnmarshalJSON takes any JSON value: a string as its text, anything else
// (number, list, object) as its JSON text, null as "".
func (v *AttributeValue) UnmarshalJSON(b []byte) error {
	switch {
	case len(b) > 0 && b[0] == '"':
		s, err := jsontext.AppendUnquote(nil, b)
		if err != nil {
			return err
		}
		*v = AttributeValue(s)
	case string(b) == "null":
		*v = ""
	default:
		*v = AttributeValue(bytes.TrimSpace(b))
	}
	return nil
}

// wireTime reads Magento's "Y-m-d H:i:s" without failing the record's
// decoding: a bad value is kept so that it can be reported with its record.
type wireTime struct {
	t   time.Time
	set bool
	bad string
}

func (w *wireTime) UnmarshalText(b []byte) error {
	w.set = true
	if t, ok := parseTime(b); ok {
		w.t = t
	} else {
		w.bad = string(b)
	}
	return nil
}

type wireDate struct {
	d   Date
	bad string
}

func (w *wireDate) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		return nil
	}
	if d, ok := parseDate(b); ok {
		w.d = d
	} else {
		w.bad = string(b)
	}
	return nil
}

// wireCustomer is a customer as Magento writes it.
type wireCustomer struct {
	ID                     int               `json:"id"`
	GroupID                int               `json:"group_id"`
	DefaultBilling         string            `json:"default_billing"`
	DefaultShipping        string            `json:"default_shipping"`
	Confirmation           string            `json:"confirmation"`
	CreatedAt              wireTime          `json:"created_at"`
	UpdatedAt              wireTime          `json:"updated_at"`
	CreatedIn              string            `json:"created_in"`
	DOB                    wireDate          `json:"dob"`
	Email                  string            `json:"email"`
	Firstname              string            `json:"firstname"`
	Lastname               string            `json:"lastname"`
	Middlename             string            `json:"middlename"`
	Prefix                 string            `json:"prefix"`
	Suffix                 string            `json:"suffix"`
	Gender                 int               `json:"gender"`
	StoreID                int               `json:"store_id"`
	Taxvat                 string            `json:"taxvat"`
	WebsiteID              int               `json:"website_id"`
	Addresses              []Address         `json:"addresses"`
	DisableAutoGroupChange int               `json:"disable_auto_group_change"`
	ExtensionAttributes    wireCustomerExt   `json:"extension_attributes"`
	CustomAttributes       []CustomAttribute `json:"custom_attributes"`
}

type wireCustomerExt struct {
	IsSubscribed *bool `json:"is_subscribed"`
}

// customer checks the record and converts it; reason is "" when it is good.
func (w *wireCustomer) customer() (c Customer, reason string) {
	switch {
	case w.ID <= 0:
		return c, "missing id"
	case w.Email == "":
		return c, "missing email"
	case w.Firstname == "":
		return c, "missing firstname"
	case w.Lastname == "":
		return c, "missing lastname"
	}
	if r := checkTime("created_at", &w.CreatedAt, true); r != "" {
		return c, r
	}
	if r := checkTime("updated_at", &w.UpdatedAt, true); r != "" {
		return c, r
	}
	if w.DOB.bad != "" {
		return c, "invalid dob " + quote(w.DOB.bad)
	}
	return Customer{
		ID:                     w.ID,
		WebsiteID:              w.WebsiteID,
		StoreID:                w.StoreID,
		GroupID:                w.GroupID,
		Email:                  w.Email,
		Prefix:                 w.Prefix,
		Firstname:              w.Firstname,
		Middlename:             w.Middlename,
		Lastname:               w.Lastname,
		Suffix:                 w.Suffix,
		DOB:                    w.DOB.d,
		Gender:                 w.Gender,
		Taxvat:                 w.Taxvat,
		CreatedIn:              w.CreatedIn,
		CreatedAt:              w.CreatedAt.t,
		UpdatedAt:              w.UpdatedAt.t,
		Confirmation:           w.Confirmation,
		DefaultBilling:         w.DefaultBilling,
		DefaultShipping:        w.DefaultShipping,
		DisableAutoGroupChange: w.DisableAutoGroupChange,
		Addresses:              w.Addresses,
		IsSubscribed:           w.ExtensionAttributes.IsSubscribed,
		CustomAttributes:       w.CustomAttributes,
	}, ""
}

func checkTime(name string, w *wireTime, required bool) string {
	switch {
	case w.bad != "":
		return "invalid " + name + " " + quote(w.bad)
	case !w.set && required:
		return "missing " + name
	}
	return ""
}

func quote(s string) string {
	b, _ := jsontext.AppendQuote(nil, s)
	return string(b)
}
