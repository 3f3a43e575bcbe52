package web

import (
	"errors"
	"net/http"
	"strconv"

	"magecrm/internal/crm"
)

func (s *Server) updateCustomer(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	in, shown := parseCustomerForm(r)
	old, err := s.CRM.Customer(r.Context(), sess, id)
	if err != nil {
		s.customerError(w, r, err)
		return
	}
	if extra, ok := formOnlyAction(r); ok {
		s.renderCustomerForm(w, r, http.StatusOK, old, shown, nil, extra)
		return
	}
	c, err := s.CRM.UpdateCustomer(r.Context(), sess, id, in)
	var fe crm.FieldErrors
	if errors.As(err, &fe) {
		s.renderCustomerForm(w, r, http.StatusUnprocessableEntity, old, shown, formErrors(fe), 0)
		return
	}
	if err != nil {
		s.customerError(w, r, err)
		return
	}
	flash(w, "Customer "+c.FullName()+" was saved. The change is waiting to be sent to Magento.")
	http.Redirect(w, r, "/customers/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
