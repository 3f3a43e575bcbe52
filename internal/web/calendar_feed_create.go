package web

import (
	"net/http"
)

// createCalendarFeed makes a new calendar feed address (revoking the old
// one) and shows it once.
func (s *Server) createCalendarFeed(w http.ResponseWriter, r *http.Request) {
	token, err := s.CRM.NewCalendarFeed(r.Context(), sessionOf(r))
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.renderMyTasks(w, r, siteURL(r)+"/calendar/"+token+".ics")
}

// siteURL is the address this request reached the site at.
func siteURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
