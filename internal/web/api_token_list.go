package web

import (
	"net/http"
	"time"

	"magecrm/internal/model"
)

// apiTokenList is the administrators' list of every user's tokens.
type apiTokenList struct {
	Tokens []model.APIToken
	Now    time.Time
}

func (s *Server) showAPITokenList(w http.ResponseWriter, r *http.Request) {
	tokens, err := s.CRM.AllAPITokens(r.Context(), sessionOf(r))
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "api_token_list", &view{Title: "API tokens", Data: &apiTokenList{Tokens: tokens, Now: s.CRM.Now()}})
}
