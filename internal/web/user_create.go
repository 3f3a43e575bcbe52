package web

import (
	"errors"
	"net/http"
	"strconv"

	"magecrm/internal/crm"
)

func (s *Server) createUser(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	in, shown := parseUserForm(r)
	u, err := s.CRM.CreateUser(r.Context(), sess, in)
	var fe crm.FieldErrors
	if errors.As(err, &fe) {
		f := &userForm{RoleIDs: in.RoleIDs}
		if err := s.userChoices(r.Context(), sess, f); err != nil {
			s.serviceError(w, r, err)
			return
		}
		s.render(w, r, http.StatusUnprocessableEntity, "user_form", &view{Title: "New user", Form: shown, Errors: fe, Data: f})
		return
	}
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	flash(w, "User "+u.Username+" was created.")
	http.Redirect(w, r, "/system/users/"+strconv.FormatInt(u.ID, 10), http.StatusSeeOther)
}
