package web

import (
	"errors"
	"net/http"
	"strconv"

	"magecrm/internal/crm"
)

// updateRole saves a role's name and access levels. A mistake, or a
// change someone saved after the form was read, shows the form again with
// what was chosen.
func (s *Server) updateRole(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	role, shown := parseRoleForm(r)
	role.ID = id
	err := s.CRM.SaveRole(r.Context(), sess, role)
	var fe crm.FieldErrors
	stale := errors.Is(err, crm.ErrStale)
	if !stale && !errors.As(err, &fe) {
		if err != nil {
			s.serviceError(w, r, err)
			return
		}
		flash(w, "Role "+role.Name+" was saved.")
		http.Redirect(w, r, "/system/roles/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
		return
	}
	saved, err := s.CRM.Role(r.Context(), sess, id)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	role.Builtin = saved.Builtin
	status := http.StatusUnprocessableEntity
	if stale {
		status, fe = http.StatusConflict, crm.FieldErrors{"version": staleNotice("role", "it is now named "+saved.Name)}
		shown.Set("version", versionValue(saved.UpdatedAt))
	}
	s.renderRoleForm(w, r, status, role, shown, fe)
}
