package web

import (
	"net/http"
	"strconv"
)

// resumeWebhook makes a paused webhook deliver again.
func (s *Server) resumeWebhook(w http.ResponseWriter, r *http.Request) {
	id := tokenID(r)
	if err := s.CRM.ResumeWebhook(r.Context(), sessionOf(r), id); err != nil {
		s.serviceError(w, r, err)
		return
	}
	flash(w, "The webhook was resumed: held and failed deliveries are sent again.")
	http.Redirect(w, r, "/system/webhooks/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
