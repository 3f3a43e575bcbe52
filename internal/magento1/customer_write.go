package magento1

import (
	"context"
	"errors"
	"strconv"
	"strings"
)

// CustomerInput is what customerCustomerCreate and customerCustomerUpdate
// send (customerCustomerEntityToCreate); nil fields are left out, and an
// update changes only the fields sent.
//
// What OpenMage 20 does with them (its Customer_Api, checked against a real
// store): the fields are saved as sent — no name, email-format, group or
// gender checks. Only these are refused: no email (fault 100 "Customer
// email is required"), an email already used in the website (100 "This
// customer email already exists"; fault 1 on update), a website or store
// that does not exist (fault 1, MySQL's foreign key error), a DOB that is
// not a date (fault 1 "Invalid date"; 1980-02-30 is saved as 1980-03-01),
// and on create a password under 7 characters (fault 1). Without WebsiteID
// the customer is created in the admin scope (website 0, store 0). Gender
// is stored though customerCustomerInfo never answers it.
type CustomerInput struct {
	Email, Firstname, Lastname, Middlename, Prefix, Suffix *string
	DOB, Taxvat, Password                                  *string
	WebsiteID, StoreID, GroupID, Gender                    *int
}

func (e encoder) customerInput(d CustomerInput) value {
	var fields []value
	for _, f := range []struct {
		name string
		v    *string
	}{{"email", d.Email}, {"firstname", d.Firstname}, {"lastname", d.Lastname}, {"middlename", d.Middlename},
		{"password", d.Password}, {"prefix", d.Prefix}, {"suffix", d.Suffix}, {"dob", d.DOB}, {"taxvat", d.Taxvat}} {
		if f.v != nil {
			fields = append(fields, e.str(f.name, *f.v))
		}
	}
	for _, f := range []struct {
		name string
		v    *int
	}{{"website_id", d.WebsiteID}, {"store_id", d.StoreID}, {"group_id", d.GroupID}, {"gender", d.Gender}} {
		if f.v != nil {
			fields = append(fields, e.int(f.name, *f.v))
		}
	}
	return e.strct("customerData", "customerCustomerEntityToCreate", fields...)
}

// CreateCustomer is customerCustomerCreate; it returns the new id. Like
// every write it is sent once (a 429 or 503 comes back with its
// RetryAfter); when the request may have reached the store the error
// is an OutcomeUnknownError and the customer may exist — look the email up
// (CustomersByEmail) before creating again. A duplicate
// email is reported by IsDuplicateEmail, other refusals by IsValidation.
func (c *Client) CreateCustomer(ctx context.Context, in CustomerInput) (int, error) {
	var id scalar
	if err := call(ctx, c, "customerCustomerCreate", createCall, func(e encoder) []value { return []value{e.customerInput(in)} }, &id); err != nil {
		return 0, err
	}
	return newID("customerCustomerCreate", id)
}

// ErrPasswordNotUpdatable is UpdateCustomer's answer to an input with a
// Password: customerCustomerUpdate sets only customer attributes, and the
// password is not one — OpenMage answers true and keeps the old password.
var ErrPasswordNotUpdatable = errors.New("magento1: customerCustomerUpdate cannot set a password (Magento 1 ignores it); only customerCustomerCreate takes one")

// CustomersByEmail lists the customers with this email, in one website when
// websiteID > 0: how a create whose answer was lost (OutcomeUnknownError) is
// found before it is sent again. Emails are unique per website unless the
// store shares accounts globally.
func (c *Client) CustomersByEmail(ctx context.Context, email string, websiteID int) ([]Customer, error) {
	f := Filters{Equal: []Condition{{Field: "email", Value: email}}}
	if websiteID > 0 {
		f.Equal = append(f.Equal, Condition{Field: "website_id", Value: strconv.Itoa(websiteID)})
	}
	l, err := c.Customers(ctx, f)
	if err != nil {
		return nil, err
	}
	return l.Customers, nil
}

// UpdateCustomer is customerCustomerUpdate: it sets only the sent fields.
// It is sent once, never repeated here: in is built from a read of the
// customer, and sent again after a wait it would undo what was saved in
// the store meanwhile; the caller reads again and sends what is still to
// send. It refuses an input with a Password
// (ErrPasswordNotUpdatable) rather than let it be dropped silently. A
// missing customer is reported by IsNotFound; a refused save is a fault 1
// with Magento's message, which IsValidation reports.
func (c *Client) UpdateCustomer(ctx context.Context, id int, in CustomerInput) error {
	if in.Password != nil {
		return ErrPasswordNotUpdatable
	}
	var ok scalar
	return call(ctx, c, "customerCustomerUpdate", writeCall, func(e encoder) []value {
		return []value{e.int("customerId", id), e.customerInput(in)}
	}, &ok)
}

// AddressInput is what customerAddressCreate and customerAddressUpdate
// send (customerAddressEntityCreate); nil fields are left out.
//
// Magento 1 checks an address as a whole after applying the sent fields
// (Mage_Customer_Model_Address_Abstract::_basicCheck): first and last
// name, street line 1, city, telephone, country, postcode unless the
// country is in general/country/optional_zip_countries (HK, IE, MO, PA),
// and a region id for the countries in general/region/state_required
// (by default every country with regions: AT CA CH DE EE ES FI FR LT LV
// RO US). A refusal is fault 100 with the messages joined by newlines.
type AddressInput struct {
	Firstname, Lastname, Middlename, Prefix, Suffix *string
	Company, City, CountryID, Region, Postcode      *string
	Telephone, Fax                                  *string
	RegionID                                        *int
	Street                                          []string // nil: not sent
	DefaultBilling, DefaultShipping                 *bool
}

func (e encoder) addressInput(d AddressInput) value {
	var fields []value
	str := func(name string, v *string) {
		if v != nil {
			fields = append(fields, e.str(name, *v))
		}
	}
	str("city", d.City)
	str("company", d.Company)
	str("country_id", d.CountryID)
	str("fax", d.Fax)
	str("firstname", d.Firstname)
	str("lastname", d.Lastname)
	str("middlename", d.Middlename)
	str("postcode", d.Postcode)
	str("prefix", d.Prefix)
	if d.RegionID != nil {
		fields = append(fields, e.int("region_id", *d.RegionID))
	}
	str("region", d.Region)
	if d.Street != nil {
		lines := make([]value, len(d.Street))
		for i, l := range d.Street {
			lines[i] = e.str("", l)
		}
		fields = append(fields, e.array("street", "ArrayOfString", "xsd:string", lines...))
	}
	str("suffix", d.Suffix)
	str("telephone", d.Telephone)
	if d.DefaultBilling != nil {
		fields = append(fields, e.bool("is_default_billing", *d.DefaultBilling))
	}
	if d.DefaultShipping != nil {
		fields = append(fields, e.bool("is_default_shipping", *d.DefaultShipping))
	}
	return e.strct("addressData", "customerAddressEntityCreate", fields...)
}

// CreateAddress is customerAddressCreate; it returns the new address id.
// Like CreateCustomer it is sent once, and an OutcomeUnknownError says
// the request may have arrived (list the customer's addresses first).
// A missing customer is reported by IsNotFound.
func (c *Client) CreateAddress(ctx context.Context, customerID int, in AddressInput) (int, error) {
	var id scalar
	err := call(ctx, c, "customerAddressCreate", createCall, func(e encoder) []value {
		return []value{e.int("customerId", customerID), e.addressInput(in)}
	}, &id)
	if err != nil {
		return 0, err
	}
	return newID("customerAddressCreate", id)
}

// UpdateAddress is customerAddressUpdate: it sets only the sent fields,
// then checks the whole address. It is sent once, as UpdateCustomer is.
// A missing address is reported by IsNotFound.
func (c *Client) UpdateAddress(ctx context.Context, addressID int, in AddressInput) error {
	var ok scalar
	return call(ctx, c, "customerAddressUpdate", writeCall, func(e encoder) []value {
		return []value{e.int("addressId", addressID), e.addressInput(in)}
	}, &ok)
}

// DeleteAddress is customerAddressDelete, sent once. Sent again by its
// caller after a lost answer, it finds the address gone: take IsNotFound
// as done.
func (c *Client) DeleteAddress(ctx context.Context, addressID int) error {
	var ok scalar
	return call(ctx, c, "customerAddressDelete", writeCall, func(e encoder) []value { return []value{e.int("addressId", addressID)} }, &ok)
}

func newID(op string, id scalar) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(id.Text))
	if err != nil || n <= 0 {
		return 0, &BadAnswerError{Op: op, Status: 200, Err: errBadID(id.Text)}
	}
	return n, nil
}
