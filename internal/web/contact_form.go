package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"magecrm/internal/acl"
	"magecrm/internal/crm"
	"magecrm/internal/model"
)

// contactForm is what the contact form offers.
type contactForm struct {
	Contact   *model.Contact // nil on create
	Owners    []model.User
	Accounts  []model.Account
	Sources   []model.Choice
	Countries []model.Country
	// Emails, Phones and Addresses are the slots shown, by index.
	Emails, Phones, Addresses []int
}

// maxFormSlots bounds the slots a posted form may ask for.
const maxFormSlots = 20

// postalFields are the inputs of one postal address.
var postalFields = []string{"street", "city", "region", "postcode", "country"}

// Field names an input of slot i of a list ("email.0", "address.1.city").
func (f *contactForm) Field(list string, i int, name ...string) string {
	return strings.Join(append([]string{list, strconv.Itoa(i)}, name...), ".")
}

// slotCount is how many slots of a list the posted form showed.
func slotCount(f url.Values, list string) int {
	n, _ := strconv.Atoi(f.Get(list + "_count"))
	return min(max(n, 0), maxFormSlots)
}

// parseContactForm reads the contact form; shown is what it showed, to
// show again with the service's messages.
func parseContactForm(r *http.Request) (crm.ContactInput, url.Values) {
	r.ParseForm()
	f := r.PostForm
	in := crm.ContactInput{FirstName: f.Get("first_name"), LastName: f.Get("last_name"), JobTitle: f.Get("job_title"),
		Birthday: f.Get("birthday"), Source: f.Get("source"), Version: formVersion(r)}
	in.AccountID, _ = strconv.ParseInt(f.Get("account"), 10, 64)
	in.OwnerID, _ = strconv.ParseInt(f.Get("owner"), 10, 64)
	shown := url.Values{}
	for _, k := range []string{"first_name", "last_name", "job_title", "birthday", "source", "account", "owner",
		"email_primary", "phone_primary", "address_primary", "email_count", "phone_count", "address_count", "version"} {
		shown.Set(k, f.Get(k))
	}
	for i := range slotCount(f, "email") {
		k := fmt.Sprintf("email.%d", i)
		in.Emails = append(in.Emails, model.ContactMethod{Value: f.Get(k), Primary: f.Get("email_primary") == strconv.Itoa(i)})
		shown.Set(k, f.Get(k))
	}
	for i := range slotCount(f, "phone") {
		k := fmt.Sprintf("phone.%d", i)
		in.Phones = append(in.Phones, model.ContactMethod{Value: f.Get(k), Primary: f.Get("phone_primary") == strconv.Itoa(i)})
		shown.Set(k, f.Get(k))
	}
	for i := range slotCount(f, "address") {
		get := func(name string) string {
			k := fmt.Sprintf("address.%d.%s", i, name)
			shown.Set(k, f.Get(k))
			return f.Get(k)
		}
		a := model.PostalAddress{Street: get("street"), City: get("city"), Region: get("region"), PostCode: get("postcode"), Country: get("country")}
		in.Addresses = append(in.Addresses, model.ContactAddress{PostalAddress: a, Primary: f.Get("address_primary") == strconv.Itoa(i)})
	}
	return in, shown
}

// contactFormValues fills the form with a saved contact.
func contactFormValues(c *model.Contact) url.Values {
	v := url.Values{"first_name": {c.FirstName}, "last_name": {c.LastName}, "job_title": {c.JobTitle},
		"birthday": {c.Birthday}, "source": {c.Source}, "owner": {strconv.FormatInt(c.OwnerUserID, 10)},
		"version": {versionValue(c.UpdatedAt)}}
	if c.AccountID != 0 {
		v.Set("account", strconv.FormatInt(c.AccountID, 10))
	}
	methods := func(list string, ms []model.ContactMethod) {
		for i, m := range ms {
			v.Set(fmt.Sprintf("%s.%d", list, i), m.Value)
			if m.Primary {
				v.Set(list+"_primary", strconv.Itoa(i))
			}
		}
		v.Set(list+"_count", strconv.Itoa(len(ms)))
	}
	methods("email", c.Emails)
	methods("phone", c.Phones)
	for i, a := range c.Addresses {
		p := fmt.Sprintf("address.%d.", i)
		v.Set(p+"street", a.Street)
		v.Set(p+"city", a.City)
		v.Set(p+"region", a.Region)
		v.Set(p+"postcode", a.PostCode)
		v.Set(p+"country", a.Country)
		if a.Primary {
			v.Set("address_primary", strconv.Itoa(i))
		}
	}
	v.Set("address_count", strconv.Itoa(len(c.Addresses)))
	return v
}

// slots lists the slots of a list to show: those the form holds (at
// least one), and one more when the person asked to add one.
func slots(form url.Values, list string, add string) []int {
	n := max(slotCount(form, list), 1)
	if add == list && n < maxFormSlots {
		n++
	}
	form.Set(list+"_count", strconv.Itoa(n))
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// renderContactForm shows the create form (c nil) or the edit form; add
// names the list ("email", "phone", "address") that gets one more slot.
func (s *Server) renderContactForm(w http.ResponseWriter, r *http.Request, status int, c *model.Contact, form url.Values, fe crm.FieldErrors, add string) {
	sess := sessionOf(r)
	f := &contactForm{Contact: c, Sources: model.ContactSources, Countries: model.Countries(),
		Emails: slots(form, "email", add), Phones: slots(form, "phone", add), Addresses: slots(form, "address", add)}
	var err error
	if f.Owners, err = s.CRM.AssignableOwners(r.Context(), sess, acl.Contact); err != nil {
		s.serviceError(w, r, err)
		return
	}
	if c != nil && !containsUser(f.Owners, c.OwnerUserID) {
		f.Owners = append(f.Owners, model.User{ID: c.OwnerUserID, Username: c.OwnerName})
	}
	if sess.Actor.Can(acl.Account, acl.View) {
		if f.Accounts, _, err = s.CRM.Accounts(r.Context(), sess, crm.ListQuery{Limit: 200}); err != nil {
			s.serviceError(w, r, err)
			return
		}
	}
	if c != nil && c.AccountID != 0 && !containsAccount(f.Accounts, c.AccountID) {
		f.Accounts = append(f.Accounts, model.Account{ID: c.AccountID, Name: linkLabel(c.AccountVisible, c.AccountName, "An account you may not view")})
	}
	title := "New contact"
	if c != nil {
		title = "Edit " + c.Name()
	}
	s.render(w, r, status, "contact_form", &view{Title: title, Form: form, Errors: fe, Data: f})
}

// Number is slot i as people count, from 1.
func (f *contactForm) Number(i int) int { return i + 1 }

// contactMethods is the email or phone list of the form, for the
// "contact_methods" template.
type contactMethods struct {
	*contactForm
	View                      *view
	List, Legend, Label, Type string
	Slots                     []int
}

// Methods gives the "contact_methods" template the email ("email") or
// phone ("phone") list.
func (f *contactForm) Methods(v *view, list string) contactMethods {
	if list == "email" {
		return contactMethods{f, v, "email", "Email addresses", "Email", "email", f.Emails}
	}
	return contactMethods{f, v, "phone", "Phone numbers", "Phone", "tel", f.Phones}
}
