package web

import (
	"errors"
	"net/http"
	"strconv"

	"magecrm/internal/crm"
)

// createAPIToken makes a personal access token and shows it once.
func (s *Server) createAPIToken(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	days, err := strconv.Atoi(r.PostForm.Get("expires_in_days"))
	if err != nil {
		days = -1
	}
	in := crm.APITokenInput{Name: r.PostForm.Get("name"), ExpiresInDays: days, ReadOnly: r.PostForm.Get("access") != "read_write"}
	_, token, err := s.CRM.CreateAPIToken(r.Context(), sessionOf(r), in)
	var fe crm.FieldErrors
	switch {
	case errors.As(err, &fe):
		s.renderProfile(w, r, http.StatusUnprocessableEntity, r.PostForm, fe, "")
	case err != nil:
		s.serviceError(w, r, err)
	default:
		s.renderProfile(w, r, http.StatusCreated, nil, nil, token)
	}
}
