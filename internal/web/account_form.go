package web

import (
	"net/http"
	"net/url"
	"strconv"

	"magecrm/internal/acl"
	"magecrm/internal/crm"
	"magecrm/internal/model"
)

// accountForm is what the account form offers.
type accountForm struct {
	Account    *model.Account // nil on create
	Owners     []model.User
	Parents    []model.Account
	Industries []model.Choice
}

// accountFields are the account form's inputs.
var accountFields = []string{"name", "industry", "website", "phone", "parent", "owner",
	"address.street", "address.city", "address.region", "address.postcode", "address.country", "version"}

func parseAccountForm(r *http.Request) (crm.AccountInput, url.Values) {
	r.ParseForm()
	f := r.PostForm
	in := crm.AccountInput{Name: f.Get("name"), Industry: f.Get("industry"), Website: f.Get("website"), Phone: f.Get("phone"),
		Address: model.PostalAddress{Street: f.Get("address.street"), City: f.Get("address.city"), Region: f.Get("address.region"),
			PostCode: f.Get("address.postcode"), Country: f.Get("address.country")}, Version: formVersion(r)}
	in.OwnerID, _ = strconv.ParseInt(f.Get("owner"), 10, 64)
	in.ParentID, _ = strconv.ParseInt(f.Get("parent"), 10, 64)
	shown := url.Values{}
	for _, k := range accountFields {
		shown.Set(k, f.Get(k))
	}
	return in, shown
}

// accountFormValues fills the form with a saved account.
func accountFormValues(a *model.Account) url.Values {
	ad := a.Address
	v := url.Values{"name": {a.Name}, "industry": {a.Industry}, "website": {a.Website}, "phone": {a.Phone},
		"owner": {strconv.FormatInt(a.OwnerUserID, 10)}, "address.street": {ad.Street}, "address.city": {ad.City},
		"address.region": {ad.Region}, "address.postcode": {ad.PostCode}, "address.country": {ad.Country},
		"version": {versionValue(a.UpdatedAt)}}
	if a.ParentID != 0 {
		v.Set("parent", strconv.FormatInt(a.ParentID, 10))
	}
	return v
}

func (s *Server) renderAccountForm(w http.ResponseWriter, r *http.Request, status int, a *model.Account, form url.Values, fe crm.FieldErrors) {
	sess := sessionOf(r)
	owners, err := s.CRM.AssignableOwners(r.Context(), sess, acl.Account)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	if a != nil && !containsUser(owners, a.OwnerUserID) {
		owners = append(owners, model.User{ID: a.OwnerUserID, Username: a.OwnerName})
	}
	f := &accountForm{Account: a, Owners: owners, Industries: model.Industries}
	q := crm.ListQuery{Limit: 200}
	if a != nil {
		q.NotBelow = a.ID
	}
	f.Parents, _, err = s.CRM.Accounts(r.Context(), sess, q)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	if a != nil && a.ParentID != 0 && !containsAccount(f.Parents, a.ParentID) {
		f.Parents = append(f.Parents, model.Account{ID: a.ParentID, Name: linkLabel(a.ParentVisible, a.ParentName, "An account you may not view")})
	}
	title := "New account"
	if a != nil {
		title = "Edit " + a.Name
	}
	s.render(w, r, status, "account_form", &view{Title: title, Form: form, Errors: fe, Data: f})
}
