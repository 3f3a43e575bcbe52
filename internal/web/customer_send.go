package web

import (
	"net/http"
	"strconv"
)

// sendCustomerAgain is "Retry now": the customer is sent to Magento at once.
func (s *Server) sendCustomerAgain(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	if err := s.CRM.SendCustomerAgain(r.Context(), sessionOf(r), id); err != nil {
		s.customerError(w, r, err)
		return
	}
	flash(w, "The customer is being sent to Magento again. Its sync state below shows Magento's answer.")
	http.Redirect(w, r, "/customers/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
