package web

import (
	"net/http"
	"strconv"
)

func (s *Server) deleteContact(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	if err := s.CRM.DeleteContact(r.Context(), sessionOf(r), id); err != nil {
		s.serviceError(w, r, err)
		return
	}
	flash(w, "The contact was deleted. Customers linked to it keep their data, without the link.")
	http.Redirect(w, r, "/contacts", http.StatusSeeOther)
}
