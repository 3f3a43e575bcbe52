package web

import (
	"net/http"
	"strconv"
)

// showActivityEdit shows the form for changing an activity.
func (s *Server) showActivityEdit(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	a, owners, users, err := s.CRM.ActivityFormChoices(r.Context(), sessionOf(r), id)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	page := &activityFormPage{Kind: a.Kind, Activity: a, Owners: owners, Users: users, Back: "/activities/" + strconv.FormatInt(a.ID, 10)}
	s.renderActivityForm(w, r, http.StatusOK, page, activityFormValues(a), nil)
}
