package web

import (
	"errors"
	"net/http"
	"strconv"

	"magecrm/internal/crm"
)

// updateWebhook saves the edit form. A mistake, or a change someone made
// meanwhile, shows the form again with what was typed.
func (s *Server) updateWebhook(w http.ResponseWriter, r *http.Request) {
	ctx, sess, id := r.Context(), sessionOf(r), tokenID(r)
	r.ParseForm()
	_, err := s.CRM.UpdateWebhook(ctx, sess, id, webhookForm(r))
	var fe crm.FieldErrors
	switch {
	case errors.As(err, &fe) || errors.Is(err, crm.ErrStale):
		hook, lerr := s.CRM.Webhook(ctx, sess, id)
		if lerr != nil {
			s.serviceError(w, r, lerr)
			return
		}
		status := http.StatusUnprocessableEntity
		if fe == nil {
			// Saving again overwrites the other change, knowingly.
			status, fe = http.StatusConflict, crm.FieldErrors{"version": "Someone changed this webhook while you were editing it (" +
				hook.URL + "). Check the fields below, then save again to replace their change with yours."}
			r.PostForm.Set("version", strconv.FormatInt(hook.UpdatedAt.UnixMilli(), 10))
		}
		s.renderWebhookEdit(w, r, status, hook, r.PostForm, fe)
	case err != nil:
		s.serviceError(w, r, err)
	default:
		flash(w, "The webhook was saved.")
		http.Redirect(w, r, "/system/webhooks/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	}
}
