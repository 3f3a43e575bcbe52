package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"magecrm/internal/acl"
	"magecrm/internal/dbtest"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

// exportIDs exports q and returns the customers' ids in the export's order.
func exportIDs(t *testing.T, st *store.Store, q store.CustomerQuery) []int64 {
	t.Helper()
	var ids []int64
	err := st.ExportCustomers(context.Background(), q, func(c *model.Customer) error {
		ids = append(ids, c.ID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// TestExportInChunksKeepsTheOrder: a SQLite export read in many small chunks on
// two connections gives the rows, each once, in the order one query gives,
// for every sort it is read in chunks for, both ways, and within a
// business unit's scope. Names repeat, so the chunks' boundaries fall
// inside runs of equal sort values.
func TestExportInChunksKeepsTheOrder(t *testing.T) {
	d := dbtest.SQLiteOnly(t, "only SQLite reads an export in chunks; PostgreSQL reads it in one query")
	{
		w := newCustomerWorld(t, d)
		owners := []int64{w.boss, w.rep, w.mate}
		countries := []string{"DE", "US", "GB"}
		for i := range 60 {
			w.add(t, seedCustomer{first: fmt.Sprintf("F%d", i%4), last: fmt.Sprintf("L%d", i%5),
				email: fmt.Sprintf("c%02d@x%d.test", i, i%3), country: countries[i%3], region: fmt.Sprintf("R%d", i%2),
				owner: owners[i%3], store: w.storeA, group: w.groupGeneral, lifetime: float64(i%6) * 10.5})
		}
		scopes := map[string]store.CustomerScope{
			"organization":  w.scope(actorOf(w, w.boss, w.root, acl.Organization)),
			"business unit": w.scope(actorOf(w, w.rep, w.sales, acl.BusinessUnit)),
		}
		for _, sort := range []string{"name", "id", "first_name", "last_name", "email", "lifetime", "country", "region",
			"sync", "created_at", "updated_at"} {
			for _, desc := range []bool{false, true} {
				for scopeName, scope := range scopes {
					q := store.CustomerQuery{Scope: scope, Sort: sort, Desc: desc}
					restore := store.SetExportChunk(1 << 30)
					want := exportIDs(t, w.st, q)
					restore()
					restore = store.SetExportChunk(7)
					got := exportIDs(t, w.st, q)
					restore()
					if len(want) < 20 || !slices.Equal(got, want) {
						t.Errorf("sort %s desc %v, %s: in chunks %v, in one query %v", sort, desc, scopeName, got, want)
					}
				}
			}
		}
	}
}
