package model

import (
	"strings"
	"time"
)

// Contact is a person the sales team knows, owned like a customer; it may
// belong to an account.
type Contact struct {
	ID             int64
	OrganizationID int64
	OwnerUserID    int64
	AccountID      int64 // 0 when none
	FirstName      string
	LastName       string
	// Email and Phone are the primary ones of Emails and Phones ("" when
	// there are none).
	Email     string
	Phone     string
	JobTitle  string
	Birthday  string // YYYY-MM-DD, "" when unknown
	Source    string // a key of ContactSources, "" when unknown
	Emails    []ContactMethod
	Phones    []ContactMethod
	Addresses []ContactAddress
	CreatedAt time.Time
	UpdatedAt time.Time
	// Filled by reads for display.
	OwnerName   string
	AccountName string
	// AccountVisible says whether the reader may view the account; when
	// not, AccountName is empty and pages show neither name nor link.
	AccountVisible bool
}

// ContactMethod is one email address or phone number of a contact.
type ContactMethod struct {
	Value   string
	Primary bool
}

// ContactAddress is one postal address of a contact.
type ContactAddress struct {
	PostalAddress
	Primary bool
}

// PostalAddress is where a contact or an account receives mail.
type PostalAddress struct {
	Street   string // lines separated by "\n"
	City     string
	Region   string
	PostCode string
	Country  string // ISO 3166-1 alpha-2 code
}

// IsZero reports whether the address holds nothing.
func (a PostalAddress) IsZero() bool { return a == PostalAddress{} }

// Lines returns the address as its country writes it on an envelope.
func (a PostalAddress) Lines() []string {
	ad := Address{Street: strings.Split(a.Street, "\n"), City: a.City, Region: a.Region, PostCode: a.PostCode, CountryID: a.Country}
	return ad.Lines()
}

// Text is the address on one line, for the history.
func (a PostalAddress) Text() string { return strings.Join(a.Lines(), ", ") }

// Name is the contact's full name, or their email without one.
func (c *Contact) Name() string {
	switch {
	case c.FirstName != "" && c.LastName != "":
		return c.FirstName + " " + c.LastName
	case c.FirstName+c.LastName != "":
		return c.FirstName + c.LastName
	}
	return c.Email
}

// Account is a company (or household) the sales team sells to.
type Account struct {
	ID             int64
	OrganizationID int64
	OwnerUserID    int64
	ParentID       int64 // the account this one sits below; 0 when none
	Name           string
	Industry       string // a key of Industries, "" when unknown
	Website        string // an http(s) URL
	Phone          string
	Address        PostalAddress
	CreatedAt      time.Time
	UpdatedAt      time.Time
	// Filled by reads for display.
	OwnerName  string
	ParentName string
	// ParentVisible says whether the reader may view the parent account;
	// when not, ParentName is empty.
	ParentVisible bool
}

// SourceLabel names the contact's source.
func (c *Contact) SourceLabel() string { return ChoiceLabel(ContactSources, c.Source) }

// IndustryLabel names the account's industry.
func (a *Account) IndustryLabel() string { return ChoiceLabel(Industries, a.Industry) }

// Choice is one entry of a fixed list: the key stored and the label shown.
type Choice struct{ Key, Label string }

// ContactSources are where a contact may have come from.
var ContactSources = []Choice{
	{"advertising", "Advertising"}, {"call", "Call"}, {"email", "Email"}, {"event", "Event or trade show"},
	{"partner", "Partner"}, {"referral", "Referral"}, {"social", "Social media"}, {"website", "Website"},
	{"other", "Other"},
}

// Industries are the industries an account may be in.
var Industries = []Choice{
	{"agriculture", "Agriculture"}, {"construction", "Construction"}, {"consulting", "Consulting"},
	{"education", "Education"}, {"energy", "Energy and utilities"}, {"finance", "Finance and insurance"},
	{"government", "Government and non-profit"}, {"health", "Health care"}, {"hospitality", "Hospitality and food"},
	{"manufacturing", "Manufacturing"}, {"media", "Media and entertainment"}, {"real_estate", "Real estate"},
	{"retail", "Retail and e-commerce"}, {"technology", "Technology"}, {"transport", "Transport and logistics"},
	{"wholesale", "Wholesale"}, {"other", "Other"},
}

// ChoiceLabel returns the label of key in list, or key itself when the
// list lacks it.
func ChoiceLabel(list []Choice, key string) string {
	for _, c := range list {
		if c.Key == key {
			return c.Label
		}
	}
	return key
}

// IsChoice reports whether key is in list.
func IsChoice(list []Choice, key string) bool {
	for _, c := range list {
		if c.Key == key {
			return true
		}
	}
	return false
}

// PhoneDigits is a phone number's digits alone, so "+1 (512) 555-0100"
// and "1 512 5550100" compare equal.
func PhoneDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
