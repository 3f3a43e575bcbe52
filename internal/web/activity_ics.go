package web

import (
	"bytes"
	"net/http"
	"strconv"

	"magecrm/internal/calendar"
	"magecrm/internal/model"
)

// downloadEventICS answers a calendar event as an .ics file.
func (s *Server) downloadEventICS(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	a, err := s.CRM.Event(r.Context(), sessionOf(r), id)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := calendar.Write(&buf, a.Title(), r.Host, s.siteURL(r), []model.Activity{*a}); err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="event-`+strconv.FormatInt(id, 10)+`.ics"`)
	buf.WriteTo(w)
}
