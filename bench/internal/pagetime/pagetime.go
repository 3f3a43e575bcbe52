// Package pagetime times magecrm's pages as the server sees them, for the
// benchmark programs under bench/.
package pagetime

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"time"
)

// WarmUp is how many first requests of a page are usually not timed: they
// fill the caches.
const WarmUp = 3

// Get serves warmUp untimed, then runs timed GET requests for path, signed
// in with the session token, through h, and returns the timed ones' median
// and 95th percentile. Every answer must be 200 and contain want.
func Get(h http.Handler, token, path, want string, warmUp, runs int) (p50, p95 time.Duration, err error) {
	var times []time.Duration
	for i := range runs + warmUp {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.AddCookie(&http.Cookie{Name: "magecrm_session", Value: token})
		rec := httptest.NewRecorder()
		start := time.Now()
		h.ServeHTTP(rec, req)
		elapsed := time.Since(start)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), want) {
			return 0, 0, fmt.Errorf("GET %s: status %d", path, rec.Code)
		}
		if i >= warmUp {
			times = append(times, elapsed)
		}
	}
	slices.Sort(times)
	return times[len(times)/2], times[(len(times)*95+99)/100-1], nil
}

// MS is d in milliseconds, for printing.
func MS(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
