package web

import (
	"errors"
	"net/http"
	"strconv"

	"magecrm/internal/crm"
)

func (s *Server) updateRole(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	role, shown := parseRoleForm(r)
	role.ID = id
	err := s.CRM.SaveRole(r.Context(), sess, role)
	var fe crm.FieldErrors
	if errors.As(err, &fe) {
		saved, err := s.CRM.Role(r.Context(), sess, id)
		if err != nil {
			s.serviceError(w, r, err)
			return
		}
		role.Builtin = saved.Builtin
		s.renderRoleForm(w, r, http.StatusUnprocessableEntity, role, shown, fe)
		return
	}
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	flash(w, "Role "+role.Name+" was saved.")
	http.Redirect(w, r, "/system/roles/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
