package web

import (
	"errors"
	"net/http"
	"strconv"

	"magecrm/internal/crm"
)

// createWebhook subscribes a URL to events and sends the browser to the
// webhook's page, which shows the secret once (a reload makes no second
// webhook and shows the secret no more).
func (s *Server) createWebhook(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	hook, _, err := s.CRM.CreateWebhook(r.Context(), sessionOf(r), webhookForm(r))
	var fe crm.FieldErrors
	switch {
	case errors.As(err, &fe):
		s.renderWebhookList(w, r, http.StatusUnprocessableEntity, r.PostForm, fe)
	case err != nil:
		s.serviceError(w, r, err)
	default:
		flash(w, "The webhook was created.")
		http.Redirect(w, r, "/system/webhooks/"+strconv.FormatInt(hook.ID, 10), http.StatusSeeOther)
	}
}

// webhookForm reads the webhook form: URL, events, description and, on
// an edit, the version it was made on.
func webhookForm(r *http.Request) crm.WebhookInput {
	in := crm.WebhookInput{URL: r.PostForm.Get("url"), Events: r.PostForm["events"], Description: r.PostForm.Get("description")}
	in.Version = formVersion(r)
	return in
}
