package web

import (
	"net/http"
	"strconv"
)

// recreateCustomer is "Create again in Magento" for a customer deleted there.
func (s *Server) recreateCustomer(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	if err := s.CRM.CreateCustomerAgain(r.Context(), sessionOf(r), id); err != nil {
		s.customerError(w, r, err)
		return
	}
	flash(w, "The customer is being created in Magento again, as a new Magento customer.")
	http.Redirect(w, r, "/customers/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
