package web

import (
	"errors"
	"net/http"
	"strconv"

	"magecrm/internal/crm"
)

// resetUserPassword sets a new password for a user; their sessions end.
func (s *Server) resetUserPassword(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	r.ParseForm()
	err := s.CRM.ResetPassword(r.Context(), sess, id, r.PostForm.Get("password"))
	var fe crm.FieldErrors
	if errors.As(err, &fe) {
		u, err := s.CRM.User(r.Context(), sess, id)
		if err != nil {
			s.serviceError(w, r, err)
			return
		}
		form, roleIDs := userFormValues(u)
		s.renderUserEdit(w, r, http.StatusUnprocessableEntity, u, form, roleIDs, fe)
		return
	}
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	msg := "The password was changed. The user's open sessions have ended."
	if id == sess.User.ID {
		msg = "Your password was changed. Sign in with the new password."
	}
	flash(w, msg)
	http.Redirect(w, r, "/system/users/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
