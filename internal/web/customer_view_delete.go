package web

import (
	"net/http"
	"strconv"
)

// deleteCustomerView deletes one of the person's own saved views.
func (s *Server) deleteCustomerView(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err := s.CRM.DeleteCustomerView(r.Context(), sessionOf(r), id); err != nil {
		s.serviceError(w, r, err)
		return
	}
	flash(w, "Deleted the view.")
	http.Redirect(w, r, "/customers?view=0", http.StatusSeeOther)
}
