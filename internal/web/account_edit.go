package web

import (
	"net/http"
	"strconv"
)

func (s *Server) showAccountEdit(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	a, err := s.CRM.Account(r.Context(), sessionOf(r), id)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	s.renderAccountForm(w, r, http.StatusOK, a, accountFormValues(a), nil)
}
