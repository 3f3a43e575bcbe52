package web

import "net/http"

// deleteCalendarFeed turns the calendar feed off: its address stops working.
func (s *Server) deleteCalendarFeed(w http.ResponseWriter, r *http.Request) {
	if err := s.CRM.DeleteCalendarFeed(r.Context(), sessionOf(r)); err != nil {
		s.serviceError(w, r, err)
		return
	}
	flash(w, "Your calendar feed is off; its address no longer works.")
	http.Redirect(w, r, "/my/tasks#calendar-feed", http.StatusSeeOther)
}
