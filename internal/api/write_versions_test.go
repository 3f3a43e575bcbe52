package api_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
)

// Activities and channels, like the other records: of many changes sent
// at once with the same If-Match exactly one is saved, the others answer
// 412.
func TestConcurrentActivityAndChannelChangesWithOneETagSaveOnce(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		r := newActivityRig(t, d)
		var made struct {
			ID int64 `json:"id"`
		}
		r.call(r.admin, "POST", fmt.Sprintf("/api/v1/customers/%d/activities", r.customer), map[string]any{"kind": "note", "body": "first"}).json(t, &made)
		activity := fmt.Sprintf("/api/v1/activities/%d", made.ID)
		r.call(r.admin, "POST", "/api/v1/channels", map[string]any{"name": "Versions", "base_url": "https://shop.example.com/",
			"credentials": map[string]any{"username": "crm", "password": "a-secret-1"}}).json(t, &made)
		channel := fmt.Sprintf("/api/v1/channels/%d", made.ID)
		for path, change := range map[string]func(int) map[string]any{
			activity: func(i int) map[string]any { return map[string]any{"body": fmt.Sprint("note ", i)} },
			channel:  func(i int) map[string]any { return map[string]any{"name": fmt.Sprint("Versions ", i)} },
		} {
			etag := r.call(r.admin, "GET", path, nil).header.Get("ETag")
			const n = 8
			codes := make([]int, n)
			var wg sync.WaitGroup
			for i := range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					codes[i] = r.call(r.admin, "PATCH", path, change(i), "If-Match", etag).status
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
					t.Errorf("%s: answer %d", path, code)
				}
			}
			if saved != 1 {
				t.Errorf("%s: %d of %d changes with one ETag were saved (%v)", path, saved, n, codes)
			}
		}
	})
}
