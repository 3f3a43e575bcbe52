package web

import (
	"net/http"
	"net/url"
	"strconv"

	"magecrm/internal/crm"
)

// emailSettingsPage is System → Email settings.
type emailSettingsPage struct {
	PasswordSet bool
	// Result is the outcome of the test button, when pressed.
	Result string
	Failed bool
}

func (s *Server) showEmailSettings(w http.ResponseWriter, r *http.Request) {
	s.renderEmailSettings(w, r, http.StatusOK, nil, nil, &emailSettingsPage{})
}

// renderEmailSettings shows the settings: form keeps what was typed after
// a mistake (nil: the saved settings).
func (s *Server) renderEmailSettings(w http.ResponseWriter, r *http.Request, status int, form url.Values, fe crm.FieldErrors, p *emailSettingsPage) {
	e, passwordSet, err := s.CRM.EmailSettings(r.Context(), sessionOf(r))
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	p.PasswordSet = passwordSet
	if form == nil {
		form = url.Values{"host": {e.Host}, "port": {strconv.Itoa(e.Port)}, "security": {e.Security}, "username": {e.Username},
			"from_address": {e.FromAddress}, "from_name": {e.FromName}, "test_to": {sessionOf(r).User.Email}}
	}
	s.render(w, r, status, "email_settings", &view{Title: "Email settings", Form: form, Errors: fe, Data: p})
}
