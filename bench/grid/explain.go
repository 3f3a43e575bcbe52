package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"

	"magecrm/internal/acl"
	"magecrm/internal/crm"
	"magecrm/internal/store"
)

// explainCases prints, for each case the administrator opens, the plans
// of its count and page queries: which index each walks, to show the plan
// shapes hold at the size measured.
func explainCases(ctx context.Context, out io.Writer, st *store.Store, org int64, cases []gridCase) error {
	for _, c := range cases {
		if c.rep {
			continue
		}
		u, err := url.Parse(c.path)
		if err != nil {
			return err
		}
		q := queryOf(u.Query())
		q.Scope = store.CustomerScope{Customers: acl.Scope{Level: acl.Organization, OrganizationID: org}}
		n, exact, err := st.CountCustomersUpTo(ctx, q, crm.DefaultGridCountLimit)
		if err != nil {
			return err
		}
		q.Matches, q.MatchesMore, q.Limit = n, !exact, 25
		count, page, err := st.ExplainCustomerGrid(ctx, q, crm.DefaultGridCountLimit)
		if err != nil {
			return fmt.Errorf("%s: %w", c.name, err)
		}
		fmt.Fprintf(out, "## %s (%d counted)\ncount: %s\npage:  %s\n\n", c.name, n,
			strings.ReplaceAll(count, "\n", "\n       "), strings.ReplaceAll(page, "\n", "\n       "))
	}
	return nil
}

// queryOf reads the grid parameters the benchmark's cases use.
func queryOf(v url.Values) store.CustomerQuery {
	id := func(k string) int64 { n, _ := strconv.ParseInt(v.Get(k), 10, 64); return n }
	day := func(k string) time.Time { t, _ := time.Parse("2006-01-02", v.Get(k)); return t }
	amount := func(k string) *float64 {
		f, err := strconv.ParseFloat(v.Get(k), 64)
		if err != nil {
			return nil
		}
		return &f
	}
	q := store.CustomerQuery{ChannelID: id("channel"), WebsiteID: id("website"), StoreID: id("store"), OwnerID: id("owner"),
		FirstName: v.Get("first_name"), LastName: v.Get("last_name"), Email: v.Get("email"), EmailMatch: v.Get("email_match"),
		Country: v.Get("country"), Region: v.Get("region"), Newsletter: v.Get("newsletter"), SyncState: v.Get("sync"),
		LifetimeMin: amount("lifetime_min"), LifetimeMax: amount("lifetime_max"),
		CreatedFrom: day("created_from"), CreatedTo: day("created_to"), UpdatedFrom: day("updated_from"), UpdatedTo: day("updated_to"),
		Sort: v.Get("sort"), Desc: v.Get("dir") == "desc"}
	if g := id("group"); g != 0 {
		q.GroupIDs = []int64{g}
	}
	if !q.CreatedTo.IsZero() {
		q.CreatedTo = q.CreatedTo.AddDate(0, 0, 1)
	}
	if q.Sort == "" {
		q.Sort = "last_name"
	}
	return q
}
