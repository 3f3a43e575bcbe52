package web

import (
	"cmp"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"magecrm/internal/crm"
)

// customerViews is the saved views part of the grid page.
type customerViews struct {
	List    []crm.SavedView
	Default int64
	Active  *crm.SavedView // the view the grid shows, if any
	Missing bool           // the view asked for is gone or no longer shared
}

// customerGridState reads the grid's state from the URL. A URL with
// view=ID (or a bare one, when the person has a default view) opens the
// saved view: its filters, sort and columns. Links from there carry the
// whole state and from_view=ID, which names the view and its columns, so
// a filter removed stays removed.
func (s *Server) customerGridState(r *http.Request, sess *crm.Session) (*customerGrid, *customerViews, error) {
	q := r.URL.Query()
	views := &customerViews{}
	var err error
	if views.List, views.Default, err = s.CRM.CustomerViews(r.Context(), sess); err != nil {
		return nil, nil, err
	}
	open, _ := strconv.ParseInt(q.Get("view"), 10, 64)
	from, _ := strconv.ParseInt(q.Get("from_view"), 10, 64)
	if len(q) == 0 {
		open = views.Default
	}
	q.Del("view")
	id := cmp.Or(open, from)
	if id == 0 {
		q.Del("from_view")
		return parseCustomerGrid(q), views, nil
	}
	v, err := s.CRM.CustomerView(r.Context(), sess, id)
	if errors.Is(err, crm.ErrNotFound) {
		views.Missing = true
		q.Del("from_view")
		return parseCustomerGrid(q), views, nil
	}
	if err != nil {
		return nil, nil, err
	}
	if open != 0 {
		q, _ = url.ParseQuery(v.Query)
	}
	q.Set("from_view", strconv.FormatInt(v.ID, 10))
	views.Active = v
	return parseCustomerGrid(q), views, nil
}

// viewColumns are a view's columns that still exist, or nil.
func viewColumns(v *crm.SavedView) map[string]bool {
	if v == nil {
		return nil
	}
	shown := map[string]bool{}
	for _, k := range strings.Split(v.Columns, ",") {
		if slices.ContainsFunc(customerColumns, func(c customerColumn) bool { return c.Key == k }) {
			shown[k] = true
		}
	}
	if len(shown) == 0 {
		return nil
	}
	return shown
}

// ViewQuery is the grid's state to save in a view: filters, sort and page
// size, without the page or the view it came from.
func (g *customerGrid) ViewQuery() string {
	v := url.Values{}
	for k, vs := range g.values {
		if k != "page" && k != "from_view" {
			v[k] = vs
		}
	}
	return v.Encode()
}

// viewURL opens a saved view.
func viewURL(id int64) string { return "/customers?view=" + itoa64(id) }

// ShownKeys are the shown columns in the grid's order, for a saved view.
func (l *customerList) ShownKeys() string {
	var keys []string
	for _, c := range customerColumns {
		if l.Shown[c.Key] {
			keys = append(keys, c.Key)
		}
	}
	return strings.Join(keys, ",")
}
