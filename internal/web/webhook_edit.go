package web

import (
	"net/http"
	"net/url"
	"strconv"

	"magecrm/internal/crm"
	"magecrm/internal/model"
)

// webhookEdit is the form that changes a webhook in place.
type webhookEdit struct {
	Webhook *model.Webhook
	Events  []struct{ Name, Label string }
	Chosen  map[string]bool // the events ticked in the form
}

func (s *Server) showWebhookEdit(w http.ResponseWriter, r *http.Request) {
	hook, err := s.CRM.Webhook(r.Context(), sessionOf(r), tokenID(r))
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	form := url.Values{"url": {hook.URL}, "events": hook.Events, "description": {hook.Description},
		"version": {strconv.FormatInt(hook.UpdatedAt.UnixMilli(), 10)}}
	s.renderWebhookEdit(w, r, http.StatusOK, hook, form, nil)
}

// renderWebhookEdit shows the edit form with what was typed and what is wrong.
func (s *Server) renderWebhookEdit(w http.ResponseWriter, r *http.Request, status int, hook *model.Webhook, form url.Values, fe crm.FieldErrors) {
	chosen := map[string]bool{}
	for _, e := range form["events"] {
		chosen[e] = true
	}
	s.render(w, r, status, "webhook_edit", &view{Title: "Edit webhook", Form: form, Errors: fe,
		Data: &webhookEdit{Webhook: hook, Events: model.WebhookEvents, Chosen: chosen}})
}
