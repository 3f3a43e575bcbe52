package web

import "net/http"

// deleteWebhook removes a webhook with its delivery log.
func (s *Server) deleteWebhook(w http.ResponseWriter, r *http.Request) {
	if err := s.CRM.DeleteWebhook(r.Context(), sessionOf(r), tokenID(r)); err != nil {
		s.serviceError(w, r, err)
		return
	}
	flash(w, "The webhook was deleted; nothing more is sent to it.")
	http.Redirect(w, r, "/system/webhooks", http.StatusSeeOther)
}
