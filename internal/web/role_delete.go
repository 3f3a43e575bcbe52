package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"magecrm/internal/crm"
)

// deleteRole removes a role nobody holds; a built-in role or one still
// given to users stays, and its page says why.
func (s *Server) deleteRole(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	role, err := s.CRM.Role(r.Context(), sess, id)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	err = s.CRM.DeleteRole(r.Context(), sess, id)
	var refusal crm.Refusal
	if errors.As(err, &refusal) {
		s.renderRoleForm(w, r, http.StatusConflict, role, url.Values{"name": {role.Name}}, crm.FieldErrors{"form": "Not deleted: " + refusal.Error() + "."})
		return
	}
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	flash(w, "Role "+role.Name+" was deleted.")
	http.Redirect(w, r, "/system/roles", http.StatusSeeOther)
}
