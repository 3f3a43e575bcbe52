package connector

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strconv"
	"strings"

	"magecrm/internal/magento1"
	"magecrm/internal/model"
)

// Magento1Sink writes customers through Magento 1's SOAP v2 API: the
// customer with customerCustomerCreate and customerCustomerUpdate, each
// address with its own customerAddress call. Magento 1's API answers no
// gender, newsletter state, region code or VAT id: gender is sent but not
// read back, the others are neither (see m1Unread).
type Magento1Sink struct{ c *magento1.Client }

// NewMagento1Sink writes through c.
func NewMagento1Sink(c *magento1.Client) *Magento1Sink { return &Magento1Sink{c: c} }

// The fields Magento 1's SOAP API does not answer. Of them, only gender
// can be sent (customerCustomerEntityToCreate has it, the answers do not).
var m1Unread, m1UnreadAddress = model.Magento1.Unanswered()

// ErrNoPasswordReset means the store's API cannot mail a customer a link
// to choose a new password.
var ErrNoPasswordReset = errors.New("Magento 1's API has no call to send a password reset email")

// Read is customerCustomerInfo and customerAddressList.
func (s *Magento1Sink) Read(ctx context.Context, id int64) (*Remote, error) {
	c, err := s.c.Customer(ctx, int(id))
	if err != nil {
		return nil, m1SinkError(err)
	}
	return s.withAddresses(ctx, c)
}

func (s *Magento1Sink) withAddresses(ctx context.Context, c *magento1.Customer) (*Remote, error) {
	addrs, err := s.c.Addresses(ctx, c.ID)
	if err != nil {
		return nil, m1SinkError(err)
	}
	return m1Remote(c, addrs), nil
}

// Find lists the customers with the email in the website
// (customerCustomerList) and reads the addresses of the one found.
func (s *Magento1Sink) Find(ctx context.Context, email string, website int64) (*Remote, error) {
	list, err := s.c.CustomersByEmail(ctx, email, int(website))
	if err != nil {
		return nil, m1SinkError(err)
	}
	for i := range list {
		if strings.EqualFold(list[i].Email, email) {
			return s.withAddresses(ctx, &list[i])
		}
	}
	return nil, nil
}

// Create is customerCustomerCreate with the password (without one, the
// customer sets it through the store's "Forgot your password?"), then one
// customerAddressCreate per address. When an address fails after the
// customer was made, the customer stays: a refusal says Created, and the
// next send finds the customer by its email and sends what is missing.
func (s *Magento1Sink) Create(ctx context.Context, want model.Snapshot, password string) (*Remote, error) {
	if err := fillRegionIDs(ctx, want, magento1Regions(s.c)); err != nil {
		return nil, m1SinkError(err)
	}
	in, _ := m1CustomerChanges(nil, want.Fields)
	if password != "" {
		in.Password = &password
	}
	id, err := s.c.CreateCustomer(ctx, in)
	if err != nil {
		return nil, m1SinkError(err)
	}
	made := map[string]int{}
	for _, k := range sortedKeys(want.Addresses) {
		a := want.Addresses[k]
		in, _ := m1AddressChanges(nil, a)
		var err error
		if made[k], err = s.c.CreateAddress(ctx, id, in); err != nil {
			err = m1AddressError(err, a)
			var refused *RefusedError
			if errors.As(err, &refused) {
				refused.CreatedID = int64(id)
			}
			return nil, err
		}
	}
	return s.readBack(ctx, int64(id), want, made)
}

// Update sends what differs between r and want: customerCustomerUpdate
// with the changed fields only (Magento 1 keeps those not sent, the
// password among them), and a customerAddress call for each address
// removed, changed or added, and a clear of the default billing or
// shipping address when want has none. The newsletter, region codes and
// VAT ids are not sent: Magento 1's API has no place for them.
func (s *Magento1Sink) Update(ctx context.Context, r *Remote, want model.Snapshot) (*Remote, error) {
	if err := fillRegionIDs(ctx, want, magento1Regions(s.c)); err != nil {
		return nil, m1SinkError(err)
	}
	if in, changed := m1CustomerChanges(r.Snapshot.Fields, want.Fields); changed {
		if err := s.c.UpdateCustomer(ctx, int(r.ID), in); err != nil {
			return nil, m1SinkError(err)
		}
	}
	for _, k := range sortedKeys(r.Snapshot.Addresses) {
		if _, kept := want.Addresses[k]; kept {
			continue
		}
		if err := s.c.DeleteAddress(ctx, m1AddressID(k)); err != nil && !magento1.IsNotFound(err) {
			return nil, m1AddressError(err, r.Snapshot.Addresses[k])
		}
	}
	made := map[string]int{}
	for _, k := range sortedKeys(want.Addresses) {
		a := want.Addresses[k]
		have, held := r.Snapshot.Addresses[k]
		in, changed := m1AddressChanges(have, a)
		var err error
		switch {
		case !held:
			made[k], err = s.c.CreateAddress(ctx, int(r.ID), in)
		case changed:
			err = s.c.UpdateAddress(ctx, m1AddressID(k), in)
		}
		if err != nil {
			return nil, m1AddressError(err, a)
		}
	}
	billing, shipping := m1DefaultsCleared(r.Snapshot, want)
	if err := s.c.ClearDefaultAddresses(ctx, int(r.ID), billing, shipping); err != nil {
		return nil, m1SinkError(err)
	}
	return s.readBack(ctx, r.ID, want, made)
}

// m1DefaultsCleared says whether want leaves the customer without a
// default billing and without a default shipping address that the store
// has: the address calls cannot clear one (see
// magento1.Client.ClearDefaultAddresses).
func m1DefaultsCleared(have, want model.Snapshot) (billing, shipping bool) {
	has := func(s model.Snapshot, flag string) bool {
		for _, a := range s.Addresses {
			if a[flag] == "1" {
				return true
			}
		}
		return false
	}
	return has(have, "default_billing") && !has(want, "default_billing"), has(have, "default_shipping") && !has(want, "default_shipping")
}

// readBack reads the customer as Magento now holds it, with the fields
// Magento 1 does not answer as they were sent; made maps the keys of the
// addresses just created to their new Magento ids.
func (s *Magento1Sink) readBack(ctx context.Context, id int64, sent model.Snapshot, made map[string]int) (*Remote, error) {
	r, err := s.Read(ctx, id)
	if err != nil {
		return nil, err
	}
	byKey := model.Snapshot{Fields: sent.Fields, Addresses: maps.Clone(sent.Addresses)}
	for k, n := range made {
		byKey.Addresses["m"+strconv.Itoa(n)] = sent.Addresses[k]
	}
	r.Complete(byKey)
	return r, nil
}

// SendPasswordReset is not possible: Magento 1's core API has no call for
// it (the customer uses the store's "Forgot your password?").
func (s *Magento1Sink) SendPasswordReset(context.Context, string, int64) error {
	return ErrNoPasswordReset
}

// m1CustomerChanges is the customerCustomerEntityToCreate holding the
// fields of want that differ from have (every field when have is nil),
// and whether there is any. Gender "" is not sent: Magento 1 has no value
// for "not given".
func m1CustomerChanges(have, want map[string]string) (in magento1.CustomerInput, changed bool) {
	str := func(f string, dst **string) {
		if v, ok := want[f]; ok && (have == nil || have[f] != v) {
			*dst, changed = &v, true
		}
	}
	num := func(f string, dst **int) {
		if v, ok := want[f]; ok && v != "" && (have == nil || have[f] != v) {
			n := number(v)
			*dst, changed = &n, true
		}
	}
	str("email", &in.Email)
	str("firstname", &in.Firstname)
	str("lastname", &in.Lastname)
	str("middlename", &in.Middlename)
	str("prefix", &in.Prefix)
	str("suffix", &in.Suffix)
	str("dob", &in.DOB)
	str("taxvat", &in.Taxvat)
	num("website", &in.WebsiteID)
	num("store", &in.StoreID)
	num("group", &in.GroupID)
	num("gender", &in.Gender)
	return in, changed
}

// m1AddressChanges is the customerAddressEntityCreate holding the fields
// of want that differ from have (every field when have is nil), and
// whether there is any. A default flag is sent only when it turns on:
// Magento 1 moves a default to the address that takes it, and ignores one
// that turns off (Update clears a default no address takes).
func m1AddressChanges(have, want map[string]string) (in magento1.AddressInput, changed bool) {
	differs := func(f string) bool { return have == nil || have[f] != want[f] }
	for _, f := range []struct {
		name string
		dst  **string
	}{{"firstname", &in.Firstname}, {"lastname", &in.Lastname}, {"middlename", &in.Middlename}, {"prefix", &in.Prefix},
		{"suffix", &in.Suffix}, {"company", &in.Company}, {"city", &in.City}, {"country", &in.CountryID},
		{"region", &in.Region}, {"postcode", &in.Postcode}, {"telephone", &in.Telephone}} {
		if differs(f.name) {
			v := want[f.name]
			*f.dst, changed = &v, true
		}
	}
	if differs("street") {
		in.Street, changed = strings.Split(want["street"], "\n"), true
	}
	if differs("region_id") {
		n := number(want["region_id"])
		in.RegionID, changed = &n, true
	}
	for _, f := range []struct {
		name string
		dst  **bool
	}{{"default_billing", &in.DefaultBilling}, {"default_shipping", &in.DefaultShipping}} {
		if differs(f.name) && want[f.name] == "1" {
			on := true
			*f.dst, changed = &on, true
		}
	}
	return in, changed
}

// m1AddressID is the Magento id of the address with snapshot key k.
func m1AddressID(k string) int {
	n, _ := strconv.Atoi(strings.TrimPrefix(k, "m"))
	return n
}

// m1Remote turns Magento 1's customer and addresses into a snapshot.
func m1Remote(c *magento1.Customer, addrs []magento1.Address) *Remote {
	f := map[string]string{"website": text(c.WebsiteID), "store": text(c.StoreID), "group": text(c.GroupID),
		"prefix": c.Prefix, "firstname": c.Firstname, "middlename": c.Middlename, "lastname": c.Lastname, "suffix": c.Suffix,
		"email": c.Email, "dob": c.DOB, "taxvat": c.Taxvat, "gender": "", "newsletter": ""}
	out := map[string]map[string]string{}
	for _, a := range addrs {
		out["m"+strconv.Itoa(a.ID)] = map[string]string{"prefix": a.Prefix, "firstname": a.Firstname,
			"middlename": a.Middlename, "lastname": a.Lastname, "suffix": a.Suffix, "company": a.Company,
			"street": strings.Join(a.Street, "\n"), "city": a.City, "region_code": "", "region": a.Region,
			"region_id": text(a.RegionID), "postcode": a.Postcode, "country": a.CountryID, "telephone": a.Telephone, "vat_id": "",
			"default_billing": flag(a.DefaultBilling), "default_shipping": flag(a.DefaultShipping)}
	}
	return &Remote{ID: int64(c.ID), Snapshot: model.Snapshot{Fields: f, Addresses: out},
		Unread: m1Unread, UnreadAddress: m1UnreadAddress, raw: c}
}

// m1SinkError sorts Magento 1's answer to a customer call: a refusal
// (fault 100, or fault 1 carrying Magento's message), a customer that is
// gone, a request to come back later (a 429 or 503 in front of the store:
// its writes are sent once, so the send is retried, reading again, after
// the wait), or anything else (retried).
func m1SinkError(err error) error {
	var bad *magento1.BadAnswerError
	switch {
	case err == nil:
		return nil
	case magento1.IsNotFound(err):
		return ErrGone
	case errors.As(err, &bad) && (bad.Status == 429 || bad.Status == 503):
		return &BusyError{After: bad.RetryAfter, Err: err}
	case magento1.IsValidation(err):
		return &RefusedError{Message: m1FaultText(err), EmailTaken: magento1.IsDuplicateEmail(err)}
	}
	return err
}

// m1AddressError sorts Magento 1's answer to an address call: a refusal
// names the address; an address deleted meanwhile is retried (the next
// send reads the customer again and merges), unlike a customer that is
// gone ("Customer not exists.").
func m1AddressError(err error, a map[string]string) error {
	var f *magento1.Fault
	switch {
	case magento1.IsNotFound(err) && errors.As(err, &f) && strings.HasPrefix(f.Message, "Address"):
		return fmt.Errorf("the address %s was deleted in Magento meanwhile: %w", model.AddressLine(a), err)
	case magento1.IsValidation(err):
		return &RefusedError{Message: "the address " + model.AddressLine(a) + ": " + m1FaultText(err)}
	}
	return m1SinkError(err)
}

// m1FaultText is Magento's message, its lines (one per problem) joined.
func m1FaultText(err error) string {
	var f *magento1.Fault
	if !errors.As(err, &f) {
		return err.Error()
	}
	return strings.Join(strings.Fields(strings.ReplaceAll(f.Message, "\n", " ")), " ")
}
