package main

import (
	"context"
	"fmt"
	"net/url"
	"slices"

	"magecrm/internal/db"
	"magecrm/internal/store"
)

// gridCase is one timed grid request.
type gridCase struct {
	name  string
	path  string
	rep   bool // as a Sales Representative (business-unit scope) instead of the administrator
	combo bool // a filter with a sort: timed with fewer requests
}

// filter is one of the grid's filters with a value found in the data.
type filter struct {
	name  string
	query url.Values
}

// filters are every filter of the grid, each with a value chosen for its
// selectivity: some match many customers, some few, some none (a sort
// that walks its index to find few matches is the slow case).
func filters(ctx context.Context, d *db.DB) ([]filter, error) {
	one := func(q string) (string, error) {
		var v string
		if err := d.QueryRowContext(ctx, q).Scan(&v); err != nil {
			return "", fmt.Errorf("%s: %w", q, err)
		}
		return v, nil
	}
	var channel, website, store, group, owner string
	var err error
	for _, p := range []struct {
		v *string
		q string
	}{
		{&channel, "SELECT CAST(MIN(id) AS TEXT) FROM channels"},
		{&website, "SELECT CAST(MAX(id) AS TEXT) FROM magento_websites"},
		{&store, "SELECT CAST(MAX(id) AS TEXT) FROM magento_stores"},
		{&group, "SELECT CAST(MAX(id) AS TEXT) FROM magento_customer_groups WHERE origin_id = 3"},
		{&owner, "SELECT CAST(id AS TEXT) FROM users WHERE username = 'rep1'"},
	} {
		if *p.v, err = one(p.q); err != nil {
			return nil, err
		}
	}
	f := func(name string, kv ...string) filter {
		q := url.Values{}
		for i := 0; i < len(kv); i += 2 {
			q.Add(kv[i], kv[i+1])
		}
		return filter{name, q}
	}
	return []filter{
		f("channel", "channel", channel),
		f("website (second)", "website", website),
		f("store (last)", "store", store),
		f("group Retailer", "group", group),
		f("first name \"Ann\"", "first_name", "Ann"),
		f("last name \"Smi\"", "last_name", "Smi"),
		f("last name \"Zz\" (none)", "last_name", "Zz"),
		f("email starts with \"jo\"", "email", "jo"),
		f("email starts with \"mar\"", "email", "mar"),
		f("email contains \"mar\"", "email", "mar", "email_match", "contains"),
		f("country DE", "country", "DE"),
		f("country US, region California", "country", "US", "region", "California"),
		f("region Bayern", "region", "Bayern"),
		f("lifetime value ≥ 100 (none)", "lifetime_min", "100"),
		f("lifetime value ≤ 0", "lifetime_max", "0"),
		f("created in Magento in 2024", "created_from", "2024-01-01", "created_to", "2024-12-31"),
		f("updated in Magento in the last 30 days", "updated_from", "2026-11-01"),
		f("newsletter subscribed", "newsletter", "yes"),
		f("newsletter not subscribed", "newsletter", "no"),
		f("sync state in sync", "sync", "in_sync"),
		f("sync state waiting to be sent", "sync", "pending"),
		f("sync state conflict", "sync", "conflict"),
		f("owner rep1", "owner", owner),
	}, nil
}

// sortKeys are the grid's sortable columns, in a stable order.
func sortKeys() []string {
	keys := make([]string, 0, len(store.CustomerSorts))
	for k := range store.CustomerSorts {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// gridCases lists the default page, every sort in both directions, every
// filter alone, and every filter with every sort in both directions.
func gridCases(fs []filter) []gridCase {
	cases := []gridCase{
		{name: "default page (name; 25 rows + total)", path: "/customers"},
		{name: "Sales Representative, own unit", path: "/customers", rep: true},
		{name: "page 200 of the default sort", path: "/customers?page=200"},
	}
	dirs := []string{"asc", "desc"}
	for _, k := range sortKeys() {
		for _, dir := range dirs {
			cases = append(cases, gridCase{name: "sort " + k + " " + dir, path: "/customers?sort=" + k + "&dir=" + dir})
		}
	}
	for _, f := range fs {
		cases = append(cases, gridCase{name: f.name, path: "/customers?" + f.query.Encode()})
	}
	for _, f := range fs {
		for _, k := range sortKeys() {
			for _, dir := range dirs {
				q := url.Values{}
				for key, v := range f.query {
					q[key] = v
				}
				q.Set("sort", k)
				q.Set("dir", dir)
				cases = append(cases, gridCase{name: f.name + ", sort " + k + " " + dir, path: "/customers?" + q.Encode(), combo: true})
			}
		}
	}
	return cases
}
