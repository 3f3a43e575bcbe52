package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"magecrm/internal/acl"
	"magecrm/internal/model"
)

// ChannelCustomers is how many customers of one channel a person may view,
// and how many of those wait to be sent, are in conflict or were removed
// in Magento.
type ChannelCustomers struct {
	ChannelID                              int64
	Customers, Pending, Conflicts, Removed int
}

// CustomersByChannel counts the customers within scope per channel. With
// the whole organization in scope it counts on the channel key's index
// alone; the flags come from the small index of flagged customers.
func (s *Store) CustomersByChannel(ctx context.Context, scope acl.Scope) (map[int64]*ChannelCustomers, error) {
	out := map[int64]*ChannelCustomers{}
	get := func(id int64) *ChannelCustomers {
		if out[id] == nil {
			out[id] = &ChannelCustomers{ChannelID: id}
		}
		return out[id]
	}
	where := customerScope.where(scope, s.DB.Dialect)
	if scope.Level == acl.Organization {
		// Every customer of the organization's channels is the organization's.
		where = "c.channel_id IN (SELECT id FROM channels WHERE organization_id = " + strconv.FormatInt(scope.OrganizationID, 10) + ")"
	}
	rows, err := s.DB.QueryContext(ctx, "SELECT c.channel_id, COUNT(*) FROM magento_customers c WHERE "+where+" GROUP BY c.channel_id")
	if err != nil {
		return nil, fmt.Errorf("count customers per channel: %w", err)
	}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			rows.Close()
			return nil, err
		}
		get(id).Customers = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.DB.QueryContext(ctx, "SELECT c.channel_id, c.sync_state, COUNT(*) FROM magento_customers c WHERE c.sync_state <> 0 AND "+
		customerScope.where(scope, s.DB.Dialect)+" GROUP BY c.channel_id, c.sync_state")
	if err != nil {
		return nil, fmt.Errorf("count flagged customers per channel: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var state, n int
		if err := rows.Scan(&id, &state, &n); err != nil {
			return nil, err
		}
		c := get(id)
		if model.WaitingToBeSent(state) {
			c.Pending += n
		}
		if state&model.SyncConflict != 0 {
			c.Conflicts += n
		}
		if state&model.SyncRemovedRemote != 0 {
			c.Removed += n
		}
	}
	return out, rows.Err()
}

// DayCount is how many customers Magento created on one day (UTC,
// "YYYY-MM-DD").
type DayCount struct {
	Day string
	N   int
}

// NewCustomersPerDay counts the customers within scope that Magento
// created on each day from since on, oldest first.
func (s *Store) NewCustomersPerDay(ctx context.Context, scope acl.Scope, since time.Time) ([]DayCount, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT substr(c.remote_created_at, 1, 10), COUNT(*) FROM magento_customers c
		WHERE c.remote_created_at >= $1 AND `+customerScope.where(scope, s.DB.Dialect)+`
		GROUP BY substr(c.remote_created_at, 1, 10) ORDER BY 1`, model.FormatMagentoTime(since))
	if err != nil {
		return nil, fmt.Errorf("count new customers: %w", err)
	}
	defer rows.Close()
	var out []DayCount
	for rows.Next() {
		var d DayCount
		if err := rows.Scan(&d.Day, &d.N); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// MonthValue is the lifetime value, in one currency, of the customers
// Magento created in one month ("YYYY-MM").
type MonthValue struct {
	Month, Currency string
	Value           float64
}

// LifetimeValuePerMonth sums the lifetime value of the customers within
// scope by the month Magento created them and by currency, from since on.
func (s *Store) LifetimeValuePerMonth(ctx context.Context, scope acl.Scope, since time.Time) ([]MonthValue, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT substr(c.remote_created_at, 1, 7), c.currency, COALESCE(SUM(c.lifetime_value), 0)
		FROM magento_customers c WHERE c.remote_created_at >= $1 AND `+customerScope.where(scope, s.DB.Dialect)+`
		GROUP BY substr(c.remote_created_at, 1, 7), c.currency ORDER BY 1, 2`, model.FormatMagentoTime(since))
	if err != nil {
		return nil, fmt.Errorf("sum lifetime value per month: %w", err)
	}
	defer rows.Close()
	var out []MonthValue
	for rows.Next() {
		var m MonthValue
		if err := rows.Scan(&m.Month, &m.Currency, &m.Value); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
