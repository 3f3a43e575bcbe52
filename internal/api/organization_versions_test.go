package api_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"

	"magecrm/internal/api"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
)

// TestUnitAndRoleChangesOnOneVersionSaveOnce: several changes of a unit,
// and of a role, sent at once with the same ETag: exactly one is saved,
// the others answer 412, as for customers, contacts, accounts and users.
func TestUnitAndRoleChangesOnOneVersionSaveOnce(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		a := newTestAPI(t, d, api.Options{})
		admin := a.token("admin", false)
		var root int64
		d.QueryRow("SELECT id FROM business_units WHERE parent_id IS NULL").Scan(&root)
		var unit, role struct {
			ID int64 `json:"id"`
		}
		a.call(admin, "POST", "/api/v1/business-units", map[string]any{"name": "North", "parent_id": root}).json(t, &unit)
		a.call(admin, "POST", "/api/v1/roles", map[string]any{"name": "Auditor"}).json(t, &role)
		for _, c := range []struct {
			path string
			body func(i int) map[string]any
		}{
			{fmt.Sprintf("/api/v1/business-units/%d", unit.ID), func(i int) map[string]any { return map[string]any{"name": fmt.Sprintf("North %d", i)} }},
			{fmt.Sprintf("/api/v1/roles/%d", role.ID), func(i int) map[string]any { return map[string]any{"name": fmt.Sprintf("Auditor %d", i)} }},
		} {
			tag := a.call(admin, "GET", c.path, nil).header.Get("ETag")
			const writers = 6
			var wg sync.WaitGroup
			statuses := make(chan int, writers)
			for i := range writers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					statuses <- a.call(admin, "PATCH", c.path, c.body(i), "If-Match", tag).status
				}()
			}
			wg.Wait()
			close(statuses)
			count := map[int]int{}
			for s := range statuses {
				count[s]++
			}
			if count[http.StatusOK] != 1 || count[http.StatusPreconditionFailed] != writers-1 {
				t.Errorf("%s: %d changes on one version answered %v, want one 200 and the rest 412", c.path, writers, count)
			}
			if got := a.call(admin, "PATCH", c.path, c.body(99), "If-Match", tag); got.status != http.StatusPreconditionFailed {
				t.Errorf("%s: a change on the old version later: %d", c.path, got.status)
			}
			if got := a.call(admin, "GET", c.path, nil); got.header.Get("ETag") == tag {
				t.Errorf("%s: the ETag did not change with the save", c.path)
			}
		}
	})
}
