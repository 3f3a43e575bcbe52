package connector

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"magecrm/internal/magento1"
	"magecrm/internal/magesim"
	"magecrm/internal/model"
)

// m1SinkTargets are the Magento 1 stores the sink's contract runs against:
// magesim always, and a real OpenMage store when MAGECRM_TEST_OPENMAGE_URL
// names one (see shared/openmage/README.md; CI has none).
func m1SinkTargets(t *testing.T) map[string]*magento1.Client {
	sim, err := magesim.New(magesim.Options{Customers: 2, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sim.Handler())
	t.Cleanup(srv.Close)
	cfgs := map[string]magento1.Config{"magesim": {BaseURL: srv.URL + "/", APIUser: magesim.DefaultSOAPUser, APIKey: magesim.DefaultSOAPKey}}
	if u := os.Getenv("MAGECRM_TEST_OPENMAGE_URL"); u != "" {
		cfgs["openmage"] = magento1.Config{BaseURL: u, APIUser: "crmapi", APIKey: "crmapikey123456"}
	}
	out := map[string]*magento1.Client{}
	for name, cfg := range cfgs {
		cfg.RetryDelay, cfg.MaxRetryDelay = time.Millisecond, 5*time.Millisecond
		c, err := magento1.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = c
	}
	return out
}

// TestMagento1SinkSendsRegionsWithTheStoresIDs creates a customer with a
// Texas address and then moves the address to California, as a person
// does in the form (a region code and name, no id), and checks that the
// store holds each region under its own id: Magento 1 rewrites the region
// name from region_id when it saves an address.
func TestMagento1SinkSendsRegionsWithTheStoresIDs(t *testing.T) {
	for name, c := range m1SinkTargets(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			regions, err := c.Regions(ctx, "US")
			if err != nil {
				t.Fatal(err)
			}
			ids := map[string]string{}
			for _, r := range regions {
				ids[r.Name] = text(r.ID)
			}
			if ids["Texas"] == "" || ids["California"] == "" {
				t.Fatalf("the store lists no Texas or California: %v", regions)
			}
			s := NewMagento1Sink(c)
			email := fmt.Sprintf("region-%d@example.com", time.Now().UnixNano())
			want := model.Snapshot{
				Fields: map[string]string{"website": "1", "store": "1", "group": "1", "firstname": "Rita", "lastname": "Region", "email": email},
				Addresses: map[string]map[string]string{"new1": {"firstname": "Rita", "lastname": "Region", "street": "1 Congress Avenue",
					"city": "Austin", "region_code": "TX", "region": "Texas", "postcode": "78701", "country": "US",
					"telephone": "512 555 0100", "default_billing": "1", "default_shipping": "1"}},
			}
			r, err := s.Create(ctx, want, "")
			if err != nil {
				t.Fatal(err)
			}
			key, a := onlyAddress(t, r.Snapshot)
			if a["region_id"] != ids["Texas"] || a["region"] != "Texas" {
				t.Fatalf("after the create the store holds region %q id %q; want Texas id %s", a["region"], a["region_id"], ids["Texas"])
			}

			moved := model.Snapshot{Fields: r.Snapshot.Fields, Addresses: map[string]map[string]string{key: {}}}
			for k, v := range a {
				moved.Addresses[key][k] = v
			}
			moved.Addresses[key]["region_code"], moved.Addresses[key]["region"], moved.Addresses[key]["region_id"] = "CA", "California", ""
			moved.Addresses[key]["city"], moved.Addresses[key]["postcode"] = "Santa Monica", "90401"
			after, err := s.Update(ctx, r, moved)
			if err != nil {
				t.Fatal(err)
			}
			if _, a := onlyAddress(t, after.Snapshot); a["region_id"] != ids["California"] || a["region"] != "California" {
				t.Errorf("after the move the store holds region %q id %q; want California id %s", a["region"], a["region_id"], ids["California"])
			}
		})
	}
}

func onlyAddress(t *testing.T, s model.Snapshot) (string, map[string]string) {
	t.Helper()
	if len(s.Addresses) != 1 {
		t.Fatalf("the store holds %d addresses, want 1", len(s.Addresses))
	}
	for k, a := range s.Addresses {
		return k, a
	}
	return "", nil
}

// TestMagento1SinkClearsADefaultAddress turns a customer's only address's
// default flags off, as a person does in the form: the store leaves the
// customer without defaults (SOAP v2's address calls alone cannot).
func TestMagento1SinkClearsADefaultAddress(t *testing.T) {
	for name, c := range m1SinkTargets(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := NewMagento1Sink(c)
			email := fmt.Sprintf("defaults-%d@example.com", time.Now().UnixNano())
			r, err := s.Create(ctx, model.Snapshot{
				Fields: map[string]string{"website": "1", "store": "1", "group": "1", "firstname": "Dee", "lastname": "Fault", "email": email},
				Addresses: map[string]map[string]string{"new1": {"firstname": "Dee", "lastname": "Fault", "street": "1 Congress Avenue",
					"city": "Austin", "region_id": "57", "postcode": "78701", "country": "US", "telephone": "512 555 0100",
					"default_billing": "1", "default_shipping": "1"}},
			}, "")
			if err != nil {
				t.Fatal(err)
			}
			key, a := onlyAddress(t, r.Snapshot)
			if a["default_billing"] != "1" || a["default_shipping"] != "1" {
				t.Fatalf("after the create: %v", a)
			}
			cleared := model.Snapshot{Fields: r.Snapshot.Fields, Addresses: map[string]map[string]string{key: {}}}
			for k, v := range a {
				cleared.Addresses[key][k] = v
			}
			cleared.Addresses[key]["default_billing"], cleared.Addresses[key]["default_shipping"] = "0", "0"
			after, err := s.Update(ctx, r, cleared)
			if err != nil {
				t.Fatal(err)
			}
			if _, a := onlyAddress(t, after.Snapshot); a["default_billing"] != "0" || a["default_shipping"] != "0" {
				t.Errorf("after clearing, the store holds billing %q shipping %q; want neither", a["default_billing"], a["default_shipping"])
			}
		})
	}
}
