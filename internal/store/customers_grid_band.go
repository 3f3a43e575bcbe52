package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"magecrm/internal/db"
)

// idBand is the least and greatest id of a query's matches: every match
// lies in it. A filter whose matches were stored together (created in
// Magento in 2024: one sixth of the customers, one stretch of ids) has a
// narrow band, and an index that ends with the id seeks to its start:
// the page of a sort by id, or of one arm read in id order, is then found
// among the band's rows instead of after every row before it.
type idBand struct{ lo, hi int64 }

// where is the band's condition on the customer's id: integers of the
// database's own, written as literals.
func (b *idBand) where() string { return fmt.Sprintf("c.id >= %d AND c.id <= %d", b.lo, b.hi) }

// findBand sets q's band to its matches' ids, found on the filter's index
// (one index entry per match, no table row where the index holds the
// filter's columns). No match gives an empty band.
func (s *Store) findBand(ctx context.Context, q *CustomerQuery) error {
	where, args := q.where(s.DB.Dialect, false)
	sqlText := "SELECT MIN(c.id), MAX(c.id) FROM magento_customers c WHERE " + where
	if s.DB.Dialect == db.Postgres { // apart, or the planner walks the id's index for MIN and MAX
		sqlText = "SELECT MIN(id), MAX(id) FROM (SELECT c.id FROM magento_customers c WHERE " + where + " OFFSET 0) m"
	}
	var lo, hi sql.NullInt64
	if err := s.DB.QueryRowContext(ctx, sqlText, args...).Scan(&lo, &hi); err != nil {
		return fmt.Errorf("list customers: %w", err)
	}
	q.band = &idBand{lo: 1, hi: 0}
	if lo.Valid && hi.Valid {
		q.band = &idBand{lo: lo.Int64, hi: hi.Int64}
	}
	return nil
}

// valueSorts are the sorts by one column of few values, then the id: with
// a filter their page is read value by value like the arms of a sort by a
// related name, each value's rows in id order along the (organization,
// column, id) index, so that a band of matches is sought in each.
var valueSorts = map[string]string{"newsletter": "c.is_subscribed", "sync": "c.sync_state"}

// valueArms are the arms of a sort in valueSorts, in the page's order:
// the newsletter's two values and none, or each sync state the
// organization's customers have (a seek each on the sort's index).
func (s *Store) valueArms(ctx context.Context, q CustomerQuery, col string) ([]string, error) {
	var arms []string
	switch {
	case col == "c.is_subscribed" && s.DB.Dialect == db.Postgres: // no value last
		arms = []string{col + " = false", col + " = true", col + " IS NULL"}
	case col == "c.is_subscribed":
		arms = []string{col + " IS NULL", col + " = 0", col + " = 1"}
	default:
		org := q.Scope.Customers.OrganizationID
		rows, err := s.DB.QueryContext(ctx, fmt.Sprintf(`WITH RECURSIVE v(x) AS (
			SELECT MIN(%[1]s) FROM magento_customers c WHERE c.organization_id = %[2]d
			UNION ALL SELECT (SELECT MIN(%[1]s) FROM magento_customers c WHERE c.organization_id = %[2]d AND %[1]s > v.x)
			FROM v WHERE v.x IS NOT NULL) SELECT x FROM v WHERE x IS NOT NULL`, col, org))
		if err != nil {
			return nil, fmt.Errorf("list customers: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var v int64
			if err := rows.Scan(&v); err != nil {
				return nil, err
			}
			arms = append(arms, fmt.Sprintf("%s = %d", col, v))
		}
		if err := rows.Err(); err != nil || len(arms) > maxArms {
			return nil, err
		}
	}
	if q.Desc {
		slices.Reverse(arms)
	}
	return arms, nil
}
