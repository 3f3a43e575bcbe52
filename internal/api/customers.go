package api

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"magecrm/internal/model"
)

// Customer is a Magento customer as the API shows it.
type Customer struct {
	ID            int64     `json:"id"`
	Version       int       `json:"version" doc:"Goes up with every change; the ETag is this number in quotes"`
	ChannelID     int64     `json:"channel_id"`
	Channel       string    `json:"channel"`
	OriginID      int64     `json:"origin_id" doc:"Magento's customer id; 0 until the customer has been sent to Magento"`
	WebsiteID     int64     `json:"website_id"`
	Website       string    `json:"website"`
	StoreID       int64     `json:"store_id"`
	Store         string    `json:"store"`
	GroupID       int64     `json:"group_id"`
	Group         string    `json:"group"`
	Prefix        string    `json:"prefix"`
	FirstName     string    `json:"first_name"`
	MiddleName    string    `json:"middle_name"`
	LastName      string    `json:"last_name"`
	Suffix        string    `json:"suffix"`
	Email         string    `json:"email"`
	DOB           string    `json:"dob" doc:"Date of birth, YYYY-MM-DD, or empty"`
	Gender        string    `json:"gender" enum:"male,female,not_specified,none"`
	TaxVAT        string    `json:"taxvat"`
	CreatedIn     string    `json:"created_in"`
	Confirmed     bool      `json:"confirmed"`
	Newsletter    string    `json:"newsletter" enum:"subscribed,not_subscribed,unknown"`
	Country       string    `json:"billing_country" doc:"ISO code of the default billing address's country"`
	Region        string    `json:"billing_region"`
	LifetimeValue float64   `json:"lifetime_value"`
	Currency      string    `json:"currency"`
	OwnerID       int64     `json:"owner_id"`
	Owner         string    `json:"owner"`
	ContactID     int64     `json:"contact_id" doc:"0 when none"`
	AccountID     int64     `json:"account_id" doc:"0 when none"`
	Sync          []string  `json:"sync" doc:"Empty when in sync; else any of pending (waiting to be sent to Magento), conflict, removed (deleted in Magento)"`
	SyncError     string    `json:"sync_error"`
	PasswordSet   bool      `json:"password_set" doc:"A password waits, encrypted, to be sent to Magento"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

var genderNames = map[model.Gender]string{model.GenderNone: "none", model.GenderMale: "male",
	model.GenderFemale: "female", model.GenderNotSpecified: "not_specified"}

func customerOut(c *model.Customer) Customer {
	news := "unknown"
	if c.Subscribed != nil {
		news = map[bool]string{true: "subscribed", false: "not_subscribed"}[*c.Subscribed]
	}
	sync := []string{}
	for _, f := range []struct {
		on   bool
		name string
	}{{c.Pending(), "pending"}, {c.Conflicted(), "conflict"}, {c.Removed(), "removed"}} {
		if f.on {
			sync = append(sync, f.name)
		}
	}
	return Customer{ID: c.ID, Version: c.RowVersion, ChannelID: c.ChannelID, Channel: c.ChannelName, OriginID: c.OriginID,
		WebsiteID: c.WebsiteID, Website: c.WebsiteName, StoreID: c.StoreID, Store: c.StoreName, GroupID: c.GroupID,
		Group: c.GroupName, Prefix: c.Prefix, FirstName: c.FirstName, MiddleName: c.MiddleName, LastName: c.LastName,
		Suffix: c.Suffix, Email: c.Email, DOB: c.DOB, Gender: genderNames[c.Gender], TaxVAT: c.TaxVAT, CreatedIn: c.CreatedIn,
		Confirmed: c.Confirmed, Newsletter: news, Country: c.BillingCountry, Region: c.BillingRegion,
		LifetimeValue: c.LifetimeValue, Currency: c.Currency, OwnerID: c.OwnerUserID, Owner: c.OwnerName,
		ContactID: c.ContactID, AccountID: c.AccountID, Sync: sync, SyncError: c.SyncError, PasswordSet: c.PasswordSet,
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
}

// etag is a record version as an entity tag.
func etag(version int) string { return `"` + strconv.Itoa(version) + `"` }

// customerFieldNames are the members a sparse listing may ask for.
var customerFieldNames = jsonNames(reflect.TypeFor[Customer]())

func jsonNames(t reflect.Type) map[string]bool {
	out := map[string]bool{}
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		out[name] = true
	}
	return out
}

// sparseCustomer is a customer with only the members a listing asked
// for (all when fields is nil).
type sparseCustomer struct {
	c      Customer
	fields map[string]bool
}

// MarshalJSON writes the chosen members.
func (s sparseCustomer) MarshalJSON() ([]byte, error) {
	if s.fields == nil {
		return json.Marshal(s.c)
	}
	b, err := json.Marshal(s.c)
	if err != nil {
		return nil, err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(b, &all); err != nil {
		return nil, err
	}
	for k := range all {
		if !s.fields[k] {
			delete(all, k)
		}
	}
	return json.Marshal(all)
}

// Schema is Customer's, with every member optional: fields= chooses them.
func (sparseCustomer) Schema(r huma.Registry) *huma.Schema {
	ref := r.Schema(reflect.TypeFor[Customer](), true, "")
	full := *r.SchemaFromRef(ref.Ref)
	full.Required = nil
	full.Description = "A customer; with fields=, only the members named there."
	return &full
}
