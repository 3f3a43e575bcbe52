package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"magecrm/internal/db"
)

// How a page of the grid is found at a million customers.
//
// The grid counts the matches first (up to a limit). With few, the
// filter's index finds them all and they are sorted. With many, or no
// filter, the sort's index is walked from its start and each row checked
// against the filters until the page is full: every sortable column has
// an index that starts with the organization. Walking to the end of page
// p reads about (p's end) × all / matches rows, finding them all reads
// the matches: the cheaper one is taken (walksSort). SQLite
// cannot tell how many rows a range or a LIKE holds, so the query is
// written to leave it one choice: a unary + takes the filters' columns
// (or the sort's terms) out of its reach. PostgreSQL's planner estimates
// well from its statistics and gets the plain query.
//
// A sort by a name kept in another table (channel, website, store, group,
// owner) has no index of its own: the page is then read arm by arm, one
// arm per related record in name order, each along the index on the
// customer's reference and id, until the page is full; the arms before
// the page are counted only as far as the page's offset. A filtered sort
// by a column of few values (newsletter, sync state, region with country,
// country) is read the same way, value by value (customers_grid_values.go),
// and the places a region or country filter leaves no match in are left
// out: German customers sorted by region read Germany's regions alone.
//
// A filter that holds the sort's first term to one value or range
// (newsletter "no" sorted by newsletter, created in 2024 sorted by created)
// has its matches in one stretch of the sort's index: that stretch is
// read with the filter visible, not walked from the index's start (the
// same within each country for a range of updated times, sorted by
// country). A filtered walk, or an arm's, that finds no page within its
// budget seeks the matches' band of ids, their least and greatest, read
// on the filter's index (customers_grid_band.go): customers created in
// 2024 are one sixth of the ids, stored together, and a sort by id, or an
// arm in id order, finds its page at the band's start.

// minWalkBudget is the fewest rows a walk with a filter may read before
// the matches are found on the filter's index (a variable for tests, whose
// few customers would never use it up).
var minWalkBudget = 2000

// maxArms is the most records a sort by name is read over; a sort over
// more joins the table and sorts.
const maxArms = 100

// armsSource is, for one sort by a related name, the customer's column,
// whether it may be empty, and the related records in the sort's order:
// the table (aliased r), its name, and the filters of the query that
// leave some of its records no customer to show.
type armsSource struct {
	column, table, name string
	nullable            bool
	narrow              func(q *CustomerQuery, c *conditions)
}

var armsSources = map[string]armsSource{
	"channel": {"c.channel_id", "channels", "r.name", false, func(q *CustomerQuery, c *conditions) {
		c.equal("r.id", q.ChannelID)
	}},
	"website": {"c.website_id", "magento_websites", "COALESCE(r.name, '')", true, func(q *CustomerQuery, c *conditions) {
		c.equal("r.channel_id", q.ChannelID)
		c.equal("r.id", q.WebsiteID)
		if q.StoreID != 0 {
			c.add("r.id IN (SELECT website_id FROM magento_stores WHERE id = " + c.arg(q.StoreID) + ")")
		}
	}},
	"store": {"c.store_id", "magento_stores", "COALESCE(r.name, '')", true, func(q *CustomerQuery, c *conditions) {
		c.equal("r.channel_id", q.ChannelID)
		c.equal("r.website_id", q.WebsiteID)
		c.equal("r.id", q.StoreID)
	}},
	"group": {"c.group_id", "magento_customer_groups", "COALESCE(r.code, '')", true, func(q *CustomerQuery, c *conditions) {
		c.equal("r.channel_id", q.ChannelID)
		c.in("r.id", q.GroupIDs)
	}},
	"owner": {"c.owner_user_id", "users", userName("r"), false, func(q *CustomerQuery, c *conditions) {
		c.equal("r.id", q.OwnerID)
		c.add(scopeColumns{owner: "r.id", organization: "r.organization_id"}.where(q.Scope.Customers, c.dialect))
	}},
}

// arms returns the conditions of a sort by a related name's arms in the
// page's order, or nil when the sort is not one, the page is found by the
// filter's index, or there are too many records to read arm by arm. Only
// records the filters and the scope leave customers to are read.
func (s *Store) arms(ctx context.Context, q CustomerQuery, walk bool) ([]string, error) {
	if col, ok := valueSorts[q.sortKey()]; ok && walk && !q.unfiltered() && !q.pinsSort() {
		return s.valueArms(ctx, q, col)
	}
	src, ok := armsSources[q.sortKey()]
	if !ok || !walk {
		return nil, nil
	}
	c := &conditions{dialect: s.DB.Dialect}
	src.narrow(&q, c)
	org := c.arg(q.Scope.Customers.OrganizationID)
	if src.table == "channels" || src.table == "users" {
		c.add("r.organization_id = " + org)
	} else {
		c.add("r.channel_id IN (SELECT id FROM channels WHERE organization_id = " + org + ")")
	}
	rows, err := s.DB.QueryContext(ctx, "SELECT r.id FROM "+src.table+" r WHERE "+strings.Join(c.parts, " AND ")+
		" ORDER BY "+src.name+", r.id", c.args...)
	if err != nil {
		return nil, fmt.Errorf("list customers: %w", err)
	}
	defer rows.Close()
	var arms []string
	if src.nullable { // no website, store or group: an empty name, first
		arms = append(arms, src.column+" IS NULL")
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		arms = append(arms, fmt.Sprintf("%s = %d", src.column, id))
	}
	if err := rows.Err(); err != nil || len(arms) > maxArms {
		return nil, err
	}
	if q.Desc {
		slices.Reverse(arms)
	}
	return arms, nil
}

// walksSort reports whether the page is found by walking the sort's
// index rather than by finding every match on the filter's: with no
// filter, with more matches than were counted, or when the walk to the
// page's end reads fewer rows than there are matches. With a filter it
// also returns a budget: how many rows the walk may read before the
// matches are found the other way. A filter that goes
// with the sort (first names starting "Jo" sorted by email, Bavaria by
// country) has its matches together somewhere along the sort's index,
// not spread over it, and a walk from the wrong end would read most of
// the table.
func (s *Store) walksSort(ctx context.Context, q CustomerQuery) (walk bool, budget int, err error) {
	switch {
	case q.unfiltered():
		return true, 0, nil
	case q.Matches == 0 || q.filtersSortColumn():
		return false, 0, nil
	}
	all, _, err := s.CountCustomersUpTo(ctx, CustomerQuery{Scope: q.Scope}, 0)
	if err != nil {
		return false, 0, err
	}
	end := max(q.Offset, 0) + max(q.Limit, 1)
	rows := float64(end) * float64(all) / float64(q.Matches)
	walk = q.MatchesMore || rows < float64(q.Matches)
	if q.pinsSort() { // every row of one stretch of the sort's index matches
		return walk, 0, nil
	}
	return walk, max(int(4*rows), minWalkBudget), nil
}

// pinsSort reports whether the query's one filter holds the sort's first
// term to one value or one range (newsletter "no" sorted by newsletter,
// created in 2024 sorted by created): its matches are then one stretch of
// the sort's index, in the sort's order, and a walk reads that stretch
// alone, the filter visible to the database, never the rows before it.
func (q *CustomerQuery) pinsSort() bool {
	rest := *q
	switch q.sortKey() {
	case "newsletter":
		rest.Newsletter = ""
	case "country":
		rest.Country = ""
	case "region":
		rest.Region = ""
	case "sync":
		if q.SyncState != "in_sync" { // a flag is a range of states, not all matching
			return false
		}
		rest.SyncState = ""
	case "created_at":
		rest.CreatedFrom, rest.CreatedTo = time.Time{}, time.Time{}
	case "updated_at":
		rest.UpdatedFrom, rest.UpdatedTo = time.Time{}, time.Time{}
	default:
		return false
	}
	return !q.unfiltered() && rest.unfiltered()
}

// filtersSortColumn reports whether the query filters by the start of the
// column it sorts by: its matches then lie together along the sort's
// index, never spread over it, and the filter's index holds them in the
// sort's order (or their sort terms).
func (q *CustomerQuery) filtersSortColumn() bool {
	switch q.sortKey() {
	case "name", "last_name":
		return q.LastName != ""
	case "first_name":
		return q.FirstName != ""
	case "email":
		return q.Email != "" && q.EmailMatch != "contains"
	}
	return false
}

// boundedWalk walks the sort's index for the page, reading at most budget
// rows of it; a page it returns short is not the page.
func (s *Store) boundedWalk(ctx context.Context, q CustomerQuery, budget int) ([]any, error) {
	sqlText, args := q.boundedWalkQuery(s.DB.Dialect, budget)
	ids, err := s.ids(ctx, sqlText, args...)
	if err != nil {
		return nil, fmt.Errorf("list customers: %w", err)
	}
	return ids, nil
}

// boundedWalkQuery is the SQL of boundedWalk.
func (q *CustomerQuery) boundedWalkQuery(d db.Dialect, budget int) (string, []any) {
	scope, filters, args := q.whereParts(d, true)
	order, _ := q.orderBy(d, false)
	return fmt.Sprintf(`SELECT id FROM (SELECT c.id, CASE WHEN %s THEN 1 ELSE 0 END AS hit FROM magento_customers c
		WHERE %s ORDER BY %s LIMIT %d) w WHERE hit = 1 LIMIT %d OFFSET %d`,
		filters, scope, order, budget+max(q.Offset, 0), max(q.Limit, 1), max(q.Offset, 0)), args
}
