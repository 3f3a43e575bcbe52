package web

import (
	"net/http"
	"strconv"
)

// setChannelEnabled switches a channel's sync on (enabled=on) or off.
func (s *Server) setChannelEnabled(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	on := r.PostFormValue("enabled") == "on"
	ch, err := s.CRM.SetChannelEnabled(r.Context(), sessionOf(r), id, on)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	if on {
		flash(w, "Channel "+ch.Name+" is enabled: it syncs every "+intervalText(ch.SyncInterval)+".")
	} else {
		flash(w, "Channel "+ch.Name+" is disabled: it does not sync until it is enabled again.")
	}
	http.Redirect(w, r, "/channels/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
