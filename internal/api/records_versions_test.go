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

// Many changes sent at once with the same If-Match: exactly one is saved,
// the others answer 412 (the version is compared and set in the UPDATE,
// not checked before it).
func TestConcurrentChangesWithOneETagSaveOnce(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		a := newTestAPI(t, d, api.Options{})
		admin := a.token("admin", false)
		a.addUser("vera", "Sales Representative", "")
		var made struct {
			ID int64 `json:"id"`
		}
		cases := map[string]struct {
			path   string
			change func(i int) map[string]any
		}{}
		for _, kind := range []struct {
			path string
			body map[string]any
		}{{"/api/v1/contacts", map[string]any{"last_name": "Lee"}}, {"/api/v1/accounts", map[string]any{"name": "Acme"}}} {
			got := a.call(admin, "POST", kind.path, kind.body)
			got.json(t, &made)
			field := map[string]string{"/api/v1/contacts": "job_title", "/api/v1/accounts": "name"}[kind.path]
			cases[kind.path] = struct {
				path   string
				change func(i int) map[string]any
			}{fmt.Sprintf("%s/%d", kind.path, made.ID), func(i int) map[string]any { return map[string]any{field: fmt.Sprint("v", i)} }}
		}
		var vera int64
		d.QueryRow("SELECT id FROM users WHERE username = 'vera'").Scan(&vera)
		cases["users"] = struct {
			path   string
			change func(i int) map[string]any
		}{fmt.Sprintf("/api/v1/users/%d", vera), func(i int) map[string]any { return map[string]any{"first_name": fmt.Sprint("V", i)} }}

		for name, c := range cases {
			etag := a.call(admin, "GET", c.path, nil).header.Get("ETag")
			const n = 8
			codes := make([]int, n)
			var wg sync.WaitGroup
			for i := range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					codes[i] = a.call(admin, "PATCH", c.path, c.change(i), "If-Match", etag).status
				}()
			}
			wg.Wait()
			saved := 0
			for _, code := range codes {
				switch code {
				case http.StatusOK:
					saved++
				case http.StatusPreconditionFailed:
				default:
					t.Errorf("%s: answer %d", name, code)
				}
			}
			if saved != 1 {
				t.Errorf("%s: %d of %d changes with one ETag were saved (%v)", name, saved, n, codes)
			}
			if now := a.call(admin, "GET", c.path, nil).header.Get("ETag"); now == etag {
				t.Errorf("%s: the ETag did not change", name)
			}
		}
	})
}
