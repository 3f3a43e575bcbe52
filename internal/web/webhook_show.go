package web

import (
	"net/http"

	"magecrm/internal/model"
)

// webhookPage is one webhook: its events, a notice when it is paused, its
// secret right after it was made or replaced (once) and its delivery log.
type webhookPage struct {
	Webhook    *model.Webhook
	Secret     string
	Deliveries []model.WebhookDelivery
}

// showWebhook shows a webhook; the first time after this session made or
// replaced its secret, with the secret.
func (s *Server) showWebhook(w http.ResponseWriter, r *http.Request) {
	ctx, sess, id := r.Context(), sessionOf(r), tokenID(r)
	hook, err := s.CRM.Webhook(ctx, sess, id)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	dl, err := s.CRM.WebhookDeliveries(ctx, sess, id, 100)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	secret, err := s.CRM.TakeWebhookSecret(ctx, sess, id)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "webhook_show", &view{Title: "Webhook " + hook.URL, Data: &webhookPage{Webhook: hook, Secret: secret, Deliveries: dl}})
}
