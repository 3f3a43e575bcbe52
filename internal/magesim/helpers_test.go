package magesim

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// testClock is a settable clock shared by a test and its store.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// env is a simulated store on a real HTTP server, with a test clock.
type env struct {
	t     *testing.T
	sim   *Sim
	srv   *httptest.Server
	clock *testClock
	token string // an admin token
}

var testEpoch = time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC)

func newEnv(t *testing.T, opts Options) *env {
	t.Helper()
	clock := &testClock{t: testEpoch}
	if opts.Now == nil {
		opts.Now = clock.Now
	}
	if opts.Seed == 0 {
		opts.Seed = 7
	}
	sim, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sim.Handler())
	t.Cleanup(srv.Close)
	return &env{t: t, sim: sim, srv: srv, clock: clock}
}

// answer is an HTTP answer.
type answer struct {
	status int
	body   []byte
	header http.Header
}

func (a answer) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(a.body, &m); err != nil {
		t.Fatalf("answer is not a JSON object: %v: %s", err, a.body)
	}
	return m
}

// request sends a request; auth is a full Authorization header value or "".
func (e *env) request(method, path, body, auth string) answer {
	e.t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+path, strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return answer{resp.StatusCode, b, resp.Header}
}

// admin sends a request with an admin token.
func (e *env) admin(method, path, body string) answer {
	e.t.Helper()
	if e.token == "" {
		a := e.request("POST", "/rest/V1/integration/admin/token", `{"username":"admin","password":"magento123"}`, "")
		if a.status != 200 {
			e.t.Fatalf("admin token: %d %s", a.status, a.body)
		}
		json.Unmarshal(a.body, &e.token)
	}
	return e.request(method, path, body, "Bearer "+e.token)
}

// expect asserts status and an exact body.
func expect(t *testing.T, a answer, status int, body string) {
	t.Helper()
	if a.status != status || string(a.body) != body {
		t.Errorf("got %d %s\nwant %d %s", a.status, a.body, status, body)
	}
}

// criteria builds a searchCriteria query string from alternating keys and
// values, e.g. "filter_groups][0][filters][0][field", "email".
func criteria(kv ...string) string {
	var parts []string
	for i := 0; i+1 < len(kv); i += 2 {
		parts = append(parts, "searchCriteria["+kv[i]+"]="+url.QueryEscape(kv[i+1]))
	}
	return strings.Join(parts, "&")
}

// searchResponse is the decoded answer of a search route.
type searchResponse struct {
	Items          []map[string]any `json:"items"`
	SearchCriteria map[string]any   `json:"search_criteria"`
	TotalCount     int              `json:"total_count"`
}

func (e *env) search(path, query string) searchResponse {
	e.t.Helper()
	a := e.admin("GET", path+"?"+query, "")
	if a.status != 200 {
		e.t.Fatalf("%s?%s: %d %s", path, query, a.status, a.body)
	}
	var r searchResponse
	if err := json.Unmarshal(a.body, &r); err != nil {
		e.t.Fatal(err)
	}
	return r
}

func ids(items []map[string]any) []int {
	out := make([]int, len(items))
	for i, it := range items {
		out[i] = int(it["id"].(float64))
	}
	return out
}
