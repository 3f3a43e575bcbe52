package web

import (
	"net/http"
	"net/url"

	"magecrm/internal/acl"
	"magecrm/internal/crm"
	"magecrm/internal/model"
)

// accountList is the accounts page.
type accountList struct {
	Accounts  []model.Account
	List      *simpleList
	CanCreate bool
}

func (s *Server) showAccountList(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	l := parseSimpleList(r.URL.Query(), "/accounts", crm.AccountSorts)
	accounts, total, err := s.CRM.Accounts(r.Context(), sess, l.query())
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	l.setTotal(total)
	s.render(w, r, http.StatusOK, "account_list", &view{Title: "Accounts", Form: url.Values{"q": {l.Search}},
		Data: &accountList{Accounts: accounts, List: l, CanCreate: sess.Actor.Can(acl.Account, acl.Create)}})
}
