package web

import (
	"net/http"
	"net/url"
	"strconv"

	"magecrm/internal/acl"
	"magecrm/internal/crm"
)

func (s *Server) showContactNew(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	if !sess.Actor.Can(acl.Contact, acl.Create) {
		s.serviceError(w, r, crm.ErrForbidden)
		return
	}
	form := url.Values{"owner": {strconv.FormatInt(sess.User.ID, 10)}, "account": {r.URL.Query().Get("account")}}
	s.renderContactForm(w, r, http.StatusOK, nil, form, nil, "")
}
