package web

import (
	"net/http"

	"magecrm/internal/model"
)

// webhookPage is one webhook: its events, a notice when it is paused, its
// secret right after it was made (never later) and its delivery log.
type webhookPage struct {
	Webhook    *model.Webhook
	Secret     string
	Deliveries []model.WebhookDelivery
}

func (s *Server) showWebhook(w http.ResponseWriter, r *http.Request) {
	s.renderWebhook(w, r, http.StatusOK, tokenID(r), "")
}

func (s *Server) renderWebhook(w http.ResponseWriter, r *http.Request, status int, id int64, secret string) {
	ctx, sess := r.Context(), sessionOf(r)
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
	s.render(w, r, status, "webhook_show", &view{Title: "Webhook " + hook.URL, Data: &webhookPage{Webhook: hook, Secret: secret, Deliveries: dl}})
}
