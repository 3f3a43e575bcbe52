package web

import (
	"net/http"
	"strconv"
)

// deleteActivity removes an activity and goes back to the first record it was about.
func (s *Server) deleteActivity(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	a, err := s.CRM.DeleteActivity(r.Context(), sessionOf(r), id)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	flash(w, a.Kind.Label()+" “"+a.Title()+"” was deleted.")
	back := "/"
	if len(a.Targets) > 0 {
		back = a.Targets[0].Href() + "#timeline"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}
