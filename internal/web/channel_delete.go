package web

import (
	"net/http"
	"strconv"
)

// deleteChannel removes a channel and everything imported through it,
// after the confirmation page.
func (s *Server) deleteChannel(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	ch, err := s.CRM.Channel(r.Context(), sess, id)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	if err := s.CRM.DeleteChannel(r.Context(), sess, id); err != nil {
		s.serviceError(w, r, err)
		return
	}
	flash(w, "Channel "+ch.Name+" and the records imported through it were deleted. Nothing was changed in Magento.")
	http.Redirect(w, r, "/channels", http.StatusSeeOther)
}
