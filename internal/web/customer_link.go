package web

import (
	"net/http"
	"strconv"
)

// linkCustomerToMagento links a customer Magento refused for its email to
// Magento's customer with that email.
func (s *Server) linkCustomerToMagento(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	if err := s.CRM.LinkCustomerToMagento(r.Context(), sessionOf(r), id); err != nil {
		s.customerError(w, r, err)
		return
	}
	flash(w, "The customer is linked to Magento's customer with the same email address; where the two differ, the channel's priority decides and the history keeps the other value.")
	http.Redirect(w, r, "/customers/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
