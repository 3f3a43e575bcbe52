package web

import (
	"fmt"
	"net/http"
	"slices"

	"magecrm/internal/acl"
	"magecrm/internal/crm"
	"magecrm/internal/model"
)

// massConfirm is the page that asks before a mass action, with its count.
type massConfirm struct {
	Form      *massForm
	Label     string
	Question  string
	Count     int
	TooMany   bool
	ExportURL string
}

// confirmCustomerMass asks the person to confirm a mass action, saying how
// many customers it changes.
func (s *Server) confirmCustomerMass(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	r.ParseForm()
	m := parseMassForm(r.PostForm)
	label, ok := massActions[m.Action]
	if !ok {
		flash(w, "Choose what to do with the customers.")
		http.Redirect(w, r, m.Back(), http.StatusSeeOther)
		return
	}
	ids, err := s.CRM.SelectedCustomers(r.Context(), sess, m.selection())
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	if len(ids) == 0 {
		flash(w, "Tick the customers to change, or choose all customers that match the filters.")
		http.Redirect(w, r, m.Back(), http.StatusSeeOther)
		return
	}
	c := &massConfirm{Form: m, Label: label, Count: min(len(ids), crm.MassLimit), TooMany: len(ids) > crm.MassLimit}
	n := customersCount(c.Count)
	switch m.Action {
	case "assign":
		owners, err := s.CRM.AssignableOwners(r.Context(), sess, acl.MagentoCustomer)
		if err != nil {
			s.serviceError(w, r, err)
			return
		}
		i := slices.IndexFunc(owners, func(u model.User) bool { return u.ID == m.OwnerID })
		if i < 0 {
			flash(w, "Choose the owner to assign the customers to.")
			http.Redirect(w, r, m.Back(), http.StatusSeeOther)
			return
		}
		c.Question = fmt.Sprintf("Assign %s to %s?", n, owners[i].DisplayName())
	case "subscribe":
		c.Question = fmt.Sprintf("Subscribe %s to the newsletter? The change is sent to Magento.", n)
	case "unsubscribe":
		c.Question = fmt.Sprintf("Unsubscribe %s from the newsletter? The change is sent to Magento.", n)
	case "export":
		c.Question = fmt.Sprintf("Export %s as CSV?", n)
		c.ExportURL = m.exportURL(ids)
	}
	s.render(w, r, http.StatusOK, "customer_mass", &view{Title: label, Data: c})
}

// customersCount says "1 customer" or "12 customers".
func customersCount(n int) string {
	if n == 1 {
		return "1 customer"
	}
	return thousands(n) + " customers"
}
