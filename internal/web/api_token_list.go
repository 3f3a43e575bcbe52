package web

import (
	"net/http"
	"time"

	"magecrm/internal/model"
)

// apiTokenList is the administrators' list of every user's tokens.
type apiTokenList struct {
	Tokens tokenTable
}

// tokenTable is a table of API tokens: a user's own on the profile page,
// everyone's on the administrators' list.
type tokenTable struct {
	Tokens []model.APIToken
	Now    time.Time
	// ShowUser adds the column naming each token's user.
	ShowUser bool
	// RevokeAction is the path under which a token's revoke form posts.
	RevokeAction string
	// Empty is what the table says when there are no tokens.
	Empty string
}

func (s *Server) showAPITokenList(w http.ResponseWriter, r *http.Request) {
	tokens, err := s.CRM.AllAPITokens(r.Context(), sessionOf(r))
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "api_token_list", &view{Title: "API tokens", Data: &apiTokenList{Tokens: tokenTable{
		Tokens: tokens, Now: s.CRM.Now(), ShowUser: true, RevokeAction: "/system/api-tokens", Empty: "No user has an API token.",
	}}})
}
