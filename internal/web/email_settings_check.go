package web

import (
	"errors"
	"net/http"

	"magecrm/internal/crm"
)

// checkEmailSettings sends a test message with the saved settings and
// shows what happened.
func (s *Server) checkEmailSettings(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	to := r.PostForm.Get("test_to")
	err := s.CRM.TestEmailSettings(r.Context(), sessionOf(r), to)
	var fe crm.FieldErrors
	var refusal crm.Refusal
	p := &emailSettingsPage{Result: "The test message was sent to " + to + ". Check that it arrived."}
	switch {
	case errors.As(err, &fe):
		p = &emailSettingsPage{}
	case errors.As(err, &refusal):
		p.Result, p.Failed = err.Error(), true
	case err != nil:
		s.serviceError(w, r, err)
		return
	}
	status := http.StatusOK
	if err != nil {
		status = http.StatusUnprocessableEntity
	}
	s.renderEmailSettings(w, r, status, nil, fe, p)
}
