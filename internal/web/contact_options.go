package web

import (
	"encoding/json"
	"net/http"

	"magecrm/internal/crm"
)

// pickerOption is one choice of a searchable picker.
type pickerOption struct {
	ID    int64  `json:"id"`
	Label string `json:"label"`
}

// showContactOptions answers a picker's search with the contacts the
// person may view, as JSON.
func (s *Server) showContactOptions(w http.ResponseWriter, r *http.Request) {
	list, _, err := s.CRM.Contacts(r.Context(), sessionOf(r), crm.ListQuery{Search: r.URL.Query().Get("q"), Limit: 50})
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	out := make([]pickerOption, 0, len(list))
	for _, c := range list {
		label := c.Name()
		if c.Email != "" && c.Email != label {
			label += " (" + c.Email + ")"
		}
		out = append(out, pickerOption{c.ID, label})
	}
	writePickerJSON(w, out)
}

func writePickerJSON(w http.ResponseWriter, out []pickerOption) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(out)
}
