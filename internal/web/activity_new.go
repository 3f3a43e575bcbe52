package web

import (
	"net/http"
	"net/url"
	"strconv"

	"magecrm/internal/model"
)

// showActivityNew shows the full form for a new activity about a record.
func (s *Server) showActivityNew(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	id, _ := strconv.ParseInt(q.Get("id"), 10, 64)
	kind := model.ActivityKind(q.Get("kind"))
	f, err := s.CRM.NewActivityForm(r.Context(), sessionOf(r), kind, q.Get("entity"), id)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	page := &activityFormPage{Kind: kind, Record: f.Record, Owners: f.Owners, Users: f.Users, Back: f.Record.Href()}
	s.renderActivityForm(w, r, http.StatusOK, page, url.Values{"phone": {f.Record.Phone}, "to": {f.Record.Email}}, nil)
}
