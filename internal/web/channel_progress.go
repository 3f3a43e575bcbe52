package web

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// showChannelProgress answers where the channel's current run stands, as
// JSON, for the channel page's script (polled every two seconds).
func (s *Server) showChannelProgress(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	run, err := s.CRM.ChannelProgress(r.Context(), sessionOf(r), id)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(newRunProgress(run))
}
