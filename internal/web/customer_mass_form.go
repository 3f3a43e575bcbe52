package web

import (
	"net/url"
	"strconv"

	"magecrm/internal/crm"
)

// massForm is a mass action as the grid's form sends it: what to do, to
// which customers, and the grid's filters for "all that match".
type massForm struct {
	Action  string // assign, subscribe, unsubscribe or export
	OwnerID int64
	All     bool
	IDs     []int64
	Query   string // the grid's state as URL parameters
}

// massActions name the grid's mass actions.
var massActions = map[string]string{
	"assign": "Assign owner", "subscribe": "Subscribe to the newsletter", "unsubscribe": "Unsubscribe from the newsletter",
	"export": "Export as CSV",
}

func parseMassForm(f url.Values) *massForm {
	m := &massForm{Action: f.Get("action"), All: f.Get("scope") == "all", Query: f.Get("query")}
	m.OwnerID, _ = strconv.ParseInt(f.Get("owner"), 10, 64)
	for _, s := range f["id"] {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			m.IDs = append(m.IDs, id)
		}
	}
	return m
}

// selection is the customers the form names, with the grid's filters.
func (m *massForm) selection() crm.CustomerSelection {
	state, _ := url.ParseQuery(m.Query)
	return crm.CustomerSelection{IDs: m.IDs, All: m.All, Query: parseCustomerGrid(state).Query()}
}

// Back is the grid the form came from.
func (m *massForm) Back() string { return safeNext("/customers?"+m.Query, "/customers") }

// exportURL downloads the selected customers (or all that match) as CSV.
func (m *massForm) exportURL(ids []int64) string {
	state, _ := url.ParseQuery(m.Query)
	if !m.All {
		state = url.Values{}
		for _, id := range ids {
			state.Add("id", strconv.FormatInt(id, 10))
		}
	}
	state.Del("page")
	return "/customers/export.csv?" + state.Encode()
}
