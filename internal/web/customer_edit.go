package web

import (
	"net/http"
	"strconv"

	"magecrm/internal/crm"
)

func (s *Server) showCustomerEdit(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	d, err := s.CRM.CustomerDetails(r.Context(), sessionOf(r), id)
	if err != nil {
		s.customerError(w, r, err)
		return
	}
	if !d.Edit {
		if d.EditBlocked != "" {
			s.renderError(w, r, http.StatusConflict, d.EditBlocked)
			return
		}
		s.serviceError(w, r, crm.ErrForbidden)
		return
	}
	s.renderCustomerForm(w, r, http.StatusOK, d.Customer, customerFormValues(d.Customer, d.Addresses), nil, 0)
}
