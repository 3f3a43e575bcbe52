package crm

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"

	"magecrm/internal/acl"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

// CustomerInput is what a person fills in to create or edit a customer.
type CustomerInput struct {
	ChannelID  int64 // create only: a customer stays in its channel
	StoreID    int64
	GroupID    int64
	Prefix     string
	FirstName  string
	MiddleName string
	LastName   string
	Suffix     string
	Email      string
	DOB        string // YYYY-MM-DD
	Gender     model.Gender
	TaxVAT     string
	OwnerID    int64 // 0: the actor on create, unchanged on edit
	ContactID  int64
	AccountID  int64
	// Password is optional on create (without one Magento mails the
	// customer a link to choose it); on edit it replaces the customer's
	// password (a customer Magento 1 already has: not possible), and empty
	// keeps it.
	Password string
	// Addresses is the complete address book: ids of existing addresses
	// are kept, 0 adds one, a missing one is removed.
	Addresses []model.Address
	// RowVersion is the version the edit form was read at (edit only).
	RowVersion int
}

// CreateCustomer validates and saves a new customer, marked waiting to be
// sent to Magento. It returns FieldErrors for bad input.
func (s *Service) CreateCustomer(ctx context.Context, sess *Session, in CustomerInput) (*model.Customer, error) {
	if !sess.Actor.Can(acl.MagentoCustomer, acl.Create) {
		return nil, ErrForbidden
	}
	if in.OwnerID == 0 {
		in.OwnerID = sess.User.ID
	}
	c := &model.Customer{OrganizationID: sess.Actor.OrganizationID, ChannelID: in.ChannelID}
	fe, err := s.validateCustomer(ctx, sess, nil, c, &in)
	if err != nil {
		return nil, err
	}
	if err := fe.orNil(); err != nil {
		return nil, err
	}
	err = s.Store.CreateCustomer(ctx, store.CustomerChange{Customer: c, Addresses: in.Addresses, Password: in.Password,
		ActorID: sess.User.ID, At: s.Now()})
	if errors.Is(err, store.ErrEmailTaken) {
		return nil, emailTaken()
	}
	if err != nil {
		return nil, err
	}
	s.wakePush(c.ChannelID)
	s.Log.Info("customer created", "customer", c.ID, "channel", c.ChannelID, "by", sess.User.Username)
	return c, nil
}

// UpdateCustomer validates and saves a person's change of a customer,
// marked waiting to be sent to Magento.
func (s *Service) UpdateCustomer(ctx context.Context, sess *Session, id int64, in CustomerInput) (*model.Customer, error) {
	old, err := s.Customer(ctx, sess, id)
	if err != nil {
		return nil, err
	}
	if !sess.Actor.Decide(acl.MagentoCustomer, acl.Edit, customerRecord(old)) {
		return nil, ErrForbidden
	}
	if in.OwnerID == 0 {
		in.OwnerID = old.OwnerUserID
	}
	c := *old
	fe, err := s.validateCustomer(ctx, sess, old, &c, &in)
	if err != nil {
		return nil, err
	}
	if err := fe.orNil(); err != nil {
		return nil, err
	}
	if in.RowVersion != 0 && in.RowVersion != old.RowVersion {
		return nil, store.ErrStale
	}
	oldAddresses, err := s.Store.CustomerAddresses(ctx, id)
	if err != nil {
		return nil, err
	}
	for _, a := range in.Addresses {
		if a.ID != 0 && !slices.ContainsFunc(oldAddresses, func(o model.Address) bool { return o.ID == a.ID }) {
			return nil, FieldErrors{"form": "An address of this form no longer exists. Reload the page and make your change again."}
		}
	}
	saved, err := s.Store.UpdateCustomer(ctx, old, oldAddresses, store.CustomerChange{Customer: &c, Addresses: in.Addresses,
		Password: in.Password, ActorID: sess.User.ID, At: s.Now()})
	if errors.Is(err, store.ErrEmailTaken) {
		return nil, emailTaken()
	}
	if err != nil || !saved {
		return &c, err
	}
	s.wakePush(c.ChannelID)
	s.Log.Info("customer updated", "customer", id, "by", sess.User.Username)
	return &c, nil
}

// emailTaken is the form's answer when the database refuses an email
// another customer of the website has.
func emailTaken() FieldErrors {
	return FieldErrors{"email": "Another customer of this website already has this email address."}
}

const maxFieldLength = 255

// channelType is ch's type, Magento 2 for a missing channel.
func channelType(ch *store.CustomerChannel) model.ChannelType {
	if ch == nil || ch.Type == "" {
		return model.Magento2
	}
	return ch.Type
}

// validateCustomer checks in against every rule, fills c from it (with
// the names of what it refers to, for the history) and returns what is
// wrong per field. old is nil on create.
func (s *Service) validateCustomer(ctx context.Context, sess *Session, old, c *model.Customer, in *CustomerInput) (FieldErrors, error) {
	fe := FieldErrors{}
	m, err := s.Store.MagentoStructure(ctx, sess.Actor.OrganizationID)
	if err != nil {
		return nil, err
	}
	ch := m.Channel(c.ChannelID)
	if why := ChannelWriteBlocked(ch); why != "" {
		if old != nil {
			return nil, Refusal(why)
		}
		fe["channel"] = "Choose a channel that syncs two-way."
	} else {
		c.ChannelName = ch.Name
	}
	if st := m.Store(in.StoreID); st == nil || st.ChannelID != c.ChannelID {
		fe["store"] = "Choose a store of the chosen channel."
	} else if why := m.StoreProblem(st, old); why != "" {
		fe["store"] = why
	} else {
		c.StoreID, c.StoreName, c.WebsiteID = st.ID, st.Name, st.WebsiteID
		if w := m.Website(st.WebsiteID); w != nil {
			c.WebsiteName = w.Name
		}
	}
	if g := m.Group(in.GroupID); g == nil || g.ChannelID != c.ChannelID {
		fe["group"] = "Choose a customer group of the chosen channel."
	} else if g.OriginID == 0 && (old == nil || old.GroupID != g.ID) {
		fe["group"] = "Choose another group: NOT LOGGED IN is for visitors, and Magento does not take customers into it."
	} else {
		c.GroupID, c.GroupName = g.ID, g.Code
	}
	text := func(field, label string, v *string, required bool) string {
		*v = strings.TrimSpace(*v)
		switch {
		case required && *v == "":
			fe[field] = "Enter the " + label + "."
		case len(*v) > maxFieldLength:
			fe[field] = "Use at most 255 characters."
		}
		return *v
	}
	c.Prefix = text("prefix", "prefix", &in.Prefix, false)
	c.FirstName = text("first_name", "first name", &in.FirstName, true)
	c.MiddleName = text("middle_name", "middle name", &in.MiddleName, false)
	c.LastName = text("last_name", "last name", &in.LastName, true)
	c.Suffix = text("suffix", "suffix", &in.Suffix, false)
	c.TaxVAT = text("taxvat", "tax/VAT number", &in.TaxVAT, false)
	c.Email = text("email", "email address", &in.Email, true)
	if c.Email != "" && fe["email"] == "" {
		if a, err := mail.ParseAddress(c.Email); err != nil || a.Address != c.Email || !strings.Contains(c.Email[strings.LastIndex(c.Email, "@"):], ".") {
			fe["email"] = "Enter an email address like name@example.com."
		}
	}
	if msg := dobError(strings.TrimSpace(in.DOB), s.Now()); msg != "" {
		fe["dob"] = msg
	} else {
		c.DOB = strings.TrimSpace(in.DOB)
	}
	if in.Gender != model.GenderNone && !slices.Contains(model.Genders, in.Gender) {
		fe["gender"] = "Choose a gender from the list."
	} else {
		c.Gender = in.Gender
	}
	switch {
	case in.Password == "":
	case old != nil && old.OriginID != 0 && !channelType(ch).SetsExistingPassword():
		fe["password"] = "Leave this empty. " + ExistingPasswordNote(channelType(ch))
	default:
		if msg := CustomerPasswordError(in.Password, c.Email); msg != "" {
			fe["password"] = msg
		}
	}
	if err := s.checkOwner(ctx, sess, old, c, in.OwnerID, fe); err != nil {
		return nil, err
	}
	if err := s.checkLinks(ctx, sess, old, c, in, fe); err != nil {
		return nil, err
	}
	var stored []model.Address
	if old != nil {
		if stored, err = s.Store.CustomerAddresses(ctx, old.ID); err != nil {
			return nil, err
		}
	}
	dir, err := s.channelDirectory(ctx, c.ChannelID)
	if err != nil {
		return nil, err
	}
	checkAddresses(in.Addresses, stored, dir, fe)
	c.BillingCountry, c.BillingRegion = "", ""
	for _, a := range in.Addresses {
		if a.DefaultBilling {
			c.BillingCountry, c.BillingRegion = a.CountryID, a.Region
		}
	}
	return fe, nil
}

func dobError(dob string, now time.Time) string {
	if dob == "" {
		return ""
	}
	t, err := time.Parse("2006-01-02", dob)
	switch {
	case err != nil:
		return "Enter a date like 1985-04-23 (year, month, day)."
	case t.After(now):
		return "The birthday can't be in the future."
	case t.Year() < 1900:
		return "Enter a birthday after 1900."
	}
	return ""
}

// checkOwner accepts the current owner, or a user the actor may assign.
func (s *Service) checkOwner(ctx context.Context, sess *Session, old, c *model.Customer, ownerID int64, fe FieldErrors) error {
	if old != nil && ownerID == old.OwnerUserID {
		return nil
	}
	owners, err := s.AssignableOwners(ctx, sess, acl.MagentoCustomer)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(owners, func(u model.User) bool { return u.ID == ownerID })
	if i < 0 {
		fe["owner"] = "Choose an owner from the list: your role lets you assign customers only to them."
		return nil
	}
	c.OwnerUserID, c.OwnerUnitID, c.OwnerName = ownerID, owners[i].BusinessUnitID, owners[i].DisplayName()
	return nil
}

// checkLinks accepts a contact and an account the actor may view, or the
// ones the customer links already (even when the actor may not view them:
// the edit form keeps them without naming them).
func (s *Service) checkLinks(ctx context.Context, sess *Session, old, c *model.Customer, in *CustomerInput, fe FieldErrors) error {
	if old == nil || in.ContactID != old.ContactID {
		if err := s.checkContactLink(ctx, sess, c, in.ContactID, fe); err != nil {
			return err
		}
	}
	if old == nil || in.AccountID != old.AccountID {
		return s.checkAccountLink(ctx, sess, c, in.AccountID, fe)
	}
	return nil
}

func (s *Service) checkContactLink(ctx context.Context, sess *Session, c *model.Customer, id int64, fe FieldErrors) error {
	c.ContactID, c.ContactName, c.ContactVisible = 0, "", false
	if id != 0 {
		ct, err := s.Contact(ctx, sess, id)
		switch {
		case errors.Is(err, ErrNotFound) || errors.Is(err, ErrForbidden):
			fe["contact"] = "Choose a contact from the list."
		case err != nil:
			return err
		default:
			c.ContactID, c.ContactName, c.ContactVisible = ct.ID, ct.Name(), true
		}
	}
	return nil
}

func (s *Service) checkAccountLink(ctx context.Context, sess *Session, c *model.Customer, id int64, fe FieldErrors) error {
	c.AccountID, c.AccountName, c.AccountVisible = 0, "", false
	if id != 0 {
		a, err := s.Account(ctx, sess, id)
		switch {
		case errors.Is(err, ErrNotFound) || errors.Is(err, ErrForbidden):
			fe["account"] = "Choose an account from the list."
		case err != nil:
			return err
		default:
			c.AccountID, c.AccountName, c.AccountVisible = a.ID, a.Name, true
		}
	}
	return nil
}

// checkAddresses applies Magento's address rules to the addresses the
// person added or changed; an address saved as it is stored (untouched) is
// never refused here: Magento took it, and its refusal of a send would be
// the final word. Errors are keyed "address.N.field" for the N-th address
// of the form. Countries and regions are the store's (dir): a region is
// matched by its Magento id, code or name and takes the store's spelling
// and id; one is required only where Magento's default configuration
// requires it and the store lists regions to choose from.
func checkAddresses(list, stored []model.Address, dir *model.Directory, fe FieldErrors) {
	billing, shipping := 0, 0
	for i := range list {
		a := &list[i]
		if a.DefaultBilling {
			billing++
		}
		if a.DefaultShipping {
			shipping++
		}
		if o, ok := untouched(*a, stored); ok {
			// Saved as stored: the form carries no region code, and its
			// empty second street line is no change to send.
			o.DefaultBilling, o.DefaultShipping = a.DefaultBilling, a.DefaultShipping
			*a = o
			continue
		}
		key := func(f string) string { return fmt.Sprintf("address.%d.%s", i, f) }
		for _, f := range []struct {
			name, label string
			v           *string
		}{
			{"first_name", "first name", &a.FirstName}, {"last_name", "last name", &a.LastName},
			{"city", "city", &a.City}, {"postcode", "postcode", &a.PostCode}, {"telephone", "phone number", &a.Telephone},
		} {
			*f.v = strings.TrimSpace(*f.v)
			if *f.v == "" {
				fe[key(f.name)] = "Enter the " + f.label + "."
			} else if len(*f.v) > maxFieldLength {
				fe[key(f.name)] = "Use at most 255 characters."
			}
		}
		a.Company, a.VATID = strings.TrimSpace(a.Company), strings.TrimSpace(a.VATID)
		var lines []string
		for _, l := range a.Street {
			if l = strings.TrimSpace(l); l != "" {
				lines = append(lines, l)
			}
		}
		a.Street = lines
		if len(lines) == 0 {
			fe[key("street")] = "Enter the street address."
		}
		a.CountryID = strings.ToUpper(strings.TrimSpace(a.CountryID))
		switch {
		case !model.IsCountry(a.CountryID):
			fe[key("country")] = "Choose a country from the list."
		case dir.Country(a.CountryID) == nil:
			fe[key("country")] = "Choose a country from the list: the store does not take addresses in " + model.CountryName(a.CountryID) + "."
		}
		a.Region = strings.TrimSpace(a.Region)
		r, found := dir.FindRegion(a.CountryID, a.Region)
		switch {
		case found:
			a.RegionCode, a.Region, a.RegionID = r.Code, r.Name, r.ID
		case dir.RegionRequired(a.CountryID):
			fe[key("region")] = "Choose a region of " + model.CountryName(a.CountryID) + " from the list: Magento requires one."
		default:
			a.RegionCode, a.RegionID = "", 0 // free text, or none: Magento takes either here
		}
	}
	if billing > 1 {
		fe["addresses"] = "Mark only one address as the default billing address."
	}
	if shipping > 1 {
		fe["addresses"] = "Mark only one address as the default shipping address."
	}
}

// untouched returns the stored address that a is sent back unchanged as.
func untouched(a model.Address, stored []model.Address) (model.Address, bool) {
	i := slices.IndexFunc(stored, func(o model.Address) bool { return o.ID == a.ID })
	if a.ID == 0 || i < 0 {
		return model.Address{}, false
	}
	o := stored[i]
	return o, a.Text() == o.Text()
}
