package web

import (
	"net/http"
	"strconv"
)

// sendCustomerPasswordReset has Magento mail the customer a link to choose
// a new password.
func (s *Server) sendCustomerPasswordReset(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	if err := s.CRM.SendPasswordReset(r.Context(), sessionOf(r), id); err != nil {
		s.customerError(w, r, err)
		return
	}
	flash(w, "Magento is sending the customer an email with a link to choose a new password.")
	http.Redirect(w, r, "/customers/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
