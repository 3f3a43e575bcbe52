package magento1

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"magecrm/internal/magesim"
)

// TestCheckXMLRPC: the connection check logs in at the XML-RPC endpoint
// and ends that session; a store whose web server blocks the endpoint
// passes the check with a warning that says what to allow and why.
func TestCheckXMLRPC(t *testing.T) {
	ctx := context.Background()
	sim, c := newSim(t, magesim.Options{Customers: 3}, Config{})
	steps := c.CheckConnection(ctx)
	last := steps[len(steps)-1]
	if len(steps) != 5 || last.Name != "XML-RPC" || !last.OK || last.Warning || !strings.Contains(last.Detail, "/api/xmlrpc/") {
		t.Fatalf("a good channel: %v", steps)
	}
	ended := 0
	for _, rc := range sim.RequestCounts() {
		if rc.Route == "XMLRPC endSession" {
			ended += rc.Count
		}
	}
	if ended != 1 {
		t.Errorf("%d XML-RPC endSession calls, want 1", ended)
	}

	blocked := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "/api/xmlrpc") {
			http.Error(w, "<html><body>Forbidden</body></html>", http.StatusForbidden)
			return
		}
		sim.Handler().ServeHTTP(w, r)
	}))
	defer blocked.Close()
	bc, err := New(Config{BaseURL: blocked.URL, APIUser: magesim.DefaultSOAPUser, APIKey: magesim.DefaultSOAPKey})
	if err != nil {
		t.Fatal(err)
	}
	steps = bc.CheckConnection(ctx)
	last = steps[len(steps)-1]
	if last.Name != "XML-RPC" || !last.OK || !last.Warning || !strings.Contains(last.Fix, "HTTP 403") ||
		!strings.Contains(last.Fix, "Allow POST requests to /api/xmlrpc/") || !strings.Contains(last.Fix, "default billing or shipping") {
		t.Errorf("a blocked endpoint: %+v", last)
	}
	if strings.Contains(last.String(), magesim.DefaultSOAPKey) {
		t.Errorf("the step shows the API key: %s", last)
	}

	_, wrong := newSim(t, magesim.Options{}, Config{APIUser: magesim.DefaultSOAPUser, APIKey: "nope"})
	if st := wrong.CheckXMLRPC(ctx); !st.Warning || !strings.Contains(st.Fix, "Access denied") {
		t.Errorf("a refused user over XML-RPC: %+v", st)
	}
}
