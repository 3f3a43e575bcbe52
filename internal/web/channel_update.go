package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"magecrm/internal/crm"
)

// updateChannel saves a channel's settings (blank secrets keep the stored
// ones), or with action=check tries the connection as typed. A mistake, or
// a change someone saved after the form was read, shows the form again
// with what was typed but the secrets, which are never shown again.
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
	switch {
	case errors.Is(err, crm.ErrStale):
		s.showChannelSavedMeanwhile(w, r, id, shown)
	case errors.As(err, &fe):
		s.renderChannelForm(w, r, http.StatusUnprocessableEntity, stored, shown, fe, nil)
	case err != nil:
		s.serviceError(w, r, err)
	default:
		flash(w, "Channel "+ch.Name+" was saved.")
		http.Redirect(w, r, "/channels/"+strconv.FormatInt(ch.ID, 10), http.StatusSeeOther)
	}
}

// showChannelSavedMeanwhile shows the channel form again after a save made
// on an older version, with the channel's new version.
func (s *Server) showChannelSavedMeanwhile(w http.ResponseWriter, r *http.Request, id int64, shown url.Values) {
	now, err := s.CRM.Channel(r.Context(), sessionOf(r), id)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	notice := staleNotice("channel", nowSaved(now.Name, now.UpdatedAt)) + " Secrets you typed are not shown again: type them again if you changed them."
	shown.Set("version", versionValue(now.UpdatedAt))
	s.renderChannelForm(w, r, http.StatusConflict, now, shown, crm.FieldErrors{"version": notice}, nil)
}
