package magesim

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestControlEndpoints(t *testing.T) {
	e := newEnv(t, Options{Customers: 5})
	e.admin("GET", "/rest/V1/store/websites", "")
	before, _ := e.sim.Customer(2)
	e.clock.Advance(time.Minute)

	if a := e.request("POST", "/__sim/customers/2/address", `{"city":"Springfield"}`, ""); a.status != 200 || !strings.Contains(string(a.body), "Springfield") {
		t.Errorf("address: %d %s", a.status, a.body)
	}
	a := e.request("POST", "/__sim/customers/2/subscription", `{"subscribed":`+map[bool]string{true: "false", false: "true"}[before.Subscribed]+`}`, "")
	if after, _ := e.sim.Customer(2); a.status != 200 || after.Subscribed == before.Subscribed || after.UpdatedAt != before.UpdatedAt {
		t.Errorf("subscription: %d %s", a.status, a.body)
	}
	a = e.request("POST", "/__sim/customers/2/edit", `{"lastname":"Admin-Edited"}`, "")
	if after, _ := e.sim.Customer(2); a.status != 200 || after.Lastname != "Admin-Edited" || after.UpdatedAt != testEpoch.Add(time.Minute).Unix() {
		t.Errorf("edit: %d %s", a.status, a.body)
	}
	if a = e.request("DELETE", "/__sim/customers/2", "", ""); a.status != 200 || e.sim.CustomerCount() != 4 {
		t.Errorf("delete: %d %s", a.status, a.body)
	}
	if a = e.request("POST", "/__sim/customers/2/edit", `{"lastname":"X"}`, ""); a.status != 404 {
		t.Errorf("edit of a deleted customer: %d %s", a.status, a.body)
	}
	if a = e.request("PUT", "/__sim/faults", `{"error_rate":1,"latency_ms":1}`, ""); a.status != 200 || e.sim.CurrentFaults().ErrorRate != 1 {
		t.Errorf("faults: %d %s", a.status, a.body)
	}
	if a = e.admin("GET", "/rest/V1/customers/1", ""); a.status != 500 {
		t.Errorf("fault not applied: %d", a.status)
	}
	stats := string(e.request("GET", "/__sim/stats", "", "").body)
	for _, want := range []string{`{"route":"REST GET /V1/customers/{customerId}","status":500,"count":1}`, `{"route":"REST POST /V1/integration/admin/token","status":200,"count":1}`} {
		if !strings.Contains(stats, want) {
			t.Errorf("stats lack %s: %s", want, stats)
		}
	}
	if a = e.request("POST", "/__sim/reset", "", ""); a.status != 200 || e.sim.CustomerCount() != 5 || e.sim.CurrentFaults().ErrorRate != 0 {
		t.Errorf("reset: %d %s", a.status, a.body)
	}
	if after, _ := e.sim.Customer(2); after.Lastname != before.Lastname {
		t.Error("reset did not restore the generated data")
	}
	if len(e.sim.RequestCounts()) != 1 { // the reset request itself
		t.Errorf("counts after reset: %v", e.sim.RequestCounts())
	}
}

// TestLoseNextAnswer: the next customer write is made, then its answer is
// lost (the connection reset); reads and later writes answer normally.
func TestLoseNextAnswer(t *testing.T) {
	e := newEnv(t, Options{Customers: 2})
	e.admin("GET", "/rest/V1/store/websites", "")
	if a := e.request("POST", "/__sim/faults/lose-next-answer", `{"count":1}`, ""); a.status != 200 {
		t.Fatalf("control: %d %s", a.status, a.body)
	}
	if a := e.admin("GET", "/rest/V1/customers/1", ""); a.status != 200 {
		t.Errorf("a read is not a write: %d", a.status)
	}
	req, _ := http.NewRequest("POST", e.srv.URL+"/rest/V1/customers", strings.NewReader(
		`{"customer":{"email":"lost@example.com","firstname":"L","lastname":"Ost","website_id":1}}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+e.token)
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	if err == nil {
		t.Fatal("the answer of the write arrived")
	}
	if e.sim.CustomerCount() != 3 {
		t.Errorf("the write was not made: %d customers", e.sim.CustomerCount())
	}
	if a := e.admin("PUT", "/rest/V1/customers/3", `{"customer":{"lastname":"Found"}}`); a.status != 200 {
		t.Errorf("the next write: %d %s", a.status, a.body)
	}
}
