package web

import (
	"net/http"
	"strconv"
)

// deleteActivityComment removes a comment.
func (s *Server) deleteActivityComment(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)       // 0 when malformed: 404
	cid, _ := strconv.ParseInt(r.PathValue("comment"), 10, 64) // 0 when malformed: 404
	if err := s.CRM.DeleteActivityComment(r.Context(), sessionOf(r), id, cid); err != nil {
		s.serviceError(w, r, err)
		return
	}
	flash(w, "The comment was deleted.")
	http.Redirect(w, r, "/activities/"+strconv.FormatInt(id, 10)+"#comments", http.StatusSeeOther)
}
