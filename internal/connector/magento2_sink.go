package connector

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"

	"magecrm/internal/magento"
	"magecrm/internal/model"
)

// Magento2Sink writes customers through Magento 2's REST API.
type Magento2Sink struct{ c *magento.Client }

// NewMagento2Sink writes through c.
func NewMagento2Sink(c *magento.Client) *Magento2Sink { return &Magento2Sink{c: c} }

// Read is GET /V1/customers/{id}. A store that answers no newsletter state
// (2.3 and older, magento2#13252) has it among the Unread fields: the merge
// counts it unchanged in Magento, never as "not subscribed".
func (s *Magento2Sink) Read(ctx context.Context, id int64) (*Remote, error) {
	c, err := s.c.Customer(ctx, int(id))
	if err != nil {
		return nil, sinkError(err)
	}
	return remoteOf(c), nil
}

// searchIDs is the most ids ReadMany asks of one search: Magento 2.4.7
// refuses a page larger than its Web API input limit (300 unless set
// lower), and the worker's rounds are smaller anyway.
const searchIDs = 100

// ReadMany searches the customers by entity_id, up to searchIDs a page. Its
// newsletter state is never taken ("newsletter" is Unread for every
// customer): 2.3's search has none (magento2#25410), and 2.4's (the
// newsletter plugin's afterGetList) loads newsletter_subscriber rows by
// email alone, with no website or store, and takes the first row with the
// email, which may be another website's account or a guest's
// subscription. Read (GET, loadByCustomer with the customer's id and
// website) answers it rightly.
func (s *Magento2Sink) ReadMany(ctx context.Context, ids []int64) (map[int64]*Remote, error) {
	out := make(map[int64]*Remote, len(ids))
	for part := range slices.Chunk(ids, searchIDs) {
		list := make([]string, len(part))
		for i, id := range part {
			list[i] = strconv.FormatInt(id, 10)
		}
		page, err := s.c.SearchCustomers(ctx, magento.NewSearch().Where(magento.F("entity_id", magento.In, strings.Join(list, ","))).Size(len(part)))
		if err != nil {
			return nil, sinkError(err)
		}
		for i := range page.Items {
			r := remoteOf(&page.Items[i])
			r.Unread = []string{"newsletter"}
			out[r.ID] = r
		}
	}
	return out, nil
}

// Find searches the customers by email and website.
func (s *Magento2Sink) Find(ctx context.Context, email string, website int64) (*Remote, error) {
	list, err := s.c.CustomersByEmail(ctx, email, int(website))
	if err != nil {
		return nil, sinkError(err)
	}
	for i := range list {
		if strings.EqualFold(list[i].Email, email) {
			return remoteOf(&list[i]), nil
		}
	}
	return nil, nil
}

// Create is POST /V1/customers with the addresses, is_subscribed and the
// password (without one, Magento mails the customer a link to set it).
func (s *Magento2Sink) Create(ctx context.Context, want model.Snapshot, password string) (*Remote, error) {
	if err := fillRegionIDs(ctx, want, magento2Regions(s.c)); err != nil {
		return nil, sinkError(err)
	}
	var c magento.Customer
	overlay(&c, want.Fields)
	c.IsSubscribed = subscribed(want.Fields["newsletter"])
	for _, k := range sortedKeys(want.Addresses) {
		var a magento.Address
		overlayAddress(&a, want.Addresses[k])
		c.Addresses = append(c.Addresses, a)
	}
	out, err := s.c.CreateCustomer(ctx, c, password)
	if err != nil {
		return nil, sinkError(err)
	}
	return answerOf(out, want), nil
}

// Update is PUT /V1/customers/{id} with the whole record as Magento holds
// it, magecrm's values laid over it: Magento 2.3 and older replace the
// record with the body, so everything magecrm does not hold (custom
// attributes, the auto group setting) is sent back as it was. Addresses are
// sent only when they changed, as the complete final set (Magento deletes
// those left out), each one Magento holds starting from its own record.
// The newsletter is sent when want's differs from r's or magecrm changed
// it (r.Resend); the password is not (see UpdateWithPassword).
func (s *Magento2Sink) Update(ctx context.Context, r *Remote, want model.Snapshot) (*Remote, error) {
	return s.UpdateWithPassword(ctx, r, want, "")
}

// UpdateWithPassword is Update that, when password is not "", sends it in
// the same PUT as Magento's own hash of it ("passwordHash", the second
// parameter of CustomerRepositoryInterface::save, which Magento stores
// unchecked: magecrm checks Magento's password rules before saving it).
// Magento then drops the customer's pending reset link. Unlike Magento's
// own changePassword and resetPassword, save ends none of the customer's
// open sessions (sessionCleaner->clearFor), and unlike resetPassword it
// leaves a lockout (failures_num, first_failure, lock_expires) as it is:
// a locked-out customer stays locked until the lock expires.
func (s *Magento2Sink) UpdateWithPassword(ctx context.Context, r *Remote, want model.Snapshot, password string) (*Remote, error) {
	if err := fillRegionIDs(ctx, want, magento2Regions(s.c)); err != nil {
		return nil, sinkError(err)
	}
	c := *r.raw.(*magento.Customer)
	overlay(&c, want.Fields)
	u := magento.CustomerUpdate{Email: c.Email, Firstname: c.Firstname, Lastname: c.Lastname, WebsiteID: c.WebsiteID,
		Prefix: &c.Prefix, Middlename: &c.Middlename, Suffix: &c.Suffix, Taxvat: &c.Taxvat, DOB: &c.DOB,
		Gender: &c.Gender, GroupID: &c.GroupID, StoreID: &c.StoreID, DisableAutoGroupChange: &c.DisableAutoGroupChange,
		CustomAttributes: c.CustomAttributes}
	if password != "" {
		hash, err := magento.CustomerPasswordHash(ctx, password)
		if err != nil {
			return nil, err
		}
		u.PasswordHash = hash
	}
	if want.Fields["newsletter"] != r.Snapshot.Fields["newsletter"] || slices.Contains(r.Resend, "newsletter") {
		u.IsSubscribed = subscribed(want.Fields["newsletter"])
	}
	if !sameAddresses(want, r.Snapshot) {
		held := map[string]magento.Address{}
		for _, a := range c.Addresses {
			held["m"+strconv.Itoa(a.ID)] = a
		}
		list := []magento.Address{}
		for _, k := range sortedKeys(want.Addresses) {
			a := held[k]
			overlayAddress(&a, want.Addresses[k])
			list = append(list, a)
		}
		u.Addresses = &list
	} else {
		u.DefaultBilling, u.DefaultShipping = nonEmpty(c.DefaultBilling), nonEmpty(c.DefaultShipping)
	}
	out, err := s.c.UpdateCustomer(ctx, int(r.ID), u)
	if err != nil {
		return nil, sinkError(err)
	}
	return answerOf(out, want), nil
}

// answerOf is Magento's answer to a create or update of want: a store
// that answers no newsletter state (Magento 2.3 and older,
// magento2#13252) holds the one sent, or kept, as want has it.
func answerOf(c *magento.Customer, want model.Snapshot) *Remote {
	r := remoteOf(c)
	r.Complete(want)
	return r
}

// SendPasswordReset is PUT /V1/customers/password with Magento's
// email_reset template.
func (s *Magento2Sink) SendPasswordReset(ctx context.Context, email string, website int64) error {
	return sinkError(s.c.SendPasswordResetEmail(ctx, email, int(website)))
}

func sameAddresses(a, b model.Snapshot) bool {
	return maps.EqualFunc(a.Addresses, b.Addresses, maps.Equal[map[string]string])
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// sinkError sorts Magento's answer: a validation refusal, a customer that
// is gone, a request to come back later, or anything else (retried).
func sinkError(err error) error {
	var e *magento.Error
	switch {
	case err == nil:
		return nil
	case magento.IsNotFound(err):
		return ErrGone
	case errors.As(err, &e) && e.Status == 429:
		return &BusyError{After: e.RetryAfter, Err: err}
	case magento.IsValidation(err) && errors.As(err, &e):
		return &RefusedError{Message: e.Text(), EmailTaken: magento.IsDuplicateEmail(err)}
	}
	return err
}

func subscribed(v string) *bool {
	if v == "" {
		return nil
	}
	b := v == "1"
	return &b
}

func number(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func text(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// overlay writes snapshot fields into a Magento customer.
func overlay(c *magento.Customer, f map[string]string) {
	c.WebsiteID, c.StoreID, c.GroupID = number(f["website"]), number(f["store"]), number(f["group"])
	c.Prefix, c.Firstname, c.Middlename, c.Lastname, c.Suffix = f["prefix"], f["firstname"], f["middlename"], f["lastname"], f["suffix"]
	c.Email, c.Taxvat, c.Gender = f["email"], f["taxvat"], number(f["gender"])
	c.DOB, _ = magento.ParseDate(f["dob"])
}

// overlayAddress writes a snapshot address into a Magento address.
func overlayAddress(a *magento.Address, m map[string]string) {
	a.Prefix, a.Firstname, a.Middlename, a.Lastname, a.Suffix = m["prefix"], m["firstname"], m["middlename"], m["lastname"], m["suffix"]
	a.Company, a.City, a.Postcode, a.CountryID, a.Telephone, a.VATID = m["company"], m["city"], m["postcode"], m["country"], m["telephone"], m["vat_id"]
	a.Street = strings.Split(m["street"], "\n")
	a.RegionID = number(m["region_id"])
	a.Region = magento.Region{RegionCode: m["region_code"], Region: m["region"], RegionID: a.RegionID}
	a.DefaultBilling, a.DefaultShipping = m["default_billing"] == "1", m["default_shipping"] == "1"
}

// remoteOf turns Magento's customer into a snapshot.
func remoteOf(c *magento.Customer) *Remote {
	f := map[string]string{"website": text(c.WebsiteID), "store": text(c.StoreID), "group": text(c.GroupID),
		"prefix": c.Prefix, "firstname": c.Firstname, "middlename": c.Middlename, "lastname": c.Lastname, "suffix": c.Suffix,
		"email": c.Email, "dob": c.DOB.String(), "gender": text(c.Gender), "taxvat": c.Taxvat, "newsletter": ""}
	var unread []string
	switch {
	case c.IsSubscribed == nil: // Magento 2.3 and older (magento2#13252): unknown, not "not subscribed"
		unread = []string{"newsletter"}
	case *c.IsSubscribed:
		f["newsletter"] = "1"
	default:
		f["newsletter"] = "0"
	}
	addrs := map[string]map[string]string{}
	for _, a := range c.Addresses {
		rid := a.RegionID
		if rid == 0 {
			rid = a.Region.RegionID
		}
		addrs["m"+strconv.Itoa(a.ID)] = map[string]string{"prefix": a.Prefix, "firstname": a.Firstname,
			"middlename": a.Middlename, "lastname": a.Lastname, "suffix": a.Suffix, "company": a.Company,
			"street": strings.Join(a.Street, "\n"), "city": a.City, "region_code": a.Region.RegionCode, "region": a.Region.Region,
			"region_id": text(rid), "postcode": a.Postcode, "country": a.CountryID, "telephone": a.Telephone, "vat_id": a.VATID,
			"default_billing":  flag(a.DefaultBilling || strconv.Itoa(a.ID) == c.DefaultBilling),
			"default_shipping": flag(a.DefaultShipping || strconv.Itoa(a.ID) == c.DefaultShipping)}
	}
	return &Remote{ID: int64(c.ID), Snapshot: model.Snapshot{Fields: f, Addresses: addrs}, UpdatedAt: c.UpdatedAt, Unread: unread, raw: c}
}

func flag(b bool) string {
	if b {
		return "1"
	}
	return "0"
}
