package web

import (
	"net/http"
	"strconv"
)

// retryEmail sends a failed email again.
func (s *Server) retryEmail(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	if _, err := s.CRM.RetryEmail(r.Context(), sessionOf(r), id); err != nil {
		s.serviceError(w, r, err)
		return
	}
	flash(w, "The email is being sent again; its state shows here.")
	http.Redirect(w, r, "/activities/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
