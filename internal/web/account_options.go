package web

import (
	"net/http"
	"strconv"

	"magecrm/internal/crm"
)

// showAccountOptions answers a picker's search with the accounts the
// person may view, as JSON. not_below leaves out an account and those below
// it, for the parent picker of that account.
func (s *Server) showAccountOptions(w http.ResponseWriter, r *http.Request) {
	notBelow, _ := strconv.ParseInt(r.URL.Query().Get("not_below"), 10, 64)
	list, _, err := s.CRM.Accounts(r.Context(), sessionOf(r), crm.ListQuery{Search: r.URL.Query().Get("q"), NotBelow: notBelow, Limit: 50})
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	out := make([]pickerOption, 0, len(list))
	for _, a := range list {
		out = append(out, pickerOption{a.ID, a.Name})
	}
	writePickerJSON(w, out)
}
