package web

import (
	"net/http"
	"slices"
	"strings"

	"magecrm/internal/acl"
	"magecrm/internal/crm"
	"magecrm/internal/model"
)

// customerList is the customers grid page.
type customerList struct {
	Grid    *customerGrid
	Columns []customerColumn // every column, for the chooser
	Shown   map[string]bool
	Rows    []customerRow
	Total   int
	// Exact says Total is the number of matches; otherwise more match
	// (the count stopped at the grid's count limit), and Pages is a lower bound.
	Exact     bool
	Page      int
	Pages     int
	Sizes     []int
	Structure *crm.MagentoStructure
	Owners    []model.User
	// Countries are the billing country filter's choices.
	Countries []model.Country
	CanCreate bool
	// CreateBlocked says why no customer can be created here, if so.
	CreateBlocked string
	DateFilters   []dateFilter
	Chips         []filterChip
	Views         *customerViews
	// CanAssign and CanSubscribe say which mass actions the person has;
	// Assignable are the owners they may assign.
	CanAssign, CanSubscribe bool
	Assignable              []model.User
	// IndexesLeft is how many of the list's indexes a first import has yet
	// to build: until then sorting and filtering are slow.
	IndexesLeft int
}

// dateFilter is one of the grid's date inputs.
type dateFilter struct{ Key, Label string }

var customerDateFilters = []dateFilter{{"created_from", "Created in Magento from"}, {"created_to", "Created in Magento to"},
	{"updated_from", "Updated in Magento from"}, {"updated_to", "Updated in Magento to"}}

// PrevPage and NextPage are the neighbouring page numbers.
func (l *customerList) PrevPage() int { return l.Page - 1 }

// NextPage is the page after this one.
func (l *customerList) NextPage() int { return l.Page + 1 }

// customerRow is one row of the grid with what its actions need.
type customerRow struct {
	model.Customer
	CanEdit  bool
	Activity model.ActivitySummary
}

// Show reports whether a column is shown.
func (l *customerList) Show(key string) bool { return l.Shown[key] }

// ShownCount is the number of columns shown, plus the selection and
// actions columns.
func (l *customerList) ShownCount() int { return len(l.Shown) + 2 }

// GroupChosen reports whether a group is among the filter's groups.
func (l *customerList) GroupChosen(id int64) bool {
	return slices.Contains(l.Grid.values["group"], itoa64(id))
}

func (s *Server) showCustomerList(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	g, views, err := s.customerGridState(r, sess)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	q := g.Query()
	rows, total, err := s.CRM.CustomerGrid(r.Context(), sess, q, g.CountAll)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	l := &customerList{Grid: g, Columns: customerColumns, Total: total.N, Exact: total.Exact, Sizes: pageSizes,
		Countries: model.Countries(), DateFilters: customerDateFilters, Views: views}
	l.Pages, l.Page = g.pageCount(total.N), g.Page
	if total.Exact {
		l.Page = min(g.Page, l.Pages)
	} else {
		l.Pages = max(l.Pages, l.Page+1) // at least one page more follows
	}
	if l.Shown = viewColumns(views.Active); l.Shown == nil {
		if l.Shown, err = s.shownCustomerColumns(r, sess); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	if l.Owners, err = s.CRM.CustomerOwnerChoices(r.Context(), sess); err != nil {
		s.serviceError(w, r, err)
		return
	}
	m, writable, why, err := s.CRM.WritableChannels(r.Context(), sess)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	l.Structure = m
	if l.IndexesLeft, err = s.CRM.CustomerIndexesLeft(r.Context(), sess); err != nil {
		s.serviceError(w, r, err)
		return
	}
	l.Chips = g.Chips(m, l.Owners)
	l.CanCreate = sess.Actor.Can(acl.MagentoCustomer, acl.Create) && len(writable) > 0
	l.CanSubscribe = sess.Actor.Can(acl.MagentoCustomer, acl.Edit) && len(writable) > 0
	if l.CanAssign = sess.Actor.Can(acl.MagentoCustomer, acl.Assign); l.CanAssign {
		if l.Assignable, err = s.CRM.AssignableOwners(r.Context(), sess, acl.MagentoCustomer); err != nil {
			s.serviceError(w, r, err)
			return
		}
	}
	if sess.Actor.Can(acl.MagentoCustomer, acl.Create) {
		l.CreateBlocked = why
	}
	for _, c := range rows {
		l.Rows = append(l.Rows, customerRow{Customer: c,
			CanEdit: crm.CanEditCustomer(sess, &c) && crm.ChannelWriteBlocked(m.Channel(c.ChannelID)) == ""})
	}
	if l.Shown["last_activity"] || l.Shown["open_tasks"] {
		if err := s.addActivitySummaries(r, l.Rows); err != nil {
			s.serviceError(w, r, err)
			return
		}
	}
	fe, status := crm.FieldErrors{}, http.StatusOK
	for k, msg := range g.Errors {
		fe[k], status = msg, http.StatusUnprocessableEntity
	}
	s.render(w, r, status, "customer_list", &view{Title: "Magento Customers", Form: g.Values(), Errors: fe, Data: l})
}

// shownCustomerColumns returns the columns the person chose, or the
// default ones.
func (s *Server) shownCustomerColumns(r *http.Request, sess *crm.Session) (map[string]bool, error) {
	pref, err := s.CRM.Preference(r.Context(), sess, customerColumnsPreference)
	if err != nil {
		return nil, err
	}
	shown := map[string]bool{}
	for _, k := range strings.Split(pref, ",") {
		if slices.ContainsFunc(customerColumns, func(c customerColumn) bool { return c.Key == k }) {
			shown[k] = true
		}
	}
	if len(shown) == 0 {
		for _, c := range customerColumns {
			if c.Default {
				shown[c.Key] = true
			}
		}
	}
	return shown, nil
}

// addActivitySummaries fills the grid rows' last activity and open tasks.
func (s *Server) addActivitySummaries(r *http.Request, rows []customerRow) error {
	ids := make([]int64, len(rows))
	for i, c := range rows {
		ids[i] = c.ID
	}
	sums, err := s.CRM.ActivitySummaries(r.Context(), sessionOf(r), model.TargetCustomer, ids)
	if err != nil {
		return err
	}
	for i := range rows {
		rows[i].Activity = sums[rows[i].ID]
	}
	return nil
}
