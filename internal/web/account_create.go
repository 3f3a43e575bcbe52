package web

import (
	"errors"
	"net/http"
	"strconv"

	"magecrm/internal/crm"
)

func (s *Server) createAccount(w http.ResponseWriter, r *http.Request) {
	in, shown := parseAccountForm(r)
	a, err := s.CRM.SaveAccount(r.Context(), sessionOf(r), 0, in)
	var fe crm.FieldErrors
	if errors.As(err, &fe) {
		s.renderAccountForm(w, r, http.StatusUnprocessableEntity, nil, shown, fe)
		return
	}
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	flash(w, "Account "+a.Name+" was saved.")
	http.Redirect(w, r, "/accounts/"+strconv.FormatInt(a.ID, 10), http.StatusSeeOther)
}
