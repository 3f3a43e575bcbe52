package web

import (
	"net/http"
	"strings"
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
	s.renderMyTasks(w, r, s.siteURL(r)+"/calendar/"+token+".ics")
}

// siteURL is the address people open the site at: the public URL when
// set, otherwise the address this request reached.
func (s *Server) siteURL(r *http.Request) string {
	if b := s.Site.BaseURL; b != nil {
		return strings.TrimRight(b.Scheme+"://"+b.Host+b.Path, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
