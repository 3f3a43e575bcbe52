package web

import (
	"errors"
	"net/http"

	"magecrm/internal/crm"
)

// createActivity adds a note, call, task or event from the full form or a
// quick-add form; on a mistake the full form shows again with what was typed.
func (s *Server) createActivity(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	in, shown := parseActivityForm(r)
	a, err := s.CRM.CreateActivity(r.Context(), sess, in)
	var fe crm.FieldErrors
	if errors.As(err, &fe) {
		f, ferr := s.CRM.NewActivityForm(r.Context(), sess, in.Kind, in.Targets[0].Entity, in.Targets[0].EntityID)
		if ferr != nil {
			s.serviceError(w, r, ferr)
			return
		}
		page := &activityFormPage{Kind: in.Kind, Record: f.Record, Owners: f.Owners, Users: f.Users,
			Back: safeNext(r.PostForm.Get("next"), f.Record.Href())}
		s.renderActivityForm(w, r, http.StatusUnprocessableEntity, page, shown, fe)
		return
	}
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	flash(w, a.Kind.Label()+" “"+a.Title()+"” was added.")
	http.Redirect(w, r, safeNext(r.PostForm.Get("next"), a.Targets[0].Href())+"#timeline", http.StatusSeeOther)
}
