package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"magecrm/internal/acl"
	"magecrm/internal/crm"
	"magecrm/internal/model"
)

// customerForm is what the create and edit forms show besides the typed values.
type customerForm struct {
	Customer  *model.Customer // nil on create
	Channels  []crm.CustomerChannel
	Structure *crm.MagentoStructure
	ChannelID int64 // the chosen channel: its stores and groups are offered
	Owners    []model.User
	Contacts  []model.Contact
	Accounts  []model.Account
	Countries []model.Country
	Regions   map[string][]model.Region
	// DirectoryNote says when the countries are magecrm's own list.
	DirectoryNote string
	Genders       []model.Gender
	Addresses     []int // the address slots shown, by index
	Action        string
}

// StoreHidden reports whether a store belongs to another channel than the
// chosen one (scripts show the chosen channel's; without them the form is
// reloaded).
func (f *customerForm) StoreHidden(channelID int64) bool { return channelID != f.ChannelID }

// channelType is the type of the chosen channel, Magento 2 when unknown.
func (f *customerForm) channelType() model.ChannelType {
	if ch := f.Structure.Channel(f.ChannelID); ch != nil && ch.Type != "" {
		return ch.Type
	}
	return model.Magento2
}

// PasswordField reports whether the form offers a password: on create, for
// a customer not yet in Magento, and for one Magento has when its
// channel's API can set the password (Magento 2's).
func (f *customerForm) PasswordField() bool {
	return f.Customer == nil || f.Customer.OriginID == 0 || f.channelType().SetsExistingPassword()
}

// PasswordNote says how the password of a customer Magento already has is
// set, in the terms of its channel's type.
func (f *customerForm) PasswordNote() string { return crm.ExistingPasswordNote(f.channelType()) }

// OffersStore reports whether the store list offers st: a store view the
// customer may be in (crm's rules), or the one the form holds.
func (f *customerForm) OffersStore(st model.Store, chosen string) bool {
	return chosen == strconv.FormatInt(st.ID, 10) || f.Structure.StoreProblem(&st, f.Customer) == ""
}

// Field is the name of an address field of slot i.
func (f *customerForm) Field(i int, name string) string { return fmt.Sprintf("address.%d.%s", i, name) }

// customerFormFields are the plain fields of the form.
var customerFormFields = []string{"channel", "store", "group", "prefix", "first_name", "middle_name", "last_name", "suffix",
	"email", "dob", "gender", "taxvat", "owner", "contact", "account", "row_version", "default_billing", "default_shipping"}

// addressFields are the fields of one address slot.
var addressFields = []string{"id", "first_name", "last_name", "company", "street1", "street2", "city", "country",
	"region", "postcode", "telephone", "vat_id", "remove"}

// parseCustomerForm reads a posted form into the service's input and the
// values to show again (never the password).
func parseCustomerForm(r *http.Request) (crm.CustomerInput, url.Values) {
	r.ParseForm()
	f := r.PostForm
	id := func(k string) int64 { n, _ := strconv.ParseInt(f.Get(k), 10, 64); return n }
	in := crm.CustomerInput{
		ChannelID: id("channel"), StoreID: id("store"), GroupID: id("group"),
		Prefix: f.Get("prefix"), FirstName: f.Get("first_name"), MiddleName: f.Get("middle_name"),
		LastName: f.Get("last_name"), Suffix: f.Get("suffix"), Email: f.Get("email"), DOB: f.Get("dob"),
		TaxVAT: f.Get("taxvat"), OwnerID: id("owner"), ContactID: id("contact"), AccountID: id("account"),
		Password: f.Get("password"),
	}
	g, _ := strconv.Atoi(f.Get("gender"))
	in.Gender = model.Gender(g)
	in.RowVersion, _ = strconv.Atoi(f.Get("row_version"))
	shown := url.Values{}
	for _, k := range customerFormFields {
		if v := f.Get(k); v != "" {
			shown.Set(k, v)
		}
	}
	slots, _ := strconv.Atoi(f.Get("address_count"))
	slots = min(max(slots, 0), 50)
	kept := 0
	for i := range slots {
		get := func(name string) string { return f.Get(fmt.Sprintf("address.%d.%s", i, name)) }
		if get("remove") == "on" {
			continue
		}
		a := model.Address{FirstName: get("first_name"), LastName: get("last_name"), Company: get("company"),
			Street: []string{get("street1"), get("street2")}, City: get("city"), CountryID: get("country"),
			Region: get("region"), PostCode: get("postcode"), Telephone: get("telephone"), VATID: get("vat_id")}
		a.ID, _ = strconv.ParseInt(get("id"), 10, 64)
		blank := a.ID == 0 && strings.TrimSpace(a.FirstName+a.LastName+a.Company+get("street1")+get("street2")+a.City+a.Region+a.PostCode+a.Telephone+a.VATID) == ""
		if blank {
			continue
		}
		a.DefaultBilling = f.Get("default_billing") == strconv.Itoa(i)
		a.DefaultShipping = f.Get("default_shipping") == strconv.Itoa(i)
		// Slots are renumbered without the removed and blank ones, so
		// that errors ("address.N.city") point at the slot shown again.
		for _, k := range addressFields {
			if v := get(k); v != "" && k != "remove" {
				shown.Set(fmt.Sprintf("address.%d.%s", kept, k), v)
			}
		}
		if a.DefaultBilling {
			shown.Set("default_billing", strconv.Itoa(kept))
		}
		if a.DefaultShipping {
			shown.Set("default_shipping", strconv.Itoa(kept))
		}
		in.Addresses = append(in.Addresses, a)
		kept++
	}
	shown.Set("address_count", strconv.Itoa(kept))
	return in, shown
}

// customerFormValues fills the form with a saved customer and its addresses.
func customerFormValues(c *model.Customer, addrs []model.Address) url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	n := func(id int64) string {
		if id == 0 {
			return ""
		}
		return strconv.FormatInt(id, 10)
	}
	set("channel", n(c.ChannelID))
	set("store", n(c.StoreID))
	set("group", n(c.GroupID))
	set("prefix", c.Prefix)
	set("first_name", c.FirstName)
	set("middle_name", c.MiddleName)
	set("last_name", c.LastName)
	set("suffix", c.Suffix)
	set("email", c.Email)
	set("dob", c.DOB)
	set("gender", n(int64(c.Gender)))
	set("taxvat", c.TaxVAT)
	set("owner", n(c.OwnerUserID))
	set("contact", n(c.ContactID))
	set("account", n(c.AccountID))
	set("row_version", strconv.Itoa(c.RowVersion))
	for i, a := range addrs {
		p := fmt.Sprintf("address.%d.", i)
		set(p+"id", n(a.ID))
		set(p+"first_name", a.FirstName)
		set(p+"last_name", a.LastName)
		set(p+"company", a.Company)
		if len(a.Street) > 0 {
			set(p+"street1", a.Street[0])
		}
		if len(a.Street) > 1 {
			set(p+"street2", strings.Join(a.Street[1:], " "))
		}
		set(p+"city", a.City)
		set(p+"country", a.CountryID)
		set(p+"region", a.Region)
		set(p+"postcode", a.PostCode)
		set(p+"telephone", a.Telephone)
		set(p+"vat_id", a.VATID)
		if a.DefaultBilling {
			v.Set("default_billing", strconv.Itoa(i))
		}
		if a.DefaultShipping {
			v.Set("default_shipping", strconv.Itoa(i))
		}
	}
	v.Set("address_count", strconv.Itoa(len(addrs)))
	return v
}

// renderCustomerForm shows the create form (c nil) or the edit form with
// its choices; one empty address slot more than the values hold is offered.
func (s *Server) renderCustomerForm(w http.ResponseWriter, r *http.Request, status int, c *model.Customer, form url.Values, fe crm.FieldErrors, extraSlots int) {
	sess := sessionOf(r)
	ctx := r.Context()
	f := &customerForm{Customer: c, Genders: model.Genders, Regions: map[string][]model.Region{}, Action: "/customers"}
	m, writable, _, err := s.CRM.WritableChannels(ctx, sess)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	f.Structure, f.Channels = m, writable
	f.ChannelID, _ = strconv.ParseInt(form.Get("channel"), 10, 64)
	if c != nil {
		f.Action = "/customers/" + strconv.FormatInt(c.ID, 10)
		f.ChannelID = c.ChannelID
	} else if f.ChannelID == 0 && len(writable) == 1 {
		f.ChannelID = writable[0].ID
		form.Set("channel", strconv.FormatInt(f.ChannelID, 10))
	}
	if err := s.customerPickers(ctx, sess, f, c); err != nil {
		s.serviceError(w, r, err)
		return
	}
	if err := s.customerDirectory(ctx, f, form); err != nil {
		s.serviceError(w, r, err)
		return
	}
	n, _ := strconv.Atoi(form.Get("address_count"))
	for i := range n + 1 + extraSlots {
		f.Addresses = append(f.Addresses, i)
	}
	form.Set("address_count", strconv.Itoa(len(f.Addresses)))
	title := "Create Magento customer"
	if c != nil {
		title = "Edit " + c.FullName()
	}
	s.render(w, r, status, "customer_form", &view{Title: title, Form: form, Errors: fe, Data: f})
}

// customerDirectory offers the countries and regions of the chosen
// channel's store, and the countries the form's addresses are in (an
// address the person does not touch is sent back as it is).
func (s *Server) customerDirectory(ctx context.Context, f *customerForm, form url.Values) error {
	dir, err := s.CRM.CountryDirectory(ctx, f.ChannelID)
	if err != nil {
		return err
	}
	if dir.Builtin && f.ChannelID != 0 {
		f.DirectoryNote = "The countries and regions offered are magecrm's own: the store's list has not been read yet (Check connection or a sync reads it)."
	}
	for _, c := range dir.Countries {
		f.Countries = append(f.Countries, model.Country{Code: c.Code, Name: c.Name})
		for _, r := range c.Regions {
			f.Regions[c.Code] = append(f.Regions[c.Code], model.Region{Code: r.Code, Name: r.Name})
		}
	}
	n, _ := strconv.Atoi(form.Get("address_count"))
	for i := range n {
		if code := form.Get(f.Field(i, "country")); code != "" && dir.Country(code) == nil {
			f.Countries = append(f.Countries, model.Country{Code: code, Name: model.CountryName(code)})
		}
	}
	return nil
}

// customerPickers loads the owners the actor may assign and the contacts
// and accounts they may view.
func (s *Server) customerPickers(ctx context.Context, sess *crm.Session, f *customerForm, c *model.Customer) error {
	owners, err := s.CRM.AssignableOwners(ctx, sess, acl.MagentoCustomer)
	if err != nil {
		return err
	}
	if c != nil && !containsUser(owners, c.OwnerUserID) {
		owners = append(owners, model.User{ID: c.OwnerUserID, Username: c.OwnerName})
	}
	f.Owners = owners
	if sess.Actor.Can(acl.Contact, acl.View) {
		if f.Contacts, _, err = s.CRM.Contacts(ctx, sess, crm.ListQuery{Limit: 200}); err != nil {
			return err
		}
	}
	if sess.Actor.Can(acl.Account, acl.View) {
		if f.Accounts, _, err = s.CRM.Accounts(ctx, sess, crm.ListQuery{Limit: 200}); err != nil {
			return err
		}
	}
	if c != nil {
		if c.ContactID != 0 && !containsContact(f.Contacts, c.ContactID) {
			f.Contacts = append(f.Contacts, model.Contact{ID: c.ContactID, FirstName: linkLabel(c.ContactVisible, c.ContactName, "A contact you may not view")})
		}
		if c.AccountID != 0 && !containsAccount(f.Accounts, c.AccountID) {
			f.Accounts = append(f.Accounts, model.Account{ID: c.AccountID, Name: linkLabel(c.AccountVisible, c.AccountName, "An account you may not view")})
		}
	}
	return nil
}

// linkLabel names a linked record in a picker: by its name when the actor
// may view it, else by hidden, so the link is kept without naming it.
func linkLabel(visible bool, name, hidden string) string {
	if visible {
		return name
	}
	return hidden
}

func containsUser(list []model.User, id int64) bool {
	for _, u := range list {
		if u.ID == id {
			return true
		}
	}
	return false
}

func containsContact(list []model.Contact, id int64) bool {
	for _, c := range list {
		if c.ID == id {
			return true
		}
	}
	return false
}

func containsAccount(list []model.Account, id int64) bool {
	for _, a := range list {
		if a.ID == id {
			return true
		}
	}
	return false
}

// formField describes one text input of the form.
type formField struct {
	Name, Label, Type, Hint, Autocomplete string
	Required                              bool
}

// TextFields are the customer's text inputs, in order.
func (f *customerForm) TextFields() []formField {
	return []formField{
		{Name: "prefix", Label: "Name prefix", Type: "text", Autocomplete: "honorific-prefix"},
		{Name: "first_name", Label: "First name", Type: "text", Required: true, Autocomplete: "off"},
		{Name: "middle_name", Label: "Middle name", Type: "text", Autocomplete: "off"},
		{Name: "last_name", Label: "Last name", Type: "text", Required: true, Autocomplete: "off"},
		{Name: "suffix", Label: "Name suffix", Type: "text", Autocomplete: "off"},
		{Name: "email", Label: "Email", Type: "email", Required: true, Autocomplete: "off", Hint: "Unique among the customers of the store's website."},
		{Name: "dob", Label: "Birthday", Type: "date", Hint: "Year-month-day, for example 1985-04-23."},
		{Name: "taxvat", Label: "Tax/VAT number", Type: "text", Autocomplete: "off"},
	}
}

// AddressFields are the inputs of one address, in order.
func (f *customerForm) AddressFields() []formField {
	return []formField{
		{Name: "first_name", Label: "First name"}, {Name: "last_name", Label: "Last name"},
		{Name: "company", Label: "Company"}, {Name: "street1", Label: "Street address"},
		{Name: "street2", Label: "Street address, line 2"}, {Name: "city", Label: "City"},
		{Name: "country", Label: "Country"}, {Name: "region", Label: "State / region"},
		{Name: "postcode", Label: "Postcode"}, {Name: "telephone", Label: "Phone number"},
		{Name: "vat_id", Label: "VAT number"},
	}
}

// Number is a slot's number as people count.
func (f *customerForm) Number(i int) int { return i + 1 }

// formErrors moves the service's address errors onto the form's inputs:
// the street is the first street line. A password typed (never shown
// again) is asked for again.
func formErrors(fe crm.FieldErrors, password string) crm.FieldErrors {
	out := crm.FieldErrors{}
	for k, v := range fe {
		if strings.HasPrefix(k, "address.") && strings.HasSuffix(k, ".street") {
			k += "1"
		}
		out[k] = v
	}
	if len(out) > 0 && out["form"] == "" {
		out["form"] = "The customer was not saved: correct the fields marked below."
	}
	if len(out) > 0 {
		out["form"] += retypePassword(password)
	}
	return out
}
