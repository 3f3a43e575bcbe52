package web

import (
	"net/http"
	"strconv"

	"magecrm/internal/model"
)

// setTaskStatus marks a task open, in progress or done.
func (s *Server) setTaskStatus(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	r.ParseForm()
	a, err := s.CRM.SetTaskStatus(r.Context(), sessionOf(r), id, r.PostForm.Get("status"))
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	flash(w, "Task “"+a.Title()+"” is now "+model.StatusLabel(a.Status)+".")
	http.Redirect(w, r, safeNext(r.PostForm.Get("next"), "/activities/"+strconv.FormatInt(id, 10)), http.StatusSeeOther)
}
