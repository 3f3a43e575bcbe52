package web

import (
	"net/http"
	"net/url"
	"strconv"
)

func (s *Server) showRoleEdit(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	role, err := s.CRM.Role(r.Context(), sessionOf(r), id)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	s.renderRoleForm(w, r, http.StatusOK, role, url.Values{"name": {role.Name}, "version": {versionValue(role.UpdatedAt)}}, nil)
}
