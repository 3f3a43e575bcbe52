package web

import (
	"net/http"
	"net/url"
	"strconv"

	"magecrm/internal/acl"
	"magecrm/internal/crm"
)

func (s *Server) showAccountNew(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	if !sess.Actor.Can(acl.Account, acl.Create) {
		s.serviceError(w, r, crm.ErrForbidden)
		return
	}
	s.renderAccountForm(w, r, http.StatusOK, nil, url.Values{"owner": {strconv.FormatInt(sess.User.ID, 10)}}, nil)
}
