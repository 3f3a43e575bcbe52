package web

import (
	"net/http"
	"strconv"
)

// replaceWebhookSecret gives the webhook a new secret and sends the
// browser to its page, which shows it once.
func (s *Server) replaceWebhookSecret(w http.ResponseWriter, r *http.Request) {
	id := tokenID(r)
	if _, err := s.CRM.ReplaceWebhookSecret(r.Context(), sessionOf(r), id); err != nil {
		s.serviceError(w, r, err)
		return
	}
	flash(w, "The webhook has a new signing secret; the old one signs nothing more.")
	http.Redirect(w, r, "/system/webhooks/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
