package web

import (
	"net/http"
	"net/url"
	"strconv"

	"magecrm/internal/crm"
)

// activityPage is an activity's own page: its fields, records and comments.
type activityPage struct {
	*crm.ActivityDetails
	UserID int64
}

func (s *Server) showActivity(w http.ResponseWriter, r *http.Request) {
	s.renderActivity(w, r, http.StatusOK, nil, nil)
}

// renderActivity shows the activity's page; form and fe keep a comment
// that could not be saved.
func (s *Server) renderActivity(w http.ResponseWriter, r *http.Request, status int, form url.Values, fe crm.FieldErrors) {
	sess := sessionOf(r)
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	d, err := s.CRM.ActivityDetails(r.Context(), sess, id)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	s.render(w, r, status, "activity_show", &view{Title: d.Activity.Title(), Form: form, Errors: fe,
		Data: &activityPage{ActivityDetails: d, UserID: sess.User.ID}})
}
