package web

import (
	"net/http"

	"magecrm/internal/acl"
	"magecrm/internal/crm"
	"magecrm/internal/model"
)

func (s *Server) showRoleNew(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	if !sess.Actor.Decide(acl.Role, acl.Create, acl.Record{OrganizationID: sess.Actor.OrganizationID}) {
		s.serviceError(w, r, crm.ErrForbidden)
		return
	}
	s.renderRoleForm(w, r, http.StatusOK, &model.Role{Permissions: acl.Permissions{}}, nil, nil)
}
