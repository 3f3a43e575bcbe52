package web

import (
	"net/http"
	"strings"
)

// revokeAPIToken revokes a token from the profile page (one's own) or
// from the administrators' list (anyone's), and goes back there.
func (s *Server) revokeAPIToken(w http.ResponseWriter, r *http.Request) {
	if err := s.CRM.RevokeAPIToken(r.Context(), sessionOf(r), tokenID(r)); err != nil {
		s.serviceError(w, r, err)
		return
	}
	flash(w, "The token was revoked: requests signed with it are refused from now on.")
	back := "/profile"
	if strings.HasPrefix(r.URL.Path, "/system/") {
		back = "/system/api-tokens"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}
