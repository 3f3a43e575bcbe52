package model

import (
	"strings"
	"time"
)

// Customer is a Magento customer of one channel, as magecrm keeps it.
type Customer struct {
	ID             int64
	OrganizationID int64
	ChannelID      int64
	OriginID       int64 // Magento's customer id; 0 until the push creates it in Magento
	WebsiteID      int64 // magento_websites.id; 0 when unknown
	StoreID        int64 // magento_stores.id
	GroupID        int64 // magento_customer_groups.id
	Prefix         string
	FirstName      string
	MiddleName     string
	LastName       string
	Suffix         string
	Email          string
	DOB            string // YYYY-MM-DD, or empty
	Gender         Gender
	TaxVAT         string
	CreatedIn      string
	Confirmed      bool
	// Subscribed is the newsletter state: nil when Magento did not say.
	Subscribed      *bool
	BillingCountry  string
	BillingRegion   string
	LifetimeValue   float64
	Currency        string
	RemoteCreatedAt string
	RemoteUpdatedAt string
	CreatedAt       time.Time
	UpdatedAt       time.Time
	ImportedAt      time.Time
	SyncedAt        time.Time
	OwnerUserID     int64
	OwnerUnitID     int64 // the owner's business unit, for access decisions
	ContactID       int64 // 0 when none
	AccountID       int64 // 0 when none
	SyncState       int   // bits: SyncPendingSend, SyncRemovedRemote, SyncConflict
	SyncError       string
	RowVersion      int
	// PasswordSet reports that a password waits, sealed, for the push.
	PasswordSet bool

	// Names of related records, filled by reads for display.
	ChannelName string
	WebsiteName string
	StoreName   string
	GroupName   string
	OwnerName   string
	ContactName string
	AccountName string
	// ContactVisible and AccountVisible say whether the reader may view the
	// linked contact and account; when not, their names are left empty and
	// pages show neither name nor link (the ids stay, so a save keeps them).
	ContactVisible bool
	AccountVisible bool
}

// FullName is the customer's name with prefix, middle name and suffix.
func (c *Customer) FullName() string {
	var parts []string
	for _, p := range []string{c.Prefix, c.FirstName, c.MiddleName, c.LastName, c.Suffix} {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return c.Email
	}
	return strings.Join(parts, " ")
}

// Pending reports that a change waits to be sent to Magento. A customer
// deleted in Magento has nothing to be sent to, so it is not waiting: see
// WaitingToBeSent.
func (c *Customer) Pending() bool { return WaitingToBeSent(c.SyncState) }

// WaitingToBeSent reports whether a customer in sync state state waits to
// be sent to Magento: a change made here, and Magento still has the
// customer. One deleted in Magento keeps its SyncPendingSend bit (a later
// import that finds it again merges the change rather than overwriting
// it, and Create again in Magento sends it), but is shown only as removed.
func WaitingToBeSent(state int) bool {
	return state&SyncPendingSend != 0 && state&SyncRemovedRemote == 0
}

// Removed reports that the customer was deleted in Magento.
func (c *Customer) Removed() bool { return c.SyncState&SyncRemovedRemote != 0 }

// EmailTakenInMagento begins the sync error of a customer whose create
// Magento refused because another customer of the website has its email.
const EmailTakenInMagento = "Magento already has a customer with this email address in this website"

// EmailTaken reports that Magento refused to create the customer because
// it already has one with the same email: it may be linked to that one.
func (c *Customer) EmailTaken() bool {
	return c.SendFailed() && c.OriginID == 0 && strings.HasPrefix(c.SyncError, EmailTakenInMagento)
}

// SendFailed reports that Magento refused the last send of the customer.
func (c *Customer) SendFailed() bool { return c.SyncState&SyncFailed != 0 }

// Conflicted reports that both sides changed a field and a person should look.
func (c *Customer) Conflicted() bool { return c.SyncState&SyncConflict != 0 }

// SyncLabel says the sync state in words.
func (c *Customer) SyncLabel() string { return SyncStateLabel(c.SyncState) }

// SyncStateLabel says a sync state in words; several bits give several words.
func SyncStateLabel(state int) string {
	if state == 0 {
		return "In sync"
	}
	var parts []string
	if WaitingToBeSent(state) {
		parts = append(parts, "Waiting to be sent to Magento")
	}
	if state&SyncConflict != 0 {
		parts = append(parts, "Conflict")
	}
	if state&SyncRemovedRemote != 0 {
		parts = append(parts, "Removed in Magento")
	}
	if state&SyncFailed != 0 {
		parts = append(parts, "Magento refused the last send")
	}
	return strings.Join(parts, ", ")
}

// NewsletterLabel says the newsletter state in words.
func (c *Customer) NewsletterLabel() string {
	switch {
	case c.Subscribed == nil:
		return "Unknown"
	case *c.Subscribed:
		return "Subscribed"
	}
	return "Not subscribed"
}

// Gender is Magento's gender attribute.
type Gender int

// Magento's gender options; 0 means not given.
const (
	GenderNone         Gender = 0
	GenderMale         Gender = 1
	GenderFemale       Gender = 2
	GenderNotSpecified Gender = 3
)

// Genders lists the options a form offers.
var Genders = []Gender{GenderMale, GenderFemale, GenderNotSpecified}

// String names the gender as the pages show it.
func (g Gender) String() string {
	switch g {
	case GenderMale:
		return "Male"
	case GenderFemale:
		return "Female"
	case GenderNotSpecified:
		return "Not specified"
	}
	return ""
}

// Address is one address of a customer's address book.
type Address struct {
	ID              int64
	CustomerID      int64
	OriginID        int64
	Prefix          string
	FirstName       string
	MiddleName      string
	LastName        string
	Suffix          string
	Company         string
	Street          []string // one line each
	City            string
	RegionCode      string
	Region          string
	RegionID        int // Magento's id of the region; 0 for a region typed as text
	PostCode        string
	CountryID       string
	Telephone       string
	VATID           string
	DefaultBilling  bool
	DefaultShipping bool
}

// Order is a Magento order as the sync imported it.
type Order struct {
	ID              int64
	OriginID        int64
	IncrementID     string
	Status          string
	State           string
	GrandTotal      float64
	Currency        string
	RemoteCreatedAt string
}

// Website, Store and CustomerGroup are a channel's Magento structure, as
// forms and filters offer it.
type Website struct {
	ID        int64
	ChannelID int64
	OriginID  int64
	Code      string
	Name      string
}

// Store is a Magento store view of a channel.
type Store struct {
	ID        int64
	ChannelID int64
	OriginID  int64
	WebsiteID int64 // magento_websites.id
	Code      string
	Name      string
}

// CustomerGroup is a Magento customer group of a channel.
type CustomerGroup struct {
	ID        int64
	ChannelID int64
	OriginID  int64
	Code      string
}

// magentoTimeLayout is how Magento writes its times, in UTC.
const magentoTimeLayout = "2006-01-02 15:04:05"

// ParseMagentoTime reads a time as Magento writes it (UTC); an empty or
// unreadable value is the zero time.
func ParseMagentoTime(s string) time.Time {
	t, err := time.Parse(magentoTimeLayout, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// FormatMagentoTime writes t as Magento does, in UTC.
func FormatMagentoTime(t time.Time) string { return t.UTC().Format(magentoTimeLayout) }

// MagentoCreatedAt is when the customer was created in Magento; zero while
// it is not there yet.
func (c *Customer) MagentoCreatedAt() time.Time { return ParseMagentoTime(c.RemoteCreatedAt) }

// MagentoUpdatedAt is when Magento last changed the customer.
func (c *Customer) MagentoUpdatedAt() time.Time { return ParseMagentoTime(c.RemoteUpdatedAt) }

// PlacedAt is when the order was placed in Magento.
func (o Order) PlacedAt() time.Time { return ParseMagentoTime(o.RemoteCreatedAt) }
