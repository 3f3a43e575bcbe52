package web

import (
	"net/http"
	"strconv"
)

func (s *Server) showContactEdit(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	c, err := s.CRM.Contact(r.Context(), sessionOf(r), id)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	s.renderContactForm(w, r, http.StatusOK, c, contactFormValues(c), nil, "")
}
