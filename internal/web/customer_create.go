package web

import (
	"errors"
	"net/http"
	"strconv"

	"magecrm/internal/crm"
)

// createCustomer saves a new customer, or shows the form again with what
// is wrong. The form's own buttons (another address, load the channel's
// stores) show it again without saving.
func (s *Server) createCustomer(w http.ResponseWriter, r *http.Request) {
	in, shown := parseCustomerForm(r)
	if extra, ok := formOnlyAction(r); ok {
		s.renderCustomerForm(w, r, http.StatusOK, nil, shown, nil, extra)
		return
	}
	c, err := s.CRM.CreateCustomer(r.Context(), sessionOf(r), in)
	var fe crm.FieldErrors
	if errors.As(err, &fe) {
		s.renderCustomerForm(w, r, http.StatusUnprocessableEntity, nil, shown, formErrors(fe, in.Password), 0)
		return
	}
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	flash(w, "Customer "+c.FullName()+" was saved. It is waiting to be sent to Magento.")
	http.Redirect(w, r, "/customers/"+strconv.FormatInt(c.ID, 10), http.StatusSeeOther)
}

// formOnlyAction reports whether a form was posted by one of its helper
// buttons rather than Save, and how many empty address slots to add.
func formOnlyAction(r *http.Request) (int, bool) {
	switch {
	case r.PostForm.Get("add_address") != "":
		return 1, true
	case r.PostForm.Get("reload") != "":
		return 0, true
	}
	return 0, false
}
