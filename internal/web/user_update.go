package web

import (
	"errors"
	"net/http"
	"strconv"

	"magecrm/internal/crm"
)

func (s *Server) updateUser(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	in, shown := parseUserForm(r)
	u, err := s.CRM.UpdateUser(r.Context(), sess, id, in)
	var fe crm.FieldErrors
	if errors.As(err, &fe) {
		saved, err := s.CRM.User(r.Context(), sess, id)
		if err != nil {
			s.serviceError(w, r, err)
			return
		}
		s.renderUserEdit(w, r, http.StatusUnprocessableEntity, saved, shown, in.RoleIDs, fe)
		return
	}
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	flash(w, "User "+u.Username+" was saved.")
	http.Redirect(w, r, "/system/users/"+strconv.FormatInt(u.ID, 10), http.StatusSeeOther)
}
