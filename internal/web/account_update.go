package web

import (
	"errors"
	"net/http"
	"strconv"

	"magecrm/internal/crm"
)

// updateAccount saves the account form. A mistake, or a change someone
// saved after the form was read, shows the form again with what was typed.
func (s *Server) updateAccount(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	in, shown := parseAccountForm(r)
	a, err := s.CRM.SaveAccount(r.Context(), sess, id, in)
	var fe crm.FieldErrors
	stale := errors.Is(err, crm.ErrStale)
	if !stale && !errors.As(err, &fe) {
		if err != nil {
			s.serviceError(w, r, err)
			return
		}
		flash(w, "Account "+a.Name+" was saved.")
		http.Redirect(w, r, "/accounts/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
		return
	}
	old, err := s.CRM.Account(r.Context(), sess, id)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	status := http.StatusUnprocessableEntity
	if stale {
		status, fe = http.StatusConflict, crm.FieldErrors{"version": staleNotice("account", nowSaved(old.Name, old.UpdatedAt))}
		shown.Set("version", versionValue(old.UpdatedAt))
	}
	s.renderAccountForm(w, r, status, old, shown, fe)
}
