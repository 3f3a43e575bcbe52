package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"magecrm/internal/crm"
	"magecrm/internal/model"
)

// updateCustomer saves the edit form. A mistake shows the form again with
// what was typed (422), and so does a save the service does not take as
// it is (409): a change saved after the form was read (the notice says
// what changed, the hidden row_version moves to the customer's new
// version, so saving again replaces it knowingly), or editing turned off
// meanwhile (the notice says why; nothing is saved).
func (s *Server) updateCustomer(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	in, shown := parseCustomerForm(r)
	d, err := s.CRM.CustomerDetails(r.Context(), sess, id)
	if err != nil {
		s.customerError(w, r, err)
		return
	}
	switch {
	case d.EditBlocked != "" && in.RowVersion != 0 && in.RowVersion != d.Customer.RowVersion:
		s.showCustomerSavedMeanwhile(w, r, id, shown, in.Password)
		return
	case d.EditBlocked != "":
		s.renderCustomerForm(w, r, http.StatusConflict, d.Customer, shown, blockedNotice(d.EditBlocked, in.Password), 0)
		return
	case !d.Edit:
		s.serviceError(w, r, crm.ErrForbidden)
		return
	}
	// The form's own actions (add an address, …) answer with the edit
	// form, so they need what the edit form needs.
	if extra, ok := formOnlyAction(r); ok {
		s.renderCustomerForm(w, r, http.StatusOK, d.Customer, shown, nil, extra)
		return
	}
	c, err := s.CRM.UpdateCustomer(r.Context(), sess, id, in)
	var fe crm.FieldErrors
	var refusal crm.Refusal
	switch {
	case errors.Is(err, crm.ErrStale):
		s.showCustomerSavedMeanwhile(w, r, id, shown, in.Password)
	case errors.As(err, &fe):
		s.renderCustomerForm(w, r, http.StatusUnprocessableEntity, d.Customer, shown, formErrors(fe, in.Password), 0)
	case errors.As(err, &refusal):
		s.renderCustomerForm(w, r, http.StatusConflict, d.Customer, shown, blockedNotice(refusal.Error(), in.Password), 0)
	case err != nil:
		s.customerError(w, r, err)
	default:
		flash(w, savedText(c))
		http.Redirect(w, r, "/customers/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	}
}

// showCustomerSavedMeanwhile shows the edit form again after a save made
// on an older version: what was typed, a notice saying what the customer
// is now and its last recorded change, and the new version. An address
// of the form removed meanwhile is offered as a new one, so saving again
// keeps it. A password typed is never shown again (password). Editing
// turned off meanwhile is said too.
func (s *Server) showCustomerSavedMeanwhile(w http.ResponseWriter, r *http.Request, id int64, shown url.Values, password string) {
	d, err := s.CRM.CustomerDetails(r.Context(), sessionOf(r), id)
	if err != nil {
		s.customerError(w, r, err)
		return
	}
	shown.Set("row_version", strconv.Itoa(d.Customer.RowVersion))
	n, _ := strconv.Atoi(shown.Get("address_count"))
	for i := range n {
		k := "address." + strconv.Itoa(i) + ".id"
		aid, _ := strconv.ParseInt(shown.Get(k), 10, 64)
		if aid != 0 && !slices.ContainsFunc(d.Addresses, func(a model.Address) bool { return a.ID == aid }) {
			shown.Del(k)
		}
	}
	now := "it is now " + d.Customer.FullName() + ", " + d.Customer.Email
	if len(d.History) > 0 {
		now += "; its last recorded change: " + changeText(d.History[0])
	}
	fe := crm.FieldErrors{"version": staleNotice("customer", now) + retypePassword(password)}
	if d.EditBlocked != "" {
		fe["blocked"] = blockedNotice(d.EditBlocked, "")["blocked"]
	}
	s.renderCustomerForm(w, r, http.StatusConflict, d.Customer, shown, fe, 0)
}

// changeText says in a few words who made a history entry's change,
// when, and of which fields.
func changeText(e crm.AuditEntry) string {
	who := e.ActorName
	if who == "" {
		who = "someone no longer here"
	}
	labels := make([]string, 0, len(e.Changes))
	for k := range e.Changes {
		labels = append(labels, historyLabel(k))
	}
	slices.Sort(labels)
	text := e.Action + " by " + who + " at " + timeText(e.CreatedAt)
	if len(labels) > 0 {
		text += " (" + strings.Join(slices.Compact(labels), ", ") + ")"
	}
	return text
}

// savedText is what the customer's page says after a save of c: the
// change waits to be sent, unless Magento deleted the customer.
func savedText(c *model.Customer) string {
	if c.Removed() {
		return "Customer " + c.FullName() + " was saved here. Magento deleted this customer, so nothing is sent: use Create again in Magento to send it as a new customer."
	}
	return "Customer " + c.FullName() + " was saved. The change is waiting to be sent to Magento."
}

// blockedNotice is the edit form's notice when the customer cannot be
// saved as it is for a reason the form cannot fix (why).
func blockedNotice(why, password string) crm.FieldErrors {
	return crm.FieldErrors{"blocked": why + " Nothing was saved; what you entered is below, so you can keep a copy or save it again once this is resolved." +
		retypePassword(password)}
}

// retypePassword asks for a typed password again: it is never shown.
func retypePassword(password string) string {
	if password == "" {
		return ""
	}
	return " The new password you typed is not shown again: type it again before saving."
}
