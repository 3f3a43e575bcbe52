package web

import (
	"net/http"
	"strconv"
)

// checkChannel tries a saved channel's connection and shows the steps on
// its page.
func (s *Server) checkChannel(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	steps, err := s.CRM.CheckChannel(r.Context(), sessionOf(r), id)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	s.renderChannelPage(w, r, steps)
}
