package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"magecrm/internal/db"
	"magecrm/internal/model"
)

// CustomerQuery is one view of the customers grid: the access scope, the
// filters, the sort and the page. Only whitelisted columns reach the SQL;
// every value a person typed is a bound parameter.
type CustomerQuery struct {
	// Scope is what the actor may view (always set by crm; the zero
	// value selects nothing).
	Scope CustomerScope
	// ContactID and AccountID select the customers linked to one contact
	// or account, when set.
	ContactID, AccountID int64
	// IDs, when set, limits the query to these customers (a selection).
	IDs []int64

	ChannelID  int64
	WebsiteID  int64
	StoreID    int64
	GroupIDs   []int64
	FirstName  string // starts with, ignoring case
	LastName   string // starts with, ignoring case
	Email      string
	EmailMatch string // "starts" (default) or "contains"
	Country    string // ISO code
	Region     string // region name or code, ignoring case
	// LifetimeMin and LifetimeMax bound the lifetime value when set.
	LifetimeMin, LifetimeMax *float64
	// The ranges of Magento's created and updated times include From and
	// exclude To; zero means open.
	CreatedFrom, CreatedTo time.Time
	UpdatedFrom, UpdatedTo time.Time
	Newsletter             string // "yes", "no", "unknown" or ""
	SyncState              string // one of SyncStates' keys, or ""
	OwnerID                int64

	// Matches is how many rows the filters select, when counted already,
	// and MatchesMore that more do (the count stopped at Matches): with
	// many matches the page is found faster by walking the sort's index
	// than the filter's.
	Matches     int
	MatchesMore bool

	Sort   string // one of CustomerSorts' keys; default "name"
	Desc   bool
	Offset int
	Limit  int

	// band, once found, holds every match's id (customers_grid_band.go).
	band *idBand
}

// CustomerSorts maps each sortable grid column to its ORDER BY terms. The
// row id ends every order so that paging is stable. A sort by a name kept
// in another table (channel, website, store, group, owner) orders by the
// name, then by the record it names: customers of two stores of the same
// name come store by store. A missing website, store or group sorts as an
// empty name, first, on both databases.
var CustomerSorts = map[string][]string{
	"id":         nil, // the row id alone: the order edits cannot change
	"name":       {"c.last_name", "c.first_name"},
	"channel":    {"ch.name", "c.channel_id"},
	"website":    {"COALESCE(w.name, '')", "c.website_id"},
	"store":      {"COALESCE(st.name, '')", "c.store_id"},
	"first_name": {"lower(c.first_name)", "lower(c.last_name)"},
	"last_name":  {"c.last_name", "c.first_name"},
	"email":      {"lower(c.email)"},
	"group":      {"COALESCE(g.code, '')", "c.group_id"},
	"lifetime":   {"c.currency", "c.lifetime_value"}, // within each currency
	"country":    {"c.billing_country", "c.remote_updated_at"},
	"region":     {"lower(c.billing_region)", "c.billing_country"},
	"newsletter": {"c.is_subscribed"},
	"sync":       {"c.sync_state"},
	"owner":      {userName("u"), "c.owner_user_id"},
	"created_at": {"c.remote_created_at"},
	"updated_at": {"c.remote_updated_at"},
}

// sortJoins names the joins a sort needs in the id query.
var sortJoins = map[string]string{
	"channel": " JOIN channels ch ON ch.id = c.channel_id",
	"website": " LEFT JOIN magento_websites w ON w.id = c.website_id",
	"store":   " LEFT JOIN magento_stores st ON st.id = c.store_id",
	"group":   " LEFT JOIN magento_customer_groups g ON g.id = c.group_id",
	"owner":   " JOIN users u ON u.id = c.owner_user_id",
}

// orderBy returns the ORDER BY terms and the join the sort needs. With
// hide, SQLite is kept from walking the sort's index (a unary + on each
// term and on the join's customer column), so it finds the few matches by
// the filter's index and sorts them.
func (q *CustomerQuery) orderBy(d db.Dialect, hide bool) (string, string) {
	key := q.sortKey()
	dir := ""
	if q.Desc {
		dir = " DESC"
	}
	plus := ""
	if hide && d == db.SQLite {
		plus = "+"
	}
	terms := CustomerSorts[key]
	parts := make([]string, 0, len(terms)+1)
	for _, t := range append(terms, "c.id") {
		parts = append(parts, plus+t+dir)
	}
	// Nor may the join lead SQLite to the customers by the related
	// record: it read every customer of the channel (an index on the
	// channel) to find a business unit's 900 in Bavaria.
	return strings.Join(parts, ", "), strings.Replace(sortJoins[key], " = c.", " = "+plus+"c.", 1)
}

// sortKey is the query's sort, or the default one.
func (q *CustomerQuery) sortKey() string {
	if _, ok := CustomerSorts[q.Sort]; ok {
		return q.Sort
	}
	return "name"
}

// unfiltered reports whether the query selects everything in its scope.
func (q *CustomerQuery) unfiltered() bool {
	_, syncFilter := SyncStates[q.SyncState]
	return q.ChannelID == 0 && q.WebsiteID == 0 && q.StoreID == 0 && len(q.GroupIDs) == 0 && q.FirstName == "" &&
		q.LastName == "" && q.Email == "" && q.Country == "" && q.Region == "" && q.LifetimeMin == nil &&
		q.LifetimeMax == nil && q.CreatedFrom.IsZero() && q.CreatedTo.IsZero() && q.UpdatedFrom.IsZero() &&
		q.UpdatedTo.IsZero() && q.Newsletter == "" && !syncFilter && q.OwnerID == 0 &&
		q.ContactID == 0 && q.AccountID == 0 && len(q.IDs) == 0
}

// CountCustomers returns how many customers the query selects (ignoring
// its page). Without filters it sums the per-owner counters the database
// keeps (magento_customer_counts, same scope columns), exact and fast at
// any size; with filters it counts the matches on the filter's index.
func (s *Store) CountCustomers(ctx context.Context, q CustomerQuery) (int, error) {
	n, _, err := s.CountCustomersUpTo(ctx, q, 0)
	return n, err
}

// CountCustomersUpTo is CountCustomers that stops counting past limit
// (none when 0): it returns limit+1 and false then. Counting the matches
// of a filter costs one index entry each, so a million matches cost what
// a million entries do; the grid counts up to a limit and says "more
// than".
func (s *Store) CountCustomersUpTo(ctx context.Context, q CustomerQuery, limit int) (int, bool, error) {
	sqlText, args := q.countQuery(s.DB.Dialect, limit)
	var n int
	err := s.DB.QueryRowContext(ctx, sqlText, args...).Scan(&n)
	if err != nil {
		return 0, false, fmt.Errorf("count customers: %w", err)
	}
	return n, limit <= 0 || n <= limit || q.unfiltered(), nil
}

// countQuery is the SQL of CountCustomersUpTo.
func (q *CustomerQuery) countQuery(d db.Dialect, limit int) (string, []any) {
	if q.unfiltered() {
		where, args := q.where(d, false)
		return "SELECT COALESCE(SUM(c.n), 0) FROM magento_customer_counts c WHERE " + where, args
	}
	from, where, args := q.countFrom(d)
	if limit > 0 {
		return fmt.Sprintf("SELECT COUNT(*) FROM (SELECT 1 FROM %s WHERE %s LIMIT %d) m", from, where, limit+1), args
	}
	return "SELECT COUNT(*) FROM " + from + " WHERE " + where, args
}

// Customers returns one page of the customers the query selects, in its
// order. The page's ids are found first on the customer table alone (so
// the sort can walk an index) and the rows are then read with their names.
func (s *Store) Customers(ctx context.Context, q CustomerQuery) ([]model.Customer, error) {
	if q.Limit <= 0 {
		q.Limit = 25
	}
	ids, err := s.pageIDs(ctx, q)
	if err != nil {
		return nil, err
	}
	return s.customersByID(ctx, q.Scope, ids)
}

// customersByID reads the customers with these ids (int64 values), with
// the names of what they refer to that sc shows, in the order of ids.
func (s *Store) customersByID(ctx context.Context, sc CustomerScope, ids []any) ([]model.Customer, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err := s.DB.QueryContext(ctx, customerSelect(sc, s.DB.Dialect)+" WHERE c.id IN ("+placeholders(1, len(ids))+")", ids...)
	if err != nil {
		return nil, fmt.Errorf("load customers: %w", err)
	}
	defer rows.Close()
	byID := make(map[int64]*model.Customer, len(ids))
	for rows.Next() {
		c, err := scanCustomer(rows)
		if err != nil {
			return nil, err
		}
		byID[c.ID] = c
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]model.Customer, 0, len(ids))
	for _, id := range ids {
		if c, ok := byID[id.(int64)]; ok {
			out = append(out, *c)
		}
	}
	return out, nil
}

// CustomerIDs returns the ids of one page of the customers the query
// selects, in its order, from the customer table alone. With few matches
// they are found by the filter's index and sorted; with many, by walking
// the sort's index until the page is full (customers_grid_plan.go).
func (s *Store) CustomerIDs(ctx context.Context, q CustomerQuery) ([]int64, error) {
	found, err := s.pageIDs(ctx, q)
	ids := make([]int64, len(found))
	for i, id := range found {
		ids[i] = id.(int64)
	}
	return ids, err
}

// pageIDs are CustomerIDs as query arguments.
func (s *Store) pageIDs(ctx context.Context, q CustomerQuery) ([]any, error) {
	walk, budget, err := s.walksSort(ctx, q)
	if err != nil {
		return nil, err
	}
	arms, err := s.arms(ctx, q, walk)
	if err != nil {
		return nil, err
	}
	if arms != nil {
		return s.armsPage(ctx, q, arms, budget)
	}
	if walk && budget > 0 && sortJoins[q.sortKey()] == "" {
		ids, err := s.boundedWalk(ctx, q, budget)
		if err != nil || len(ids) == max(q.Limit, 1) {
			return ids, err
		}
		if q.sortKey() == "id" && q.banded() { // seek to the matches' band and walk it
			if err := s.findBand(ctx, &q); err != nil {
				return nil, err
			}
			if ids, err = s.boundedWalk(ctx, q, budget); err != nil || len(ids) == max(q.Limit, 1) {
				return ids, err
			}
		}
		walk = false // the matches lie elsewhere in the sort: find them all
	}
	sqlText, args := q.pageQuery(s.DB.Dialect, walk)
	ids, err := s.ids(ctx, sqlText, args...)
	if err != nil {
		return nil, fmt.Errorf("list customers: %w", err)
	}
	return ids, nil
}

// pageQuery is the SQL of one page in the query's order, when it is not
// read arm by arm; walk says whether it walks the sort's index.
func (q *CustomerQuery) pageQuery(d db.Dialect, walk bool) (string, []any) {
	where, args := q.where(d, walk && !q.pinsSort())
	page := fmt.Sprintf(" LIMIT %d OFFSET %d", max(q.Limit, 1), max(q.Offset, 0))
	if !walk && d == db.Postgres {
		return q.matchesFirst(where) + page, args
	}
	order, join := q.orderBy(d, !walk)
	return "SELECT c.id FROM magento_customers c" + join + " WHERE " + where + " ORDER BY " + order + page, args
}

// matchesFirst is PostgreSQL's query of the page from the filter's index:
// the matches are found in a subquery the planner plans on its own (OFFSET
// 0 keeps it apart), then sorted. Left to itself, the planner walks the
// sort's index when it expects the matches spread along it, which a
// filter that goes with the sort (last names starting "Smi" sorted by
// name) is not.
func (q *CustomerQuery) matchesFirst(where string) string {
	key := q.sortKey()
	dir := ""
	if q.Desc {
		dir = " DESC"
	}
	cols, order := []string{"c.id AS id"}, []string{}
	for i, t := range CustomerSorts[key] {
		cols = append(cols, fmt.Sprintf("%s AS s%d", t, i))
		order = append(order, fmt.Sprintf("s%d%s", i, dir))
	}
	order = append(order, "id"+dir)
	return "SELECT id FROM (SELECT " + strings.Join(cols, ", ") + " FROM magento_customers c" + sortJoins[key] +
		" WHERE " + where + " OFFSET 0) m ORDER BY " + strings.Join(order, ", ")
}

// ExplainCustomerGrid returns the database's plans of the grid's count
// (counting up to limit) and page queries for q (of its first arm, for a
// sort read arm by arm, with what follows a walk of it cut short; of the
// bounded walk, not what follows if it falls short), as its EXPLAIN QUERY
// PLAN (SQLite) or EXPLAIN (PostgreSQL) prints them: for benchmarks to
// show which index each case walks.
func (s *Store) ExplainCustomerGrid(ctx context.Context, q CustomerQuery, limit int) (count, page string, err error) {
	countSQL, countArgs := q.countQuery(s.DB.Dialect, limit)
	walk, budget, err := s.walksSort(ctx, q)
	if err != nil {
		return "", "", err
	}
	pageSQL, pageArgs := q.pageQuery(s.DB.Dialect, walk)
	if walk && budget > 0 && sortJoins[q.sortKey()] == "" {
		pageSQL, pageArgs = q.boundedWalkQuery(s.DB.Dialect, budget)
	}
	arms, err := s.arms(ctx, q, walk)
	if err != nil {
		return "", "", err
	}
	if count, err = s.explain(ctx, countSQL, countArgs); err != nil {
		return "", "", err
	}
	if arms != nil {
		page, err = s.explainArm(ctx, &armRead{q: &q, d: s.DB.Dialect, arm: arms[0], budget: budget, then: armThen[q.sortKey()],
			hide: !q.pinsArmOrder()})
		return count, page, err
	}
	page, err = s.explain(ctx, pageSQL, pageArgs)
	return count, page, err
}

func (s *Store) explain(ctx context.Context, sqlText string, args []any) (string, error) {
	prefix, col := "EXPLAIN ", 0
	if s.DB.Dialect == db.SQLite {
		prefix, col = "EXPLAIN QUERY PLAN ", 3
	}
	rows, err := s.DB.QueryContext(ctx, prefix+sqlText, args...)
	if err != nil {
		return "", fmt.Errorf("explain: %w", err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return "", err
	}
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return "", err
		}
		out = append(out, fmt.Sprint(vals[col]))
	}
	return strings.Join(out, "\n"), rows.Err()
}
