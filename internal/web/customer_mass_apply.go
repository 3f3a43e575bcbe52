package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"magecrm/internal/crm"
)

// applyCustomerMass runs a confirmed mass action and says what it did.
func (s *Server) applyCustomerMass(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	r.ParseForm()
	m := parseMassForm(r.PostForm)
	var res *crm.MassResult
	var err error
	switch m.Action {
	case "assign":
		res, err = s.CRM.MassAssignCustomers(r.Context(), sess, m.selection(), m.OwnerID)
	case "subscribe", "unsubscribe":
		res, err = s.CRM.MassSetNewsletter(r.Context(), sess, m.selection(), m.Action == "subscribe")
	default:
		flash(w, "Choose what to do with the customers.")
		http.Redirect(w, r, m.Back(), http.StatusSeeOther)
		return
	}
	var fe crm.FieldErrors
	var refusal crm.Refusal
	switch {
	case errors.As(err, &fe):
		flash(w, "Nothing was changed: "+fe["owner"])
	case errors.As(err, &refusal):
		flash(w, "Nothing was changed: "+err.Error())
	case err != nil && res == nil:
		s.serviceError(w, r, err)
		return
	default:
		if err != nil {
			s.Log.Error("mass action stopped", "action", m.Action, "err", err)
		}
		flash(w, massSummary(res, err))
	}
	http.Redirect(w, r, m.Back(), http.StatusSeeOther)
}

// massSummary says what a mass action did, with the first reasons it left
// customers alone.
func massSummary(res *crm.MassResult, err error) string {
	msg := fmt.Sprintf("Changed %s.", customersCount(res.Changed))
	if n := len(res.Skipped); n > 0 {
		shown := res.Skipped[:min(n, 5)]
		msg += fmt.Sprintf(" Left %d alone: %s", n, strings.Join(shown, "; "))
		if n > len(shown) {
			msg += fmt.Sprintf("; and %d more", n-len(shown))
		}
		msg += "."
	}
	if err != nil {
		msg += " It stopped early because something went wrong; the rest were not changed."
	}
	return msg
}
