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
	d, err := s.CRM.CustomerDetails(r.Context(), sess, id)
	if err != nil {
		s.customerError(w, r, err)
		return
	}
	old := d.Customer
	// The form's own actions (add an address, …) answer with the edit
	// form, so they need what the edit form needs.
	if !d.Edit {
		if d.EditBlocked != "" {
			s.renderError(w, r, http.StatusConflict, d.EditBlocked)
			return
		}
		s.serviceError(w, r, crm.ErrForbidden)
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
