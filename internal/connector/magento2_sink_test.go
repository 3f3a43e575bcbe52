package connector

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"magecrm/internal/magesim"
	"magecrm/internal/model"
)

// TestReadManyKeepsWithinMagentosPageLimit: Magento 2.4.7 refuses a search
// page larger than its Web API input limit (300 by default), so ReadMany
// splits many ids into several searches instead of failing every time.
func TestReadManyKeepsWithinMagentosPageLimit(t *testing.T) {
	sim, err := magesim.New(magesim.Options{Customers: 350, Seed: 5, OrdersPerCustomer: -1})
	if err != nil {
		t.Fatal(err)
	}
	limited := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		size, _ := strconv.Atoi(r.URL.Query().Get("searchCriteria[pageSize]"))
		if strings.HasSuffix(r.URL.Path, "/V1/customers/search") && size > 300 {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			w.Write([]byte(`{"message":"Maximum SearchCriteria pageSize is %max","parameters":{"max":300}}`))
			return
		}
		sim.Handler().ServeHTTP(w, r)
	})
	srv := httptest.NewServer(limited)
	defer srv.Close()
	c, err := NewMagento2Client(&model.Channel{Name: "Shop", Type: model.Magento2, BaseURL: srv.URL, AuthKind: model.AuthAdminToken,
		Credentials: model.Credentials{Username: "admin", Password: "magento123"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, 350)
	for i := range ids {
		ids[i] = int64(i + 1)
	}
	got, err := NewMagento2Sink(c).ReadMany(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(ids) {
		t.Errorf("ReadMany of %d customers answered %d", len(ids), len(got))
	}
}
