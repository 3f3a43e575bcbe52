package web

import (
	"net/http"
	"strconv"
)

// setDefaultCustomerView makes a saved view open with the grid (id 0: the
// plain grid).
func (s *Server) setDefaultCustomerView(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	id, _ := strconv.ParseInt(r.PostForm.Get("id"), 10, 64)
	if err := s.CRM.SetDefaultCustomerView(r.Context(), sessionOf(r), id); err != nil {
		s.serviceError(w, r, err)
		return
	}
	if id == 0 {
		flash(w, "The grid opens without a saved view.")
		http.Redirect(w, r, "/customers?view=0", http.StatusSeeOther)
		return
	}
	flash(w, "This view now opens when you open Magento Customers.")
	http.Redirect(w, r, viewURL(id), http.StatusSeeOther)
}
