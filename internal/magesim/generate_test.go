package magesim

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestGenerationIsDeterministic(t *testing.T) {
	opts := Options{Customers: 300, Seed: 42, Now: func() time.Time { return testEpoch }}
	a, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := New(opts)
	opts.Seed = 43
	other, _ := New(opts)
	differs := false
	for id := 1; id <= 300; id++ {
		ja, _ := a.CustomerJSON(id)
		jb, _ := b.CustomerJSON(id)
		if !bytes.Equal(ja, jb) {
			t.Fatalf("customer %d differs between two stores of seed 42:\n%s\n%s", id, ja, jb)
		}
		jo, _ := other.CustomerJSON(id)
		differs = differs || !bytes.Equal(ja, jo)
	}
	if !differs {
		t.Error("seed 43 generated the same customers as seed 42")
	}
	if len(a.store.orders) != len(b.store.orders) {
		t.Fatalf("orders: %d and %d", len(a.store.orders), len(b.store.orders))
	}
	for i := range a.store.orders {
		oa, ob := a.store.orders[i], b.store.orders[i]
		if oa.ID != ob.ID || oa.CustomerID != ob.CustomerID || oa.CreatedAt != ob.CreatedAt || oa.Seed != ob.Seed {
			t.Fatalf("order %d differs: %+v %+v", i+1, oa, ob)
		}
	}
}

func TestGeneratedStoreLooksReal(t *testing.T) {
	sim, err := New(Options{Customers: 2000, Seed: 3, Now: func() time.Time { return testEpoch }})
	if err != nil {
		t.Fatal(err)
	}
	st := sim.store
	emails := map[string]bool{}
	websitesSeen := map[int]bool{}
	var subscribed, nonASCII, addresses, withDob int
	countries := map[string]bool{}
	var minCreated, maxCreated int64 = 1 << 62, 0
	for i := range st.customers {
		unpacked := st.unpack(&st.customers[i])
		c := &unpacked
		key := strings.ToLower(c.Email) + "|" + string(rune('0'+c.WebsiteID))
		if emails[key] {
			t.Fatalf("email %s twice in website %d", c.Email, c.WebsiteID)
		}
		emails[key] = true
		websitesSeen[c.WebsiteID] = true
		if c.Subscribed {
			subscribed++
		}
		if utf8.RuneCountInString(c.Firstname+c.Lastname) != len(c.Firstname+c.Lastname) {
			nonASCII++
		}
		if c.Dob != "" {
			withDob++
		}
		if len(c.Addresses) > 3 {
			t.Fatalf("customer %d has %d addresses", c.ID, len(c.Addresses))
		}
		addresses += len(c.Addresses)
		for _, a := range c.Addresses {
			countries[a.CountryID] = true
		}
		if c.UpdatedAt < c.CreatedAt {
			t.Fatalf("customer %d updated before created", c.ID)
		}
		minCreated, maxCreated = min(minCreated, c.CreatedAt), max(maxCreated, c.CreatedAt)
	}
	if len(websitesSeen) != 2 {
		t.Errorf("customers in %d websites, want 2", len(websitesSeen))
	}
	if share := float64(subscribed) / 2000; share < 0.25 || share > 0.35 {
		t.Errorf("%.0f%% subscribed, want about 30%%", share*100)
	}
	if nonASCII == 0 {
		t.Error("no customer has a non-ASCII name")
	}
	if avg := float64(addresses) / 2000; avg < 1.2 || avg > 1.8 {
		t.Errorf("%.2f addresses per customer, want about 1.5", avg)
	}
	if len(countries) < 5 {
		t.Errorf("addresses in %d countries, want several", len(countries))
	}
	if span := maxCreated - minCreated; span < 4*year {
		t.Errorf("created_at spans %d days, want years", span/day)
	}
	if perCustomer := float64(len(st.orders)) / 2000; perCustomer < 1.7 || perCustomer > 2.4 {
		t.Errorf("%.2f orders per customer, want about 2", perCustomer)
	}
	if maxCreated >= testEpoch.Unix() {
		t.Error("generated times reach the clock's day")
	}
}
