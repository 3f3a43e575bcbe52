package magento1

import (
	"context"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Customer is customerCustomerEntity as the CRM reads it. Magento 1's
// customer API has no gender, default address ids or newsletter state: the
// defaults come with the addresses (IsDefaultBilling/Shipping).
type Customer struct {
	ID, WebsiteID, StoreID, GroupID int
	Email                           string
	Prefix, Firstname, Middlename   string
	Lastname, Suffix                string
	DOB                             string // Y-m-d, "" when unset
	Taxvat                          string
	CreatedIn                       string
	CreatedAt, UpdatedAt            time.Time // UTC
	// AwaitingConfirmation is set while the account waits for email confirmation.
	AwaitingConfirmation bool
}

// Address is customerAddressEntityItem.
type Address struct {
	ID                                      int
	Firstname, Lastname, Middlename, Prefix string
	Suffix, Company                         string
	Street                                  []string
	City, CountryID, Region                 string
	RegionID                                int
	Postcode, Telephone, Fax                string
	DefaultBilling, DefaultShipping         bool
}

// RecordProblem is one record of a list that could not be taken.
type RecordProblem struct {
	ID     int // Magento id, 0 if it could not be read
	Index  int // position in the answer, from 0
	Reason string
}

func (p RecordProblem) String() string {
	if p.ID == 0 {
		return fmt.Sprintf("record %d of the answer (id unreadable): %s", p.Index+1, p.Reason)
	}
	return fmt.Sprintf("record %d: %s", p.ID, p.Reason)
}

type wireCustomer struct {
	XMLName      xml.Name
	ID           string `xml:"customer_id"`
	CreatedAt    string `xml:"created_at"`
	UpdatedAt    string `xml:"updated_at"`
	StoreID      string `xml:"store_id"`
	WebsiteID    string `xml:"website_id"`
	CreatedIn    string `xml:"created_in"`
	Email        string `xml:"email"`
	Firstname    string `xml:"firstname"`
	Middlename   string `xml:"middlename"`
	Lastname     string `xml:"lastname"`
	GroupID      string `xml:"group_id"`
	Prefix       string `xml:"prefix"`
	Suffix       string `xml:"suffix"`
	DOB          string `xml:"dob"`
	Taxvat       string `xml:"taxvat"`
	Confirmation string `xml:"confirmation"`
}

const timeLayout = "2006-01-02 15:04:05"

// FormatTime formats a time as Magento stores it: UTC, Y-m-d H:i:s.
func FormatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// parseTime reads a time as the customer API answers it: "Y-m-d H:i:s" in
// UTC from customerCustomerList, ISO 8601 with an offset from
// customerCustomerInfo on OpenMage 20 ("2024-05-01T10:00:00+00:00").
func parseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.ParseInLocation(timeLayout, s, time.UTC); err == nil {
		return t, true
	}
	t, err := time.Parse(time.RFC3339, s)
	return t.UTC(), err == nil
}

// convert checks a record; reason is "" when it can be taken.
func (w *wireCustomer) convert() (c Customer, reason string) {
	var err error
	if c.ID, err = strconv.Atoi(strings.TrimSpace(w.ID)); err != nil || c.ID <= 0 {
		return Customer{}, fmt.Sprintf("invalid customer_id %q", w.ID)
	}
	for _, f := range []struct {
		name string
		src  string
		dst  *int
	}{{"website_id", w.WebsiteID, &c.WebsiteID}, {"store_id", w.StoreID, &c.StoreID}, {"group_id", w.GroupID, &c.GroupID}} {
		if f.src == "" {
			continue
		}
		if *f.dst, err = strconv.Atoi(strings.TrimSpace(f.src)); err != nil {
			return c, fmt.Sprintf("invalid %s %q", f.name, f.src)
		}
	}
	for _, f := range []struct {
		name string
		src  string
		dst  *time.Time
	}{{"created_at", w.CreatedAt, &c.CreatedAt}, {"updated_at", w.UpdatedAt, &c.UpdatedAt}} {
		t, ok := parseTime(f.src)
		if !ok {
			return c, fmt.Sprintf("invalid %s %q", f.name, f.src)
		}
		*f.dst = t
	}
	if dob := strings.TrimSpace(w.DOB); dob != "" {
		day, _, _ := strings.Cut(dob, " ") // a datetime in Magento 1
		if _, err := time.Parse("2006-01-02", day); err != nil {
			return c, fmt.Sprintf("invalid dob %q", w.DOB)
		}
		c.DOB = day
	}
	if strings.TrimSpace(w.Email) == "" {
		return c, "no email"
	}
	c.Email, c.Firstname, c.Middlename, c.Lastname = w.Email, w.Firstname, w.Middlename, w.Lastname
	c.Prefix, c.Suffix, c.Taxvat, c.CreatedIn = w.Prefix, w.Suffix, w.Taxvat, w.CreatedIn
	c.AwaitingConfirmation = w.Confirmation == "true" || w.Confirmation == "1"
	return c, ""
}

// CustomerList is one answer of customerCustomerList.
type CustomerList struct {
	Customers []Customer
	Problems  []RecordProblem
}

func customersOf(l *list[wireCustomer]) *CustomerList {
	out := &CustomerList{}
	for i := range l.Items {
		c, reason := l.Items[i].convert()
		if reason != "" {
			out.Problems = append(out.Problems, RecordProblem{ID: c.ID, Index: i, Reason: reason})
			continue
		}
		out.Customers = append(out.Customers, c)
	}
	return out
}

// Customers is customerCustomerList: every customer matching f, in one
// answer. Magento has no paging here; an answer too big for the store
// fails with ErrTooMany — see Windows for reading a store of any size.
func (c *Client) Customers(ctx context.Context, f Filters) (*CustomerList, error) {
	var l list[wireCustomer]
	err := call(ctx, c, "customerCustomerList", readCall, func(e encoder) []value { return []value{e.filters(f)} }, &l)
	if err != nil {
		return nil, err
	}
	return customersOf(&l), nil
}

// Customer is customerCustomerInfo.
func (c *Client) Customer(ctx context.Context, id int) (*Customer, error) {
	var w wireCustomer
	err := call(ctx, c, "customerCustomerInfo", readCall, func(e encoder) []value { return []value{e.int("customerId", id)} }, &w)
	if err != nil {
		return nil, err
	}
	cust, reason := w.convert()
	if reason != "" {
		return nil, &BadAnswerError{Op: "customerCustomerInfo", Status: 200, Err: fmt.Errorf("customer %d: %s", id, reason)}
	}
	return &cust, nil
}

type wireAddress struct {
	XMLName         xml.Name
	ID              string `xml:"customer_address_id"`
	City            string `xml:"city"`
	Company         string `xml:"company"`
	CountryID       string `xml:"country_id"`
	Fax             string `xml:"fax"`
	Firstname       string `xml:"firstname"`
	Lastname        string `xml:"lastname"`
	Middlename      string `xml:"middlename"`
	Postcode        string `xml:"postcode"`
	Prefix          string `xml:"prefix"`
	Region          string `xml:"region"`
	RegionID        string `xml:"region_id"`
	Street          string `xml:"street"`
	Suffix          string `xml:"suffix"`
	Telephone       string `xml:"telephone"`
	DefaultBilling  string `xml:"is_default_billing"`
	DefaultShipping string `xml:"is_default_shipping"`
}

func (w *wireAddress) convert() (Address, string) {
	a := Address{Firstname: w.Firstname, Lastname: w.Lastname, Middlename: w.Middlename, Prefix: w.Prefix,
		Suffix: w.Suffix, Company: w.Company, City: w.City, CountryID: w.CountryID, Region: w.Region,
		Postcode: w.Postcode, Telephone: w.Telephone, Fax: w.Fax,
		DefaultBilling: w.DefaultBilling == "true" || w.DefaultBilling == "1", DefaultShipping: w.DefaultShipping == "true" || w.DefaultShipping == "1"}
	var err error
	if a.ID, err = strconv.Atoi(strings.TrimSpace(w.ID)); err != nil || a.ID <= 0 {
		return a, fmt.Sprintf("invalid customer_address_id %q", w.ID)
	}
	if w.RegionID != "" {
		if a.RegionID, err = strconv.Atoi(strings.TrimSpace(w.RegionID)); err != nil {
			return a, fmt.Sprintf("address %d: invalid region_id %q", a.ID, w.RegionID)
		}
	}
	if w.Street != "" {
		a.Street = strings.Split(w.Street, "\n")
	}
	return a, ""
}

// Addresses is customerAddressList. An address that cannot be read is an
// error: a customer is taken with all its addresses or not at all.
func (c *Client) Addresses(ctx context.Context, customerID int) ([]Address, error) {
	var l list[wireAddress]
	err := call(ctx, c, "customerAddressList", readCall, func(e encoder) []value { return []value{e.int("customerId", customerID)} }, &l)
	if err != nil {
		return nil, err
	}
	out := make([]Address, 0, len(l.Items))
	for i := range l.Items {
		a, reason := l.Items[i].convert()
		if reason != "" {
			return nil, &BadAnswerError{Op: "customerAddressList", Status: 200, Err: fmt.Errorf("customer %d: %s", customerID, reason)}
		}
		out = append(out, a)
	}
	return out, nil
}
