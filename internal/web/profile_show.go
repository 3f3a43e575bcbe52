package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"magecrm/internal/crm"
)

// profilePage is the signed-in user's own page: their personal access
// tokens, and a new token's text the one time it is shown.
type profilePage struct {
	Tokens   tokenTable
	Expiries []expiryChoice
	NewToken string
	IsAdmin  bool
}

// expiryChoice is one option of the token lifetime select.
type expiryChoice struct {
	Days  int
	Label string
}

func expiryChoices() []expiryChoice {
	var out []expiryChoice
	for _, d := range crm.APITokenExpiries {
		label := fmt.Sprintf("%d days", d)
		switch d {
		case 0:
			label = "No expiry"
		case 365:
			label = "1 year"
		}
		out = append(out, expiryChoice{Days: d, Label: label})
	}
	return out
}

func (s *Server) showProfile(w http.ResponseWriter, r *http.Request) {
	s.renderProfile(w, r, http.StatusOK, url.Values{"expires_in_days": {"90"}}, nil, "")
}

// renderProfile shows the profile page with a form's values and errors,
// and newToken (only right after it was made).
func (s *Server) renderProfile(w http.ResponseWriter, r *http.Request, status int, form url.Values, fe crm.FieldErrors, newToken string) {
	sess := sessionOf(r)
	tokens, err := s.CRM.APITokens(r.Context(), sess)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	// A page holding a token must not be kept by the browser or a proxy.
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "profile", &view{Title: "Your profile", Form: form, Errors: fe, Data: &profilePage{
		Tokens:   tokenTable{Tokens: tokens, Now: s.CRM.Now(), RevokeAction: "/profile/tokens", Empty: "You have no API tokens yet."},
		Expiries: expiryChoices(), NewToken: newToken, IsAdmin: crm.IsAdministrator(sess),
	}})
}

// tokenID reads the {id} of a token route; 0 (not found) when malformed.
func tokenID(r *http.Request) int64 {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id
}
