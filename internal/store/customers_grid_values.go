package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"magecrm/internal/db"
)

// valueSorts are the sorts by one column of few values, then the id: with
// a filter their page is read value by value like the arms of a sort by a
// related name, each value's rows in id order along the (organization,
// column, id) index, so that a band of matches is sought in each.
// Regions and countries are read place by place (placeArms).
var valueSorts = map[string]string{"newsletter": "c.is_subscribed", "sync": "c.sync_state", "region": "", "country": ""}

// armThen is the sort's term between an arm's value and the id, for the
// sorts whose arms are not in id order.
var armThen = map[string]string{"country": "c.remote_updated_at"}

// valueArms are the arms of a sort in valueSorts, in the page's order:
// the newsletter's two values and none, or each sync state the
// organization's customers have (a seek each on the sort's index).
func (s *Store) valueArms(ctx context.Context, q CustomerQuery, col string) ([]string, error) {
	var arms []string
	switch {
	case col == "":
		return s.placeArms(ctx, q)
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

// placeArms are the arms of a sort by region (one per region and country
// the organization's customers have) or by country (one per country), in
// the page's order, leaving out those a region or country filter leaves
// no match in: German customers sorted by region read Germany's four
// regions alone, Bavaria's sorted by country Germany alone. None when a
// customer has no region or no country (NULL), which the arms would not
// cover.
func (s *Store) placeArms(ctx context.Context, q CustomerQuery) ([]string, error) {
	byCountry := q.sortKey() == "country"
	pairs, err := s.places(ctx, q.Scope.Customers.OrganizationID, byCountry)
	if err != nil || pairs == nil {
		return nil, err
	}
	var arms []string
	for _, p := range pairs {
		region, country := p[0], p[1]
		if q.Region != "" && region != strings.ToLower(q.Region) || q.Country != "" && country != q.Country {
			continue
		}
		arm := "c.billing_country = " + quoteText(country)
		if !byCountry {
			arm = "lower(c.billing_region) = " + quoteText(region) + " AND " + arm
		}
		if len(arms) == 0 || arms[len(arms)-1] != arm {
			arms = append(arms, arm)
		}
	}
	if len(arms) > maxArms {
		return nil, nil
	}
	if q.Desc {
		slices.Reverse(arms)
	}
	return arms, nil
}

// places lists the organization's lower-cased regions and countries in
// pairs, in the region sort's order (or the country's), a seek each on
// the region index; nil when a customer has no region or no country, or
// a value that cannot be written as a literal.
func (s *Store) places(ctx context.Context, org int64, byCountry bool) ([][2]string, error) {
	var nulls int
	if err := s.DB.QueryRowContext(ctx, fmt.Sprintf(`SELECT
		(SELECT COUNT(*) FROM (SELECT 1 FROM magento_customers c WHERE c.organization_id = %[1]d AND lower(c.billing_region) IS NULL LIMIT 1) a) +
		(SELECT COUNT(*) FROM (SELECT 1 FROM magento_customers c WHERE c.organization_id = %[1]d AND c.billing_country IS NULL LIMIT 1) b)`,
		org)).Scan(&nulls); err != nil || nulls > 0 {
		return nil, err
	}
	order := "v, k"
	if byCountry {
		order = "k, v"
	}
	rows, err := s.DB.QueryContext(ctx, fmt.Sprintf(`WITH RECURSIVE r(v) AS (
			SELECT MIN(lower(c.billing_region)) FROM magento_customers c WHERE c.organization_id = %[1]d
			UNION ALL SELECT (SELECT MIN(lower(c.billing_region)) FROM magento_customers c
				WHERE c.organization_id = %[1]d AND lower(c.billing_region) > r.v) FROM r WHERE r.v IS NOT NULL),
		p(v, k) AS (
			SELECT r.v, (SELECT MIN(c.billing_country) FROM magento_customers c
				WHERE c.organization_id = %[1]d AND lower(c.billing_region) = r.v) FROM r WHERE r.v IS NOT NULL
			UNION ALL SELECT p.v, (SELECT MIN(c.billing_country) FROM magento_customers c
				WHERE c.organization_id = %[1]d AND lower(c.billing_region) = p.v AND c.billing_country > p.k) FROM p WHERE p.k IS NOT NULL)
		SELECT v, k FROM p WHERE k IS NOT NULL ORDER BY %[2]s`, org, order))
	if err != nil {
		return nil, fmt.Errorf("list customers: %w", err)
	}
	defer rows.Close()
	var pairs [][2]string
	for rows.Next() {
		var p [2]string
		if err := rows.Scan(&p[0], &p[1]); err != nil {
			return nil, err
		}
		if !literal(p[0]) || !literal(p[1]) {
			return nil, nil
		}
		pairs = append(pairs, p)
	}
	return pairs, rows.Err()
}

// literal reports whether quoteText writes s exactly.
func literal(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

// quoteText is s as an SQL string literal (a value of the database's own,
// never input: input is a bound parameter).
func quoteText(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// pinsArmOrder reports whether the query's one filter is a range of its
// arms' term before the id (updated in the last 30 days sorted by
// country): in each arm its matches are then one stretch of the arm's
// order, which the index seeks with the filter visible.
func (q *CustomerQuery) pinsArmOrder() bool {
	rest := *q
	rest.UpdatedFrom, rest.UpdatedTo = time.Time{}, time.Time{}
	return armThen[q.sortKey()] == "c.remote_updated_at" && !q.unfiltered() && rest.unfiltered()
}
