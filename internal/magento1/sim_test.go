package magento1

import (
	"context"
	"io"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"magecrm/internal/magesim"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

// newSim starts a simulated store on a real HTTP server and a client for it.
func newSim(t *testing.T, opts magesim.Options, cfg Config) (*magesim.Sim, *Client) {
	t.Helper()
	if opts.Seed == 0 {
		opts.Seed = 3
	}
	sim, err := magesim.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sim.Handler())
	t.Cleanup(srv.Close)
	cfg.BaseURL = srv.URL + "/" + cfg.BaseURL
	if cfg.APIUser == "" {
		cfg.APIUser, cfg.APIKey = magesim.DefaultSOAPUser, magesim.DefaultSOAPKey
	}
	cfg.WSI = opts.WSI
	cfg.RetryDelay, cfg.MaxRetryDelay = time.Millisecond, 5*time.Millisecond
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return sim, c
}

func TestCallsInBothStylesAndNamespaces(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts magesim.Options
		base string
	}{
		{"rpc openmage", magesim.Options{Customers: 20}, ""},
		{"wsi openmage", magesim.Options{Customers: 20, WSI: true}, "index.php/"},
		{"rpc magento 1.9", magesim.Options{Customers: 20, SOAPNamespace: magesim.NamespaceMagento}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sim, c := newSim(t, tc.opts, Config{BaseURL: tc.base})
			ctx := context.Background()
			views, err := c.StoreViews(ctx)
			if err != nil || len(views) != 3 || views[1].Code != "eu_en" || views[1].WebsiteID != 2 {
				t.Fatalf("store views: %v %+v", err, views)
			}
			groups, err := c.CustomerGroups(ctx)
			if err != nil || len(groups) != 4 || groups[1].Code != "General" {
				t.Fatalf("groups: %v %+v", err, groups)
			}
			l, err := c.Customers(ctx, Filters{Conditions: []Condition{{"customer_id", "from", "3"}, {"customer_id", "to", "6"}}})
			if err != nil || len(l.Customers) != 4 || len(l.Problems) != 0 {
				t.Fatalf("list: %v %+v", err, l)
			}
			want, _ := sim.Customer(3)
			got := l.Customers[0]
			if got.ID != 3 || got.Email != want.Email || got.UpdatedAt.Unix() != want.UpdatedAt || got.DOB != want.Dob || got.WebsiteID != want.WebsiteID {
				t.Errorf("customer 3: %+v, sim %+v", got, want)
			}
			addrs, err := c.Addresses(ctx, 3)
			if err != nil || len(addrs) != len(want.Addresses) {
				t.Fatalf("addresses: %v %d", err, len(addrs))
			}
			id, err := c.CreateCustomer(ctx, CustomerInput{Email: ptr("m1@example.com"), Firstname: ptr("Ann"), Lastname: ptr("Lee"), WebsiteID: ptr(1)})
			if err != nil || id != 21 {
				t.Fatalf("create: %d %v", id, err)
			}
			if _, err := c.CreateCustomer(ctx, CustomerInput{Email: ptr("m1@example.com"), Firstname: ptr("A"), Lastname: ptr("B"), WebsiteID: ptr(1)}); !IsDuplicateEmail(err) {
				t.Errorf("duplicate: %v", err)
			}
			if err := c.UpdateCustomer(ctx, id, CustomerInput{Lastname: ptr("Lim")}); err != nil {
				t.Fatal(err)
			}
			aid, err := c.CreateAddress(ctx, id, AddressInput{Firstname: ptr("Ann"), Lastname: ptr("Lim"), Street: []string{"1 Main St", "Apt 2"},
				City: ptr("Austin"), CountryID: ptr("US"), RegionID: ptr(57), Postcode: ptr("73301"), Telephone: ptr("555"), DefaultBilling: ptr(true)})
			if err != nil {
				t.Fatal(err)
			}
			if err := c.UpdateAddress(ctx, aid, AddressInput{City: ptr("Dallas")}); err != nil {
				t.Fatal(err)
			}
			cust, err := c.Customer(ctx, id)
			addrs, _ = c.Addresses(ctx, id)
			if err != nil || cust.Lastname != "Lim" || len(addrs) != 1 || addrs[0].City != "Dallas" || !addrs[0].DefaultBilling ||
				strings.Join(addrs[0].Street, "|") != "1 Main St|Apt 2" || addrs[0].Region != "Texas" {
				t.Errorf("after writes: %v %+v %+v", err, cust, addrs)
			}
			if err := c.DeleteAddress(ctx, aid); err != nil {
				t.Fatal(err)
			}
			if err := c.DeleteAddress(ctx, aid); !IsNotFound(err) {
				t.Errorf("second delete: %v", err)
			}
			if _, err := c.Customer(ctx, 999); !IsNotFound(err) {
				t.Errorf("info of no customer: %v", err)
			}
			orders, err := c.Orders(ctx, Filters{Equal: []Condition{{Field: "customer_id", Value: "3"}}})
			if err != nil || len(orders.Problems) != 0 {
				t.Fatalf("orders: %v", err)
			}
			for _, o := range orders.Orders {
				if o.CustomerID != 3 || o.GrandTotal <= 0 || o.IncrementID == "" {
					t.Errorf("order %+v", o)
				}
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

func TestSessionRenewedOnFault5(t *testing.T) {
	sim, c := newSim(t, magesim.Options{Customers: 3}, Config{})
	ctx := context.Background()
	if _, err := c.CustomerGroups(ctx); err != nil {
		t.Fatal(err)
	}
	sim.ExpireSOAPSessions()
	if _, err := c.CustomerGroups(ctx); err != nil {
		t.Fatalf("after the session expired: %v", err)
	}
	logins := 0
	for _, rc := range sim.RequestCounts() {
		if rc.Route == "SOAP login" {
			logins += rc.Count
		}
	}
	if logins != 2 {
		t.Errorf("%d logins, want 2", logins)
	}
	bad, _ := New(Config{BaseURL: c.base.String(), APIUser: "magecrm", APIKey: "wrong"})
	if _, err := bad.CustomerGroups(ctx); !IsAccessDenied(err) {
		t.Errorf("wrong key: %v", err)
	}
	if s := bad.String() + bad.GoString(); strings.Contains(s, "wrong") {
		t.Errorf("the key shows: %s", s)
	}
}

// readAllWindows reads every id window and returns the ids seen, in order.
func readAllWindows(t *testing.T, c *Client, size int) []int {
	t.Helper()
	w := c.CustomerWindows(Filters{}, 0, size)
	var ids []int
	last := 0
	for {
		win, err := w.Next(context.Background())
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if win.After != last {
			t.Fatalf("window after %d follows %d", win.After, last)
		}
		last = win.Through
		for _, cu := range win.Customers {
			if cu.ID <= win.After || cu.ID > win.Through {
				t.Fatalf("customer %d outside window (%d, %d]", cu.ID, win.After, win.Through)
			}
			ids = append(ids, cu.ID)
		}
	}
	if last != maxID {
		t.Errorf("the last window ends at %d", last)
	}
	return ids
}

func TestWindowsSplitUnderTheMemoryLimit(t *testing.T) {
	sim, c := newSim(t, magesim.Options{Customers: 300, SOAPListLimit: 40}, Config{})
	sim.DeleteCustomer(150)
	ids := readAllWindows(t, c, 100)
	if len(ids) != 299 {
		t.Fatalf("%d customers read, want 299", len(ids))
	}
	for i, id := range ids {
		if i > 0 && id <= ids[i-1] {
			t.Fatalf("ids out of order at %d: %d after %d", i, id, ids[i-1])
		}
	}
	p := c.ChangedCustomers(Filters{}, Mark{}, time.Now().Add(time.Hour), 25)
	seen := map[int]bool{}
	var prev Mark
	for {
		page, err := p.Next(context.Background())
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) > 25 {
			t.Fatalf("page of %d", len(page.Items))
		}
		for _, cu := range page.Items {
			m := Mark{cu.UpdatedAt, cu.ID}
			if !prev.less(m) || seen[cu.ID] {
				t.Fatalf("customer %d out of (updated_at, id) order", cu.ID)
			}
			prev, seen[cu.ID] = m, true
		}
	}
	if len(seen) != 299 {
		t.Errorf("changed customers: %d, want 299", len(seen))
	}
}

// TestTimePagerHoldsOneAnswerAtMost: finding the first customer of a
// store (a page of one from the beginning of time) reads a window that
// holds every customer; the pager keeps only a part the store can answer
// at once, never the whole store.
func TestTimePagerHoldsOneAnswerAtMost(t *testing.T) {
	_, c := newSim(t, magesim.Options{Customers: 300, SOAPListLimit: 40}, Config{})
	p := c.CreatedCustomers(Filters{}, Mark{}, time.Now().Add(time.Hour), 1)
	page, err := p.Next(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	first := Mark{}
	w := c.CustomerWindows(Filters{}, 0, 100)
	for {
		win, err := w.Next(context.Background())
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, cu := range win.Customers {
			if m := (Mark{cu.CreatedAt, cu.ID}); first.ID == 0 || m.less(first) {
				first = m
			}
		}
	}
	if len(page.Items) != 1 || page.Items[0].ID != first.ID {
		t.Fatalf("first page %+v, want customer %d", page.Items, first.ID)
	}
	if held := len(p.buf) + 1; held > 40 {
		t.Fatalf("the pager holds %d customers, more than one answer of the store (40)", held)
	}
}

// TestOneSecondTooBigIsReadByIDs: a bulk import saved more customers in one
// second than one answer can hold; the created_at pager reads that second
// in id windows.
func TestOneSecondTooBigIsReadByIDs(t *testing.T) {
	now := &clock{t: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}
	_, c := newSim(t, magesim.Options{SOAPListLimit: 7, Now: now.Now}, Config{})
	ctx := context.Background()
	for i := range 30 {
		email := "bulk" + strings.Repeat("x", i) + "@example.com"
		if _, err := c.CreateCustomer(ctx, CustomerInput{Email: &email, Firstname: ptr("B"), Lastname: ptr("Ulk"), WebsiteID: ptr(1)}); err != nil {
			t.Fatal(err)
		}
	}
	p := c.CreatedCustomers(Filters{}, Mark{}, now.t.Add(time.Second), 10)
	n := 0
	for {
		page, err := p.Next(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		n += len(page.Items)
	}
	if n != 30 {
		t.Errorf("read %d of 30 customers created in one second", n)
	}
}

func TestRetriesThroughFaults(t *testing.T) {
	sim, c := newSim(t, magesim.Options{Customers: 120, SOAPListLimit: 50}, Config{MaxRetries: 8})
	sim.SetFaults(magesim.Faults{ErrorRate: 0.2, TruncateRate: 0.1, ResetRate: 0.1, UnavailableRate: 0.1, Seed: 9})
	ids := readAllWindows(t, c, 30)
	if len(ids) != 120 {
		t.Errorf("read %d of 120 customers through faults", len(ids))
	}
	sim.SetFaults(magesim.Faults{})
}

func TestCheckConnection(t *testing.T) {
	ctx := context.Background()
	_, c := newSim(t, magesim.Options{Customers: 3}, Config{})
	steps := c.CheckConnection(ctx)
	if len(steps) != 5 || !steps[3].OK {
		t.Fatalf("a good channel: %v", steps)
	}
	for _, tc := range []struct {
		name string
		opts magesim.Options
		cfg  Config
		step string
		fix  string
	}{
		{"wrong key", magesim.Options{}, Config{APIUser: "magecrm", APIKey: "nope"}, "login", "SOAP/XML-RPC Users"},
		{"role without customers", magesim.Options{SOAPDenied: []string{"customer/info"}}, Config{}, "customers", "resource Customers → Retrieve customer info (customer/info)"},
		{"no SOAP here", magesim.Options{}, Config{BaseURL: "shop/"}, "WSDL", "did not answer with a WSDL (HTTP 404)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, c := newSim(t, tc.opts, tc.cfg)
			steps := c.CheckConnection(ctx)
			last := steps[len(steps)-1]
			if last.OK || last.Name != tc.step || !strings.Contains(last.Fix, tc.fix) {
				t.Errorf("%v", steps)
			}
		})
	}
	sim, _ := magesim.New(magesim.Options{WSI: true})
	srv := httptest.NewServer(sim.Handler())
	defer srv.Close()
	mismatch, _ := New(Config{BaseURL: srv.URL, APIUser: "magecrm", APIKey: magesim.DefaultSOAPKey})
	if steps := mismatch.CheckConnection(ctx); steps[0].OK || !strings.Contains(steps[0].Fix, "WS-I compliance on") {
		t.Errorf("WS-I mismatch: %v", steps)
	}
}
