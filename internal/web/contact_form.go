package web

import (
	"net/http"
	"net/url"
	"strconv"

	"magecrm/internal/acl"
	"magecrm/internal/crm"
	"magecrm/internal/model"
)

// contactForm is what the contact form offers.
type contactForm struct {
	Contact  *model.Contact // nil on create
	Owners   []model.User
	Accounts []model.Account
}

func parseContactForm(r *http.Request) (crm.ContactInput, url.Values) {
	r.ParseForm()
	f := r.PostForm
	in := crm.ContactInput{FirstName: f.Get("first_name"), LastName: f.Get("last_name"), Email: f.Get("email"), Phone: f.Get("phone")}
	in.AccountID, _ = strconv.ParseInt(f.Get("account"), 10, 64)
	in.OwnerID, _ = strconv.ParseInt(f.Get("owner"), 10, 64)
	shown := url.Values{}
	for _, k := range []string{"first_name", "last_name", "email", "phone", "account", "owner"} {
		shown.Set(k, f.Get(k))
	}
	return in, shown
}

func contactFormValues(c *model.Contact) url.Values {
	v := url.Values{"first_name": {c.FirstName}, "last_name": {c.LastName}, "email": {c.Email}, "phone": {c.Phone},
		"owner": {strconv.FormatInt(c.OwnerUserID, 10)}}
	if c.AccountID != 0 {
		v.Set("account", strconv.FormatInt(c.AccountID, 10))
	}
	return v
}

func (s *Server) renderContactForm(w http.ResponseWriter, r *http.Request, status int, c *model.Contact, form url.Values, fe crm.FieldErrors) {
	sess := sessionOf(r)
	f := &contactForm{Contact: c}
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
