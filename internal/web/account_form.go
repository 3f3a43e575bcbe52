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
	Account *model.Account // nil on create
	Owners  []model.User
}

func parseAccountForm(r *http.Request) (crm.AccountInput, url.Values) {
	r.ParseForm()
	in := crm.AccountInput{Name: r.PostForm.Get("name")}
	in.OwnerID, _ = strconv.ParseInt(r.PostForm.Get("owner"), 10, 64)
	return in, url.Values{"name": {in.Name}, "owner": {r.PostForm.Get("owner")}}
}

func (s *Server) renderAccountForm(w http.ResponseWriter, r *http.Request, status int, a *model.Account, form url.Values, fe crm.FieldErrors) {
	owners, err := s.CRM.AssignableOwners(r.Context(), sessionOf(r), acl.Account)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	if a != nil && !containsUser(owners, a.OwnerUserID) {
		owners = append(owners, model.User{ID: a.OwnerUserID, Username: a.OwnerName})
	}
	title := "New account"
	if a != nil {
		title = "Edit " + a.Name
	}
	s.render(w, r, status, "account_form", &view{Title: title, Form: form, Errors: fe, Data: &accountForm{Account: a, Owners: owners}})
}
