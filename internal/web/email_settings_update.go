package web

import (
	"errors"
	"net/http"
	"net/url"

	"magecrm/internal/crm"
)

// updateEmailSettings saves the mail server; the password field, never
// shown, keeps the saved password when left empty.
func (s *Server) updateEmailSettings(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	f := r.PostForm
	in := crm.EmailSettingsInput{Host: f.Get("host"), Port: f.Get("port"), Security: f.Get("security"), Username: f.Get("username"),
		Password: f.Get("password"), FromAddress: f.Get("from_address"), FromName: f.Get("from_name"),
		ClearPassword: f.Get("clear_password") != ""}
	err := s.CRM.SaveEmailSettings(r.Context(), sessionOf(r), in)
	var fe crm.FieldErrors
	if errors.As(err, &fe) {
		shown := url.Values{}
		for _, k := range []string{"host", "port", "security", "username", "from_address", "from_name", "test_to"} {
			shown.Set(k, f.Get(k))
		}
		s.renderEmailSettings(w, r, http.StatusUnprocessableEntity, shown, fe, &emailSettingsPage{})
		return
	}
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	flash(w, "The email settings were saved. Send a test message to check them.")
	http.Redirect(w, r, "/system/email", http.StatusSeeOther)
}
