package store

import (
	"context"
	"fmt"
	"slices"
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
// the page are counted only as far as the page's offset.

// maxArms is the most records a sort by name is read over; a sort over
// more joins the table and sorts.
const maxArms = 100

// armsSource is, for one sort by a related name, the customer's column,
// whether it may be empty, and the query listing the related records in
// the sort's order, with the organization as $1.
type armsSource struct {
	column, records string
	nullable        bool
}

var armsSources = map[string]armsSource{
	"channel": {"c.channel_id", "SELECT id FROM channels WHERE organization_id = $1 ORDER BY name, id", false},
	"website": {"c.website_id", `SELECT w.id FROM magento_websites w JOIN channels ch ON ch.id = w.channel_id
		WHERE ch.organization_id = $1 ORDER BY COALESCE(w.name, ''), w.id`, true},
	"store": {"c.store_id", `SELECT st.id FROM magento_stores st JOIN channels ch ON ch.id = st.channel_id
		WHERE ch.organization_id = $1 ORDER BY COALESCE(st.name, ''), st.id`, true},
	"group": {"c.group_id", `SELECT g.id FROM magento_customer_groups g JOIN channels ch ON ch.id = g.channel_id
		WHERE ch.organization_id = $1 ORDER BY COALESCE(g.code, ''), g.id`, true},
	"owner": {"c.owner_user_id", "SELECT u.id FROM users u WHERE u.organization_id = $1 ORDER BY " + userName("u") + ", u.id", false},
}

// arms returns the conditions of a sort by a related name's arms in the
// page's order, or nil when the sort is not one, the page is found by the
// filter's index, or there are too many records to read arm by arm.
func (s *Store) arms(ctx context.Context, q CustomerQuery, walk bool) ([]string, error) {
	src, ok := armsSources[q.sortKey()]
	if !ok || !walk {
		return nil, nil
	}
	rows, err := s.DB.QueryContext(ctx, src.records, q.Scope.Customers.OrganizationID)
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
// page's end reads fewer rows than there are matches.
func (s *Store) walksSort(ctx context.Context, q CustomerQuery) (bool, error) {
	switch {
	case q.unfiltered() || q.MatchesMore:
		return true, nil
	case q.Matches == 0:
		return false, nil
	}
	all, _, err := s.CountCustomersUpTo(ctx, CustomerQuery{Scope: q.Scope}, 0)
	if err != nil {
		return false, err
	}
	end := max(q.Offset, 0) + max(q.Limit, 1)
	return float64(end)*float64(all)/float64(q.Matches) < float64(q.Matches), nil
}

// armsPage reads one page of a sort by a related name, arm by arm.
func (s *Store) armsPage(ctx context.Context, q CustomerQuery, arms []string) ([]any, error) {
	where, args := q.where(s.DB.Dialect, true)
	order := "c.id"
	if q.Desc {
		order += " DESC"
	}
	skip, limit := max(q.Offset, 0), max(q.Limit, 1)
	var ids []any
	for _, arm := range arms {
		cond := where + " AND " + arm
		if skip > 0 {
			var n int
			err := s.DB.QueryRowContext(ctx, fmt.Sprintf("SELECT COUNT(*) FROM (SELECT 1 FROM magento_customers c WHERE %s LIMIT %d) m", cond, skip), args...).Scan(&n)
			if err != nil {
				return nil, fmt.Errorf("list customers: %w", err)
			}
			if n <= skip { // the page starts after this arm
				skip -= n
				continue
			}
		}
		got, err := s.ids(ctx, fmt.Sprintf("SELECT c.id FROM magento_customers c WHERE %s ORDER BY %s LIMIT %d OFFSET %d",
			cond, order, limit-len(ids), skip), args...)
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
