package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"magecrm/internal/crm"
)

// updateActivity saves the edit form. A mistake, or a change someone saved
// after the form was read, shows the form again with what was typed.
func (s *Server) updateActivity(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	in, shown := parseActivityForm(r)
	a, err := s.CRM.UpdateActivity(r.Context(), sess, id, in)
	var fe crm.FieldErrors
	stale := errors.Is(err, crm.ErrStale)
	if !stale && !errors.As(err, &fe) {
		if err != nil {
			s.serviceError(w, r, err)
			return
		}
		flash(w, a.Kind.Label()+" “"+a.Title()+"” was saved.")
		http.Redirect(w, r, "/activities/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
		return
	}
	old, owners, users, ferr := s.CRM.ActivityFormChoices(r.Context(), sess, id)
	if ferr != nil {
		s.serviceError(w, r, ferr)
		return
	}
	status := http.StatusUnprocessableEntity
	if stale {
		status, fe = http.StatusConflict, crm.FieldErrors{"version": staleNotice(strings.ToLower(old.Kind.Label()), nowSaved("“"+old.Title()+"”", old.UpdatedAt))}
		shown.Set("version", versionValue(old.UpdatedAt))
	}
	page := &activityFormPage{Kind: old.Kind, Activity: old, Owners: owners, Users: users, Back: "/activities/" + strconv.FormatInt(id, 10)}
	s.renderActivityForm(w, r, status, page, shown, fe)
}
