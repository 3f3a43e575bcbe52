package store_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"magecrm/internal/acl"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/store"
)

// walk reads every page of q after one another, passing each key through
// JSON as a cursor does, and returns the emails' local parts in order.
func walk(t *testing.T, st *store.Store, q store.CustomerQuery) []string {
	t.Helper()
	var got []string
	var key store.CustomerKey
	for pages := 0; ; pages++ {
		if pages > 20 {
			t.Fatal("the walk does not end")
		}
		list, next, err := st.CustomersAfter(context.Background(), q, key)
		if err != nil {
			t.Fatalf("sort %s: %v", q.Sort, err)
		}
		got = append(got, emails(list)...)
		if next == nil {
			return got
		}
		b, _ := json.Marshal(next)
		key = nil
		if err := json.Unmarshal(b, &key); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCustomerKeysetWalksEverySortOnce(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		w := newCustomerWorld(t, d)
		w.seed(t)
		w.add(t, seedCustomer{first: "Anna", last: "Zimmer", email: "anna2@zimmer.de", owner: w.rep, store: w.storeA, group: w.groupGeneral, lifetime: 10.25})
		all := w.scope(actorOf(w, w.boss, w.root, acl.Organization))
		for sort := range store.CustomerSorts {
			for _, desc := range []bool{false, true} {
				q := store.CustomerQuery{Scope: all, Sort: sort, Desc: desc, Limit: 2}
				paged := walk(t, w.st, q)
				q.Limit = 100
				whole := walk(t, w.st, q)
				if len(whole) != 6 || !slices.Equal(paged, whole) {
					t.Errorf("sort %s desc %v: pages of 2 give %v, one page gives %v", sort, desc, paged, whole)
				}
			}
		}
		byName := walk(t, w.st, store.CustomerQuery{Scope: all, Sort: "name", Limit: 2})
		if want := []string{"bob", "dan_adams", "eve", "carla", "anna", "anna2"}; !slices.Equal(byName, want) {
			t.Errorf("by name: %v, want %v", byName, want)
		}
		filtered := walk(t, w.st, store.CustomerQuery{Scope: all, Country: "DE", Sort: "lifetime", Limit: 1})
		if want := []string{"anna", "carla"}; !slices.Equal(filtered, want) {
			t.Errorf("filtered by country, by lifetime: %v, want %v", filtered, want)
		}
		if _, _, err := w.st.CustomersAfter(context.Background(), store.CustomerQuery{Scope: all, Sort: "name"}, store.CustomerKey{int64(1)}); err != store.ErrBadKey {
			t.Errorf("a key of another sort: %v", err)
		}
	})
}
