package web

import "net/http"

// keepConflictValue is "Keep this value" of a listed conflict: the value
// the channel's priority chose stays, and the conflict is closed.
func (s *Server) keepConflictValue(w http.ResponseWriter, r *http.Request) {
	s.settleConflict(w, r, s.CRM.KeepConflictValue, "The conflict is closed with the value kept.")
}
