package web

import (
	"net/http"
	"time"

	"magecrm/internal/crm"
)

// homePage is the dashboard.
type homePage struct {
	*crm.Dashboard
	NewCustomersChart *barChart
	ValueCharts       []*barChart
}

// recentLinks are the pages of the record kinds the recently viewed list
// names.
var recentLinks = map[string]struct{ path, kind string }{
	crm.CustomerEntity: {"/customers/", "Magento customer"},
	crm.ContactEntity:  {"/contacts/", "Contact"},
	crm.AccountEntity:  {"/accounts/", "Account"},
}

// RecentLink opens a recently viewed record.
func (p *homePage) RecentLink(v crm.RecentView) string {
	return recentLinks[v.Entity].path + itoa64(v.EntityID)
}

// RecentKind names the kind of a recently viewed record.
func (p *homePage) RecentKind(v crm.RecentView) string { return recentLinks[v.Entity].kind }

func (s *Server) showHomePage(w http.ResponseWriter, r *http.Request) {
	d, err := s.CRM.Dashboard(r.Context(), sessionOf(r))
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	p := &homePage{Dashboard: d}
	if d.CanViewCustomers {
		p.NewCustomersChart = newBarChart("New customers per week", d.NewCustomers, weekLabel, compact, true)
		for _, series := range d.LifetimeValue {
			c := newBarChart("Lifetime value of new customers per month, "+series.Currency, series.Values, monthLabel, compact, false)
			c.Caption = "In " + series.Currency
			p.ValueCharts = append(p.ValueCharts, c)
		}
	}
	s.render(w, r, http.StatusOK, "home", &view{Title: "Dashboard", Data: p})
}

// weekLabel names a week by its Monday: "Nov 23".
func weekLabel(day string) string {
	t, err := time.Parse("2006-01-02", day)
	if err != nil {
		return day
	}
	return t.Format("Jan 2")
}

// monthLabel names a month: "Nov 2026".
func monthLabel(month string) string {
	t, err := time.Parse("2006-01", month)
	if err != nil {
		return month
	}
	return t.Format("Jan 2006")
}
