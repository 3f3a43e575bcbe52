package store

import (
	"context"
	"fmt"
	"strings"

	"magecrm/internal/db"
)

// armsPage reads one page of a sort by a related name, arm by arm (see
// customers_grid_plan.go). With a budget (a filtered page), an arm of more
// rows than the budget is walked for at most budget rows; when that does
// not fill the page, the arm's matches are found on the filter's index
// instead. A filter that goes with the arms may have no match at all in
// the largest arm (German customers sorted by store: the first store in
// name order held 700,000 customers of 1,000,000 and no German one), and
// walking it whole read 700,000 rows for a page.
func (s *Store) armsPage(ctx context.Context, q CustomerQuery, arms []string, budget int) ([]any, error) {
	skip, limit := max(q.Offset, 0), max(q.Limit, 1)
	var ids []any
	for _, arm := range arms {
		a := armRead{q: &q, d: s.DB.Dialect, arm: arm, budget: budget, then: armThen[q.sortKey()], hide: true}
		if q.pinsArmOrder() { // the arm's matches are one stretch of it: seek it
			a.budget, a.hide = 0, false
		}
		large, err := s.armLarger(ctx, &a)
		if err != nil {
			return nil, fmt.Errorf("list customers: %w", err)
		}
		if skip > 0 {
			var n int
			sqlText, args := a.countQuery(large, skip+1)
			if err := s.DB.QueryRowContext(ctx, sqlText, args...).Scan(&n); err != nil {
				return nil, fmt.Errorf("list customers: %w", err)
			}
			if n <= skip { // the page starts after this arm
				skip -= n
				continue
			}
		}
		got, err := s.armIDs(ctx, &a, large, limit-len(ids), skip)
		if err != nil {
			return nil, fmt.Errorf("list customers: %w", err)
		}
		skip, ids = 0, append(ids, got...)
		if len(ids) >= limit {
			break
		}
	}
	return ids, nil
}

// armRead is one arm of a page read arm by arm.
type armRead struct {
	q      *CustomerQuery
	d      db.Dialect
	arm    string // the arm's condition: the customer's reference, or a value of the sort
	budget int    // rows a walk of the arm may read; 0: no limit
	then   string // the sort's term before the id within the arm, if any
	hide   bool   // walk the arm with the filters kept from SQLite's indexes
}

// armLarger reports whether the arm holds more rows than its budget (none
// has without a budget). The count reads the arm's index alone, no table
// row: it holds the scope's columns.
func (s *Store) armLarger(ctx context.Context, a *armRead) (bool, error) {
	if a.budget <= 0 {
		return false, nil
	}
	var n int
	err := s.DB.QueryRowContext(ctx, fmt.Sprintf("SELECT COUNT(*) FROM (SELECT 1 FROM magento_customers c WHERE %s AND %s LIMIT %d) m",
		customerScope.where(a.q.Scope.Customers, s.DB.Dialect), a.arm, a.budget+1)).Scan(&n)
	return n > a.budget, err
}

// armIDs returns the ids of up to limit matches of the arm after skip, in
// the arm's order: along the arm's index, or, in a large arm, along it for
// at most its budget of rows, then (for a created-time filter) from the
// matches' band, then on the filter's index.
func (s *Store) armIDs(ctx context.Context, a *armRead, large bool, limit, skip int) ([]any, error) {
	where, args := a.q.where(a.d, a.hide)
	order := a.order(a.then, "c.id")
	if !large {
		return s.ids(ctx, fmt.Sprintf("SELECT c.id FROM magento_customers c WHERE %s AND %s ORDER BY %s LIMIT %d OFFSET %d",
			where, a.arm, order, limit, skip), args...)
	}
	scope, filters, args := a.q.whereParts(a.d, true)
	got, err := s.ids(ctx, fmt.Sprintf(`SELECT id FROM (SELECT c.id, CASE WHEN %s THEN 1 ELSE 0 END AS hit FROM magento_customers c
		WHERE %s AND %s ORDER BY %s LIMIT %d) w WHERE hit = 1 LIMIT %d OFFSET %d`,
		filters, scope, a.arm, order, a.budget+skip, limit, skip), args...)
	if err != nil || len(got) == limit {
		return got, err
	}
	if a.then == "" && a.q.banded() { // seek to the matches' band in this arm and the next
		if err := s.findBand(ctx, a.q); err != nil {
			return nil, err
		}
		return s.armIDs(ctx, a, large, limit, skip)
	}
	sqlText, args := a.matchesQuery(fmt.Sprintf(" LIMIT %d OFFSET %d", limit, skip))
	return s.ids(ctx, sqlText, args...)
}

// explainArm is the plan of a page's first arm: along the arm's index,
// then (after "matches:"), with a budget, on the filter's.
func (s *Store) explainArm(ctx context.Context, a *armRead) (string, error) {
	where, args := a.q.where(a.d, a.hide)
	plan, err := s.explain(ctx, "SELECT c.id FROM magento_customers c WHERE "+where+" AND "+a.arm+" ORDER BY "+a.order(a.then, "c.id")+
		" LIMIT 25", args)
	if err != nil || a.budget <= 0 {
		return plan, err
	}
	sqlText, args := a.matchesQuery(" LIMIT 25")
	matches, err := s.explain(ctx, sqlText, args)
	return plan + "\nmatches: " + matches, err
}

// countQuery counts the arm's matches up to limit: along the arm's index,
// or, in a large arm, on the filter's.
func (a *armRead) countQuery(large bool, limit int) (string, []any) {
	if large {
		sqlText, args := a.matchesQuery(fmt.Sprintf(" LIMIT %d", limit))
		return "SELECT COUNT(*) FROM (" + sqlText + ") n", args
	}
	where, args := a.q.where(a.d, a.hide)
	return fmt.Sprintf("SELECT COUNT(*) FROM (SELECT 1 FROM magento_customers c WHERE %s AND %s LIMIT %d) m", where, a.arm, limit), args
}

// matchesQuery is the SQL of the arm's matches in id order found on the
// filter's index, with page (a LIMIT and OFFSET) after the order. SQLite is
// kept from the arm's index and the id order's (a unary +); PostgreSQL
// plans the matches apart (OFFSET 0) and sorts them.
func (a *armRead) matchesQuery(page string) (string, []any) {
	where, args := a.q.where(a.d, false)
	if a.d == db.Postgres {
		then := ""
		if a.then != "" {
			then = ", " + a.then + " AS t"
		}
		return "SELECT id FROM (SELECT c.id" + then + " FROM magento_customers c WHERE " + where + " AND " + a.arm + " OFFSET 0) m ORDER BY " +
			a.order("t", "id") + page, args
	}
	return "SELECT c.id FROM magento_customers c WHERE " + where + " AND +(" + a.arm + ") ORDER BY " + a.order("+"+a.then, "+c.id") + page, args
}

// order is the arm's order on the expressions of its term before the id
// (then, left out when the arm has none) and of the id.
func (a *armRead) order(then, id string) string {
	terms := []string{id}
	if a.then != "" {
		terms = []string{then, id}
	}
	dir := ""
	if a.q.Desc {
		dir = " DESC"
	}
	return strings.Join(terms, dir+", ") + dir
}
