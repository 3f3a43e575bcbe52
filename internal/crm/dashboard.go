package crm

import (
	"context"
	"sort"
	"time"

	"magecrm/internal/acl"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

// Dashboard is the first page's figures, each within what the person may
// view: customer figures in their customer scope, sync health only for
// channels they may view, recently viewed records still in scope.
type Dashboard struct {
	// CanViewCustomers and CanViewChannels say which widgets apply.
	CanViewCustomers, CanViewChannels bool
	Channels                          []DashboardChannel
	NewCustomers                      []PeriodValue // per week, oldest first
	// LifetimeValue is, per currency, the lifetime value of the customers
	// Magento created in each month, oldest first.
	LifetimeValue []CurrencySeries
	Recent        []store.RecentView
	// Tasks are the person's open tasks, overdue and soonest due first;
	// Events their coming events. Both only with activities to view.
	CanViewActivities bool
	Tasks, Events     []model.Activity
	Now               time.Time
}

// DashboardChannel is one channel's customers and sync health.
type DashboardChannel struct {
	ID                                     int64
	Name                                   string
	Customers, Pending, Conflicts, Removed int
	// Sync is the channel's last run and errors; nil when the person may
	// not view the channel itself.
	Sync *store.ChannelListing
}

// PeriodValue is a figure for one week or month, with its label.
type PeriodValue struct {
	Label string // "2026-11-23" for the week starting that Monday, "2026-11" for a month
	Value float64
}

// CurrencySeries is one currency's figures per period.
type CurrencySeries struct {
	Currency string
	Values   []PeriodValue
}

// Dashboard periods: twelve weeks of new customers, twelve months of value.
const (
	dashboardWeeks  = 12
	dashboardMonths = 12
	recentShown     = 10
	workShown       = 5
)

// Dashboard loads the first page's figures for the person.
func (s *Service) Dashboard(ctx context.Context, sess *Session) (*Dashboard, error) {
	d := &Dashboard{CanViewCustomers: sess.Actor.Can(acl.MagentoCustomer, acl.View), CanViewChannels: sess.Actor.Can(acl.Channel, acl.View)}
	now := s.Now().UTC()
	d.Now = now
	var err error
	if d.Recent, err = s.Store.RecentViews(ctx, sess.User.ID, customerScope(sess), recentShown); err != nil {
		return nil, err
	}
	if err := s.dashboardWork(ctx, sess, d); err != nil {
		return nil, err
	}
	if !d.CanViewCustomers {
		return d, nil
	}
	scope := sess.Actor.Scope(acl.MagentoCustomer, acl.View)
	if d.Channels, err = s.dashboardChannels(ctx, sess, scope); err != nil {
		return nil, err
	}
	weekStart := mondayOf(now).AddDate(0, 0, -7*(dashboardWeeks-1))
	days, err := s.Store.NewCustomersPerDay(ctx, scope, weekStart)
	if err != nil {
		return nil, err
	}
	d.NewCustomers = weeklyCounts(days, weekStart)
	monthStart := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -(dashboardMonths - 1), 0)
	months, err := s.Store.LifetimeValuePerMonth(ctx, scope, monthStart)
	if err != nil {
		return nil, err
	}
	d.LifetimeValue = monthlyValues(months, monthStart)
	return d, nil
}

// dashboardWork loads the person's first open tasks and coming events.
func (s *Service) dashboardWork(ctx context.Context, sess *Session, d *Dashboard) error {
	if d.CanViewActivities = sess.Actor.Can(acl.Activity, acl.View); !d.CanViewActivities {
		return nil
	}
	scope := activityScope(sess, acl.View)
	var err error
	if d.Tasks, err = s.Store.OpenTasks(ctx, scope, sess.User.ID, workShown); err != nil {
		return err
	}
	d.Events, err = s.Store.UpcomingEvents(ctx, scope, sess.User.ID, d.Now.Truncate(24*time.Hour), d.Now.Add(eventHorizon), workShown)
	return err
}

// dashboardChannels lists the organization's channels with the customers
// in scope, and the sync health of those the person may view.
func (s *Service) dashboardChannels(ctx context.Context, sess *Session, scope acl.Scope) ([]DashboardChannel, error) {
	m, err := s.Store.MagentoStructure(ctx, sess.Actor.OrganizationID)
	if err != nil {
		return nil, err
	}
	counts, err := s.Store.CustomersByChannel(ctx, scope)
	if err != nil {
		return nil, err
	}
	health := map[int64]*store.ChannelListing{}
	if sess.Actor.Can(acl.Channel, acl.View) {
		list, err := s.Store.Channels(ctx, sess.Actor.Scope(acl.Channel, acl.View))
		if err != nil {
			return nil, err
		}
		for i := range list {
			health[list[i].ID] = &list[i]
		}
	}
	var out []DashboardChannel
	for _, ch := range m.Channels {
		dc := DashboardChannel{ID: ch.ID, Name: ch.Name, Sync: health[ch.ID]}
		if c := counts[ch.ID]; c != nil {
			dc.Customers, dc.Pending, dc.Conflicts, dc.Removed = c.Customers, c.Pending, c.Conflicts, c.Removed
		}
		out = append(out, dc)
	}
	return out, nil
}

// NoteView remembers that the person opened a record, for the dashboard's
// recently viewed list. Failing to note it does not fail the page.
func (s *Service) NoteView(ctx context.Context, sess *Session, entity string, id int64) {
	if err := s.Store.RecordView(ctx, sess.User.ID, entity, id, s.Now()); err != nil {
		s.Log.Warn("note a viewed record", "entity", entity, "id", id, "err", err)
	}
}

// mondayOf is the start of t's week (Monday, UTC).
func mondayOf(t time.Time) time.Time {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// weeklyCounts adds the days up into the weeks from start, every week
// present even when nobody joined in it.
func weeklyCounts(days []store.DayCount, start time.Time) []PeriodValue {
	out := make([]PeriodValue, dashboardWeeks)
	for i := range out {
		out[i].Label = start.AddDate(0, 0, 7*i).Format("2006-01-02")
	}
	for _, d := range days {
		t, err := time.Parse("2006-01-02", d.Day)
		if err != nil {
			continue
		}
		if i := int(t.Sub(start).Hours() / 24 / 7); i >= 0 && i < len(out) {
			out[i].Value += float64(d.N)
		}
	}
	return out
}

// monthlyValues makes one series per currency (the largest total first),
// every month present.
func monthlyValues(rows []store.MonthValue, start time.Time) []CurrencySeries {
	index := map[string]int{}
	for i := range dashboardMonths {
		index[start.AddDate(0, i, 0).Format("2006-01")] = i
	}
	byCurrency := map[string][]PeriodValue{}
	totals := map[string]float64{}
	for _, r := range rows {
		i, ok := index[r.Month]
		if !ok || r.Value == 0 {
			continue // customers without orders have no value, nor a currency
		}
		vals := byCurrency[r.Currency]
		if vals == nil {
			vals = make([]PeriodValue, dashboardMonths)
			for m := range vals {
				vals[m].Label = start.AddDate(0, m, 0).Format("2006-01")
			}
			byCurrency[r.Currency] = vals
		}
		vals[i].Value += r.Value
		totals[r.Currency] += r.Value
	}
	var out []CurrencySeries
	for c, vals := range byCurrency {
		out = append(out, CurrencySeries{Currency: c, Values: vals})
	}
	sort.Slice(out, func(i, j int) bool {
		if totals[out[i].Currency] != totals[out[j].Currency] {
			return totals[out[i].Currency] > totals[out[j].Currency]
		}
		return out[i].Currency < out[j].Currency
	})
	return out
}
