package api_test

import (
	"fmt"
	"strings"
	"testing"

	"magecrm/internal/api"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
)

// A walk over contacts and accounts by cursor, with records added before
// and behind its position meanwhile, returns each record at most once and
// misses none that existed throughout.
func TestContactAndAccountCursorsAreKeysets(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		a := newTestAPI(t, d, api.Options{})
		admin := a.token("admin", false)
		for _, kind := range []struct{ path, field string }{{"/api/v1/contacts", "last_name"}, {"/api/v1/accounts", "name"}} {
			for _, sort := range []string{"name", "created_at"} {
				for _, n := range []string{"Baker", "Clark", "Davis", "Evans", "Foster", "Green", "Hughes"} {
					a.call(admin, "POST", kind.path, map[string]any{kind.field: n + " " + sort})
				}
				seen := map[string]int{}
				next := kind.path + "?limit=2&sort=" + sort + "&dir=desc&search=" + sort
				for page := 0; next != ""; page++ {
					var p struct {
						Items []map[string]any `json:"items"`
						Next  string           `json:"next"`
					}
					a.call(admin, "GET", next, nil).json(t, &p)
					for _, it := range p.Items {
						seen[fmt.Sprint(it[kind.field])]++
					}
					// Added meanwhile: one at each end of the sort.
					a.call(admin, "POST", kind.path, map[string]any{kind.field: fmt.Sprintf("Aaron%d %s", page, sort)})
					a.call(admin, "POST", kind.path, map[string]any{kind.field: fmt.Sprintf("Zed%d %s", page, sort)})
					next = p.Next
				}
				for _, n := range []string{"Baker", "Clark", "Davis", "Evans", "Foster", "Green", "Hughes"} {
					if seen[n+" "+sort] != 1 {
						t.Errorf("%s by %s: %s came %d times", kind.path, sort, n, seen[n+" "+sort])
					}
				}
				for name, c := range seen {
					if c > 1 {
						t.Errorf("%s by %s: %s came %d times", kind.path, sort, name, c)
					}
				}
			}
		}
		bad := a.call(admin, "GET", "/api/v1/contacts?cursor=bm9wZQ", nil).problem(t)
		if !strings.Contains(bad.fieldMessage("query.cursor"), "damaged") {
			t.Errorf("damaged cursor: %+v", bad)
		}
	})
}
