package magesim

import (
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestFaults(t *testing.T) {
	e := newEnv(t, Options{Customers: 20})
	e.admin("GET", "/rest/V1/customers/1", "")
	path := "/rest/V1/customers/1"

	e.sim.SetFaults(Faults{ErrorRate: 1})
	a := e.admin("GET", path, "")
	if a.status != 500 || !regexp.MustCompile(`^\{"message":"Internal Error. Details are available in Magento log file. Report ID: webapi-[0-9a-f]{13}"\}$`).Match(a.body) {
		t.Errorf("500: %d %s", a.status, a.body)
	}
	e.sim.SetFaults(Faults{RateLimitRate: 1, RetryAfter: 7})
	a = e.admin("GET", path, "")
	if a.status != 429 || a.header.Get("Retry-After") != "7" {
		t.Errorf("429: %d %v", a.status, a.header)
	}
	e.sim.SetFaults(Faults{UnavailableRate: 1})
	if a = e.admin("GET", path, ""); a.status != 503 {
		t.Errorf("503: %d", a.status)
	}
	e.sim.SetFaults(Faults{TruncateRate: 1})
	a = e.admin("GET", path, "")
	var v any
	if a.status != 200 || json.Unmarshal(a.body, &v) == nil || len(a.body) == 0 {
		t.Errorf("truncated: %d %s", a.status, a.body)
	}
	e.sim.SetFaults(Faults{ResetRate: 1})
	req, _ := http.NewRequest("GET", e.srv.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+e.token)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		if err == nil {
			t.Error("reset: the body was read completely")
		}
	}
	e.sim.SetFaults(Faults{Latency: 30 * time.Millisecond, Jitter: 10 * time.Millisecond})
	start := time.Now()
	if a = e.admin("GET", path, ""); a.status != 200 || time.Since(start) < 30*time.Millisecond {
		t.Errorf("latency: %d after %v", a.status, time.Since(start))
	}
	e.sim.SetFaults(Faults{ErrorRate: 0.3, Seed: 5})
	fails := 0
	for range 200 {
		if e.admin("GET", path, "").status == 500 {
			fails++
		}
	}
	if fails < 40 || fails > 80 {
		t.Errorf("%d of 200 failed at a 30%% share", fails)
	}
	e.sim.SetFaults(Faults{})
	if a = e.admin("GET", path, ""); a.status != 200 {
		t.Errorf("faults off: %d", a.status)
	}
}

func TestFaultsLeaveControlAndAdminAlone(t *testing.T) {
	e := newEnv(t, Options{Customers: 2})
	e.sim.SetFaults(Faults{ErrorRate: 1})
	if a := e.request("GET", "/__sim/info", "", ""); a.status != 200 || !strings.Contains(string(a.body), `"customers":2`) {
		t.Errorf("/__sim/info under faults: %d %s", a.status, a.body)
	}
}
