package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"magecrm/internal/acl"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/model"
	"magecrm/internal/store"
	"magecrm/internal/testrig"
)

// seedPlanCustomers adds n customers whose values repeat (ties in every
// sort), with missing values (no newsletter answer, no country, no
// region), created in Magento in id order except every ninth, created in
// 2024 out of turn: the matches of a 2024 filter are a band of ids with
// a few more outside it.
func (w *customerWorld) seedPlanCustomers(t *testing.T, n int) {
	t.Helper()
	start := time.Date(2023, 1, 1, 12, 0, 0, 0, time.UTC)
	places := [][2]string{{"DE", "Bayern"}, {"DE", "Berlin"}, {"US", "Texas"}, {"GB", ""}, {"", ""}, {"DE", "bayern"}, {"FR", "Île-de-France"}, {"IE", "O'Brien's"}}
	owners := []int64{w.rep, w.mate, w.boss}
	for i := range n {
		created := start.AddDate(0, 0, i*5)
		if i%9 == 4 {
			created = time.Date(2024, 6, 1+i%20, 0, 0, 0, 0, time.UTC)
		}
		var subscribed *bool
		switch i % 7 {
		case 1, 2, 3:
			subscribed = testrig.Bool(false)
		case 4, 5:
			subscribed = testrig.Bool(true)
		}
		state := 0
		switch {
		case i%11 == 0:
			state = model.SyncPendingSend
		case i%13 == 0:
			state = model.SyncConflict | model.SyncFailed
		}
		st, group := w.storeA, w.groupGeneral
		if i%5 == 0 {
			st = w.storeB
		}
		if i%3 == 0 {
			group = w.groupVIP
		}
		place := places[i%len(places)]
		w.add(t, seedCustomer{first: []string{"Ann", "Bo", "ann"}[i%3], last: []string{"Smith", "Jones"}[i%2],
			email: fmt.Sprintf("c%03d@example.com", i), country: place[0], region: place[1], owner: owners[i%len(owners)],
			store: st, group: group, lifetime: float64(i % 4 * 10), subscribed: subscribed, state: state, created: created})
	}
}

// TestCustomerGridPlansGiveThePlainOrder checks every way the grid finds
// a page (the sort's index walked, within a budget or not, the matches'
// band, value by value, arm by arm, a filter pinning the sort, the
// filter's index) against one plain ORDER BY over every match, on
// customers with ties and missing values, filtered and sorted every way
// those paths take, pages in and across values, as the organization and
// as a business unit.
func TestCustomerGridPlansGiveThePlainOrder(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		w := newCustomerWorld(t, d)
		w.seedPlanCustomers(t, 180)
		ctx := context.Background()
		y2024, y2025 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		filters := map[string]store.CustomerQuery{
			"created in 2024": {CreatedFrom: y2024, CreatedTo: y2025},
			"created in 2030": {CreatedFrom: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)},
			"newsletter no":   {Newsletter: "no"},
			"newsletter none": {Newsletter: "unknown"},
			"in sync":         {SyncState: "in_sync"},
			"conflict":        {SyncState: "conflict"},
			"country DE":      {Country: "DE"},
			"region Bayern":   {Region: "Bayern"},
			"store B":         {StoreID: w.storeB},
			"2024 and no":     {CreatedFrom: y2024, CreatedTo: y2025, Newsletter: "no"},
			"Bavaria in DE":   {Country: "DE", Region: "BAYERN"},
			"country GB":      {Country: "GB"},
			"updated lately":  {UpdatedFrom: time.Date(2024, 12, 1, 0, 0, 0, 0, time.UTC)},
		}
		sorts := []string{"id", "newsletter", "sync", "store", "group", "channel", "owner", "country", "region", "created_at", "updated_at"}
		scopes := map[string]store.CustomerScope{
			"organization": w.scope(actorOf(w, w.boss, w.root, acl.Organization)),
			"sales unit":   w.scope(actorOf(w, w.rep, w.sales, acl.BusinessUnit)),
		}
		pages := [][2]int{{0, 10}, {13, 7}, {60, 25}}
		for fname, f := range filters {
			for sname, scope := range scopes {
				for _, sort := range sorts {
					for _, desc := range []bool{false, true} {
						for _, page := range pages {
							q := f
							q.Scope, q.Sort, q.Desc, q.Offset, q.Limit = scope, sort, desc, page[0], page[1]
							want, err := w.st.PlainCustomerIDs(ctx, q)
							if err != nil {
								t.Fatal(err)
							}
							for _, plan := range []struct{ matches, budget int }{{0, 2000}, {1_000_000, 2000}, {1_000_000, 3}} {
								q.Matches, q.MatchesMore = plan.matches, plan.matches > 0
								restore := store.SetMinWalkBudget(plan.budget)
								got, err := w.st.CustomerIDs(ctx, q)
								restore()
								if err != nil {
									t.Fatalf("%s, %s, sort %s desc %v: %v", fname, sname, sort, desc, err)
								}
								if !slices.Equal(got, want) {
									t.Errorf("%s as %s, sort %s desc %v, page %v (as if %d matched, walk budget %d):\n got %v\nwant %v",
										fname, sname, sort, desc, page, plan.matches, plan.budget, got, want)
								}
							}
						}
					}
				}
			}
		}
	})
}
