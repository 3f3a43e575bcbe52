package web

import (
	"net/http"

	"magecrm/internal/acl"
	"magecrm/internal/model"
)

// roleList is the roles page: every role, and whether one may be added.
type roleList struct {
	Roles     []model.Role
	CanCreate bool
}

func (s *Server) showRoleList(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	roles, err := s.CRM.Roles(r.Context(), sess)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	canCreate := sess.Actor.Decide(acl.Role, acl.Create, acl.Record{OrganizationID: sess.Actor.OrganizationID})
	s.render(w, r, http.StatusOK, "role_list", &view{Title: "Roles", Data: &roleList{Roles: roles, CanCreate: canCreate}})
}
