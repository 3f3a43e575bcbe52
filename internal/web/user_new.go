package web

import (
	"net/http"
	"net/url"
	"strconv"

	"magecrm/internal/acl"
	"magecrm/internal/crm"
)

func (s *Server) showUserNew(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	if !sess.Actor.Can(acl.User, acl.Create) {
		s.serviceError(w, r, crm.ErrForbidden)
		return
	}
	f := &userForm{}
	if err := s.userChoices(r.Context(), sess, f); err != nil {
		s.serviceError(w, r, err)
		return
	}
	form := url.Values{"enabled": {"on"}, "business_unit": {strconv.FormatInt(sess.User.BusinessUnitID, 10)}}
	s.render(w, r, http.StatusOK, "user_form", &view{Title: "New user", Form: form, Data: f})
}
