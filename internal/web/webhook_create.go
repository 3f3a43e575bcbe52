package web

import (
	"errors"
	"net/http"

	"magecrm/internal/crm"
)

// createWebhook subscribes a URL to events and shows its secret once.
func (s *Server) createWebhook(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	in := crm.WebhookInput{URL: r.PostForm.Get("url"), Events: r.PostForm["events"], Description: r.PostForm.Get("description")}
	hook, secret, err := s.CRM.CreateWebhook(r.Context(), sessionOf(r), in)
	var fe crm.FieldErrors
	switch {
	case errors.As(err, &fe):
		s.renderWebhookList(w, r, http.StatusUnprocessableEntity, r.PostForm, fe)
	case err != nil:
		s.serviceError(w, r, err)
	default:
		s.renderWebhook(w, r, http.StatusCreated, hook.ID, secret)
	}
}
