package web

import (
	"errors"
	"net/http"
	"strings"

	"magecrm/internal/calendar"
	"magecrm/internal/crm"
)

// showCalendarFeed answers a calendar app with the feed's user's events;
// the token in the address is the only credential.
func (s *Server) showCalendarFeed(w http.ResponseWriter, r *http.Request) {
	token := strings.TrimSuffix(r.PathValue("token"), ".ics")
	user, events, err := s.CRM.CalendarFeed(r.Context(), token)
	if errors.Is(err, crm.ErrNotFound) {
		http.Error(w, "This calendar feed address is not valid (any more). Make a new one under My tasks.", http.StatusNotFound)
		return
	}
	if err != nil {
		s.Log.Error("calendar feed", "err", err)
		http.Error(w, "Something went wrong on our side. It has been logged; try again in a moment.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "private, no-store")
	if err := calendar.Write(w, "magecrm — "+user.DisplayName(), r.Host, s.siteURL(r), events); err != nil {
		s.Log.Error("write calendar feed", "err", err)
	}
}
