package web

import (
	"net/http"
	"strconv"
)

// pauseWebhook stops deliveries until the webhook is resumed; new events
// are held meanwhile.
func (s *Server) pauseWebhook(w http.ResponseWriter, r *http.Request) {
	id := tokenID(r)
	if err := s.CRM.PauseWebhook(r.Context(), sessionOf(r), id); err != nil {
		s.serviceError(w, r, err)
		return
	}
	flash(w, "The webhook was paused: new events are held until you resume it.")
	http.Redirect(w, r, "/system/webhooks/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
