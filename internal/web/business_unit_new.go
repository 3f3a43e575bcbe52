package web

import (
	"net/http"
	"net/url"
	"strconv"

	"magecrm/internal/acl"
	"magecrm/internal/crm"
)

func (s *Server) showBusinessUnitNew(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	if !sess.Actor.Can(acl.BusinessUnitE, acl.Create) {
		s.serviceError(w, r, crm.ErrForbidden)
		return
	}
	parent := r.URL.Query().Get("parent")
	if parent == "" {
		parent = strconv.FormatInt(sess.User.BusinessUnitID, 10)
	}
	s.renderUnitForm(w, r, http.StatusOK, nil, url.Values{"parent": {parent}}, nil)
}
