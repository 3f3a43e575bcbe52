package web

import (
	"net/http"
	"net/url"

	"magecrm/internal/crm"
	"magecrm/internal/model"
)

// webhookList is System → Webhooks: every webhook and the form for a new one.
type webhookList struct {
	Webhooks []model.Webhook
	Events   []struct{ Name, Label string }
	// Chosen are the events ticked in the form; Attempts is how many
	// failed attempts pause a webhook.
	Chosen   map[string]bool
	Attempts int
}

func (s *Server) showWebhookList(w http.ResponseWriter, r *http.Request) {
	s.renderWebhookList(w, r, http.StatusOK, nil, nil)
}

// renderWebhookList shows the list; form keeps what was typed after a mistake.
func (s *Server) renderWebhookList(w http.ResponseWriter, r *http.Request, status int, form url.Values, fe crm.FieldErrors) {
	hooks, err := s.CRM.Webhooks(r.Context(), sessionOf(r))
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	chosen := map[string]bool{}
	for _, e := range form["events"] {
		chosen[e] = true
	}
	s.render(w, r, status, "webhook_list", &view{Title: "Webhooks", Form: form, Errors: fe,
		Data: &webhookList{Webhooks: hooks, Events: model.WebhookEvents, Chosen: chosen, Attempts: crm.WebhookMaxAttempts}})
}
