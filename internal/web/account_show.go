package web

import (
	"magecrm/internal/crm"
	"net/http"
	"strconv"

	"magecrm/internal/acl"
	"magecrm/internal/model"
)

// accountPage is an account's view page.
type accountPage struct {
	Account   *model.Account
	Contacts  []model.Contact
	Customers []model.Customer
	CanEdit   bool
	CanDelete bool
	Timeline  *timelineView
	History   []historyEntry
	// Below are the accounts that sit directly below this one.
	Below []model.Account
}

func (s *Server) showAccount(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	a, err := s.CRM.Account(r.Context(), sess, id)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	contacts, customers, err := s.CRM.AccountMembers(r.Context(), sess, id)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	p := &accountPage{Account: a, Contacts: contacts, Customers: customers,
		CanEdit: sess.Actor.Can(acl.Account, acl.Edit), CanDelete: sess.Actor.Can(acl.Account, acl.Delete)}
	if p.Timeline, err = s.timeline(r, model.TargetAccount, id); err != nil {
		s.serviceError(w, r, err)
		return
	}
	history, err := s.CRM.AccountHistory(r.Context(), sess, a)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	p.History = historyEntries(history, keepValue)
	if p.Below, _, err = s.CRM.Accounts(r.Context(), sess, crm.ListQuery{ParentID: id, Limit: 100}); err != nil {
		s.serviceError(w, r, err)
		return
	}
	s.CRM.NoteView(r.Context(), sessionOf(r), crm.AccountEntity, id)
	s.render(w, r, http.StatusOK, "account_show", &view{Title: a.Name, Data: p})
}
