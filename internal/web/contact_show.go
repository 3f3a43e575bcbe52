package web

import (
	"magecrm/internal/crm"
	"net/http"
	"strconv"

	"magecrm/internal/acl"
	"magecrm/internal/model"
)

// contactPage is a contact's view page.
type contactPage struct {
	Contact   *model.Contact
	Customers []model.Customer
	CanEdit   bool
	CanDelete bool
	Timeline  *timelineView
	History   []historyEntry
}

func (s *Server) showContact(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	c, err := s.CRM.Contact(r.Context(), sess, id)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	customers, err := s.CRM.ContactCustomers(r.Context(), sess, id)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	p := &contactPage{Contact: c, Customers: customers,
		CanEdit: sess.Actor.Can(acl.Contact, acl.Edit), CanDelete: sess.Actor.Can(acl.Contact, acl.Delete)}
	if p.Timeline, err = s.timeline(r, model.TargetContact, id); err != nil {
		s.serviceError(w, r, err)
		return
	}
	history, err := s.CRM.ContactHistory(r.Context(), sess, c)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	p.History = historyEntries(history, keepValue)
	s.CRM.NoteView(r.Context(), sessionOf(r), crm.ContactEntity, id)
	s.render(w, r, http.StatusOK, "contact_show", &view{Title: c.Name(), Data: p})
}
