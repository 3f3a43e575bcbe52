package magesim

import (
	"encoding/json"
	"net/http"
	"testing"
)

func TestCorruptCustomerIsServedAsStoredWithoutMovingUpdatedAt(t *testing.T) {
	sim, err := New(Options{Customers: 5, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	before, _ := sim.Customer(2)
	if err := sim.CorruptCustomer(2, InvalidDob); err != nil {
		t.Fatal(err)
	}
	if err := sim.CorruptCustomer(3, MissingLastname); err != nil {
		t.Fatal(err)
	}
	var c2, c3 map[string]any
	b, _ := sim.CustomerJSON(2)
	json.Unmarshal(b, &c2)
	b, _ = sim.CustomerJSON(3)
	json.Unmarshal(b, &c3)
	if c2["dob"] != "1985-02-30" {
		t.Errorf("dob = %v, want the impossible date", c2["dob"])
	}
	if c3["lastname"] != "" {
		t.Errorf("lastname = %v, want empty", c3["lastname"])
	}
	after, _ := sim.Customer(2)
	if after.UpdatedAt != before.UpdatedAt {
		t.Error("a direct database write moved updated_at")
	}
	if err := sim.CorruptCustomer(2, "bogus"); err == nil {
		t.Error("an unknown corruption was accepted")
	}
	if err := sim.CorruptCustomer(999, InvalidDob); err == nil {
		t.Error("an unknown customer was accepted")
	}
}

func TestCorruptControlEndpoint(t *testing.T) {
	e := newEnv(t, Options{Customers: 3, Seed: 1})
	resp, err := http.Post(e.srv.URL+"/__sim/customers/1/corrupt?kind=missing_lastname", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if c, _ := e.sim.Customer(1); c.Lastname != "" {
		t.Fatalf("lastname still %q", c.Lastname)
	}
}
