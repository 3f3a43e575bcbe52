package web

import (
	"errors"
	"net/http"
	"strconv"

	"magecrm/internal/crm"
)

// updateChannel saves a channel's settings (blank secrets keep the stored
// ones), or with action=check tries the connection as typed.
func (s *Server) updateChannel(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	in, shown := parseChannelForm(r)
	stored, err := s.CRM.Channel(r.Context(), sess, id)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	if r.PostForm.Get("action") == "check" {
		chk, err := s.CRM.CheckChannelInput(r.Context(), sess, id, in)
		s.answerFormCheck(w, r, stored, shown, chk, err)
		return
	}
	ch, err := s.CRM.UpdateChannel(r.Context(), sess, id, in)
	var fe crm.FieldErrors
	if errors.As(err, &fe) {
		s.renderChannelForm(w, r, http.StatusUnprocessableEntity, stored, shown, fe, nil)
		return
	}
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	flash(w, "Channel "+ch.Name+" was saved.")
	http.Redirect(w, r, "/channels/"+strconv.FormatInt(ch.ID, 10), http.StatusSeeOther)
}
