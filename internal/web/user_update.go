package web

import (
	"errors"
	"net/http"
	"strconv"

	"magecrm/internal/crm"
)

// updateUser saves the user form. A mistake, or a change someone saved
// after the form was read, shows the form again with what was typed.
func (s *Server) updateUser(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	in, shown := parseUserForm(r)
	u, err := s.CRM.UpdateUser(r.Context(), sess, id, in)
	var fe crm.FieldErrors
	stale := errors.Is(err, crm.ErrStale)
	if !stale && !errors.As(err, &fe) {
		if err != nil {
			s.serviceError(w, r, err)
			return
		}
		flash(w, "User "+u.Username+" was saved.")
		http.Redirect(w, r, "/system/users/"+strconv.FormatInt(u.ID, 10), http.StatusSeeOther)
		return
	}
	saved, err := s.CRM.User(r.Context(), sess, id)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	status := http.StatusUnprocessableEntity
	if stale {
		status, fe = http.StatusConflict, crm.FieldErrors{"version": staleNotice("user", nowSaved(saved.Username+" ("+saved.Email+")", saved.UpdatedAt))}
		shown.Set("version", versionValue(saved.UpdatedAt))
	}
	s.renderUserEdit(w, r, status, saved, shown, in.RoleIDs, fe)
}
