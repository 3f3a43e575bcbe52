package web

import (
	"net/http"

	"magecrm/internal/crm"
)

// showAccountOptions answers a picker's search with the accounts the
// person may view, as JSON.
func (s *Server) showAccountOptions(w http.ResponseWriter, r *http.Request) {
	list, _, err := s.CRM.Accounts(r.Context(), sessionOf(r), crm.ListQuery{Search: r.URL.Query().Get("q"), Limit: 50})
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
