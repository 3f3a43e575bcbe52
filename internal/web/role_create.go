package web

import (
	"errors"
	"net/http"
	"strconv"

	"magecrm/internal/crm"
)

func (s *Server) createRole(w http.ResponseWriter, r *http.Request) {
	role, shown := parseRoleForm(r)
	err := s.CRM.SaveRole(r.Context(), sessionOf(r), role)
	var fe crm.FieldErrors
	if errors.As(err, &fe) {
		role.ID = 0
		s.renderRoleForm(w, r, http.StatusUnprocessableEntity, role, shown, fe)
		return
	}
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	flash(w, "Role "+role.Name+" was created.")
	http.Redirect(w, r, "/system/roles/"+strconv.FormatInt(role.ID, 10), http.StatusSeeOther)
}
