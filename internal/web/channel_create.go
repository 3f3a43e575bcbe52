package web

import (
	"errors"
	"net/http"
	"strconv"

	"magecrm/internal/crm"
)

// createChannel saves a new channel, or with action=check tries the
// typed connection and shows the form again with the result.
func (s *Server) createChannel(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	in, shown := parseChannelForm(r)
	if r.PostForm.Get("action") == "check" {
		chk, err := s.CRM.CheckChannelInput(r.Context(), sess, 0, in)
		s.answerFormCheck(w, r, nil, shown, chk, err)
		return
	}
	ch, err := s.CRM.CreateChannel(r.Context(), sess, in)
	var fe crm.FieldErrors
	if errors.As(err, &fe) {
		s.renderChannelForm(w, r, http.StatusUnprocessableEntity, nil, shown, fe, nil)
		return
	}
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	flash(w, "Channel "+ch.Name+" was created. Check its connection, then sync it.")
	http.Redirect(w, r, "/channels/"+strconv.FormatInt(ch.ID, 10), http.StatusSeeOther)
}
