package web

import (
	"errors"
	"net/http"
	"strconv"

	"magecrm/internal/crm"
)

// updateActivity saves the edit form; on a mistake it shows again with what was typed.
func (s *Server) updateActivity(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	in, shown := parseActivityForm(r)
	a, err := s.CRM.UpdateActivity(r.Context(), sess, id, in)
	var fe crm.FieldErrors
	if errors.As(err, &fe) {
		old, owners, users, ferr := s.CRM.ActivityFormChoices(r.Context(), sess, id)
		if ferr != nil {
			s.serviceError(w, r, ferr)
			return
		}
		page := &activityFormPage{Kind: old.Kind, Activity: old, Owners: owners, Users: users, Back: "/activities/" + strconv.FormatInt(id, 10)}
		s.renderActivityForm(w, r, http.StatusUnprocessableEntity, page, shown, fe)
		return
	}
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	flash(w, a.Kind.Label()+" “"+a.Title()+"” was saved.")
	http.Redirect(w, r, "/activities/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
