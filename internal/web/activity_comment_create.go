package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"magecrm/internal/crm"
)

// createActivityComment adds a comment; an empty one shows the page again with the message.
func (s *Server) createActivityComment(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	r.ParseForm()
	body := r.PostForm.Get("comment")
	_, err := s.CRM.AddActivityComment(r.Context(), sessionOf(r), id, body)
	var fe crm.FieldErrors
	if errors.As(err, &fe) {
		s.renderActivity(w, r, http.StatusUnprocessableEntity, url.Values{"comment": {body}}, fe)
		return
	}
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	flash(w, "Your comment was added.")
	http.Redirect(w, r, "/activities/"+strconv.FormatInt(id, 10)+"#comments", http.StatusSeeOther)
}
