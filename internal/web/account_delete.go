package web

import (
	"net/http"
	"strconv"
)

func (s *Server) deleteAccount(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	if err := s.CRM.DeleteAccount(r.Context(), sessionOf(r), id); err != nil {
		s.serviceError(w, r, err)
		return
	}
	flash(w, "The account was deleted. Its contacts and customers stay, without the link.")
	http.Redirect(w, r, "/accounts", http.StatusSeeOther)
}
