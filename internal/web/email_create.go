package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"magecrm/internal/crm"
	"magecrm/internal/model"
)

// createEmail takes a written email: it is saved at once and sent by the
// outbox; on a mistake the form shows again with what was typed.
func (s *Server) createEmail(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	r.ParseForm()
	f := r.PostForm
	in := crm.EmailInput{To: f.Get("to"), Subject: f.Get("subject"), Body: f.Get("body")}
	if id, _ := strconv.ParseInt(f.Get("entity_id"), 10, 64); id != 0 {
		in.Targets = append(in.Targets, model.ActivityTarget{Entity: f.Get("entity"), EntityID: id})
	}
	a, err := s.CRM.SendEmail(r.Context(), sess, in)
	var fe crm.FieldErrors
	if errors.As(err, &fe) {
		form, ferr := s.CRM.NewActivityForm(r.Context(), sess, model.KindEmail, in.Targets[0].Entity, in.Targets[0].EntityID)
		if ferr != nil {
			s.serviceError(w, r, ferr)
			return
		}
		page := &activityFormPage{Kind: model.KindEmail, Record: form.Record, Back: safeNext(f.Get("next"), form.Record.Href())}
		s.renderActivityForm(w, r, http.StatusUnprocessableEntity, page, url.Values{"to": {in.To}, "subject": {in.Subject}, "body": {in.Body}}, fe)
		return
	}
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	flash(w, "The email “"+a.Subject+"” to "+a.EmailTo+" is on its way; its state shows in the timeline.")
	http.Redirect(w, r, safeNext(f.Get("next"), a.Targets[0].Href())+"#timeline", http.StatusSeeOther)
}
