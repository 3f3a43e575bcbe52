package magento

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"magecrm/internal/magesim"
)

// readAll pages through every customer with a keyset pager and returns how
// often each id came.
func readAll(t *testing.T, c *Client, pageSize int) map[int]int {
	t.Helper()
	seen := map[int]int{}
	p := NewKeysetPager(c, Mark{}, pageSize, NewSearch())
	for {
		page, err := p.Next(ctx(t))
		if err == io.EOF {
			return seen
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Problems) > 0 {
			t.Fatalf("problems: %v", page.Problems)
		}
		for _, cu := range page.Items {
			seen[cu.ID]++
		}
	}
}

func TestSafeCallsSurviveFaults(t *testing.T) {
	s := newStore(t, magesim.Options{Customers: 1500})
	logs := &logBuffer{}
	c := s.client(t, adminAuth, logs, func(cfg *Config) { cfg.MaxRetries = 12 })
	s.SetFaults(magesim.Faults{ErrorRate: 0.15, ResetRate: 0.1, TruncateRate: 0.15, Seed: 7})
	seen := readAll(t, c, 50)
	if len(seen) != 1500 {
		t.Errorf("read %d distinct customers, want 1500", len(seen))
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("customer %d read %d times", id, n)
		}
	}
	for _, want := range []string{"500", "reset", "unreadable answer", "retrying"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("no %q among the retries logged:\n%s", want, logs)
		}
	}
}

// 429 and 503 answers carry Retry-After: 1.
func TestRetryAfterIsHonoured(t *testing.T) {
	s := newStore(t, magesim.Options{Customers: 5})
	c := s.client(t, adminAuth, nil)
	if _, err := c.StoreViews(ctx(t)); err != nil { // the token, before the faults
		t.Fatal(err)
	}
	s.SetFaults(magesim.Faults{RateLimitRate: 0.3, UnavailableRate: 0.3, RetryAfter: 1, Seed: 3})
	start := time.Now()
	for range 4 {
		if _, err := c.Websites(ctx(t)); err != nil {
			t.Fatal(err)
		}
	}
	limited := s.requests("REST GET /V1/store/websites", 429) + s.requests("REST GET /V1/store/websites", 503)
	if limited == 0 {
		t.Fatal("the seed gave no 429 or 503: pick another")
	}
	if elapsed := time.Since(start); elapsed < time.Duration(limited)*time.Second {
		t.Errorf("%d answers said Retry-After: 1 but all calls took %v", limited, elapsed)
	}
}

func TestCreateIsNotRepeatedBlindly(t *testing.T) {
	s := newStore(t, magesim.Options{BearerEnabled: true})
	c := s.client(t, bearerAuth, nil)
	s.SetFaults(magesim.Faults{ResetRate: 1})
	in := Customer{Email: "lost@example.com", Firstname: "L", Lastname: "Ost", WebsiteID: 1}
	_, err := c.CreateCustomer(ctx(t), in, "")
	if !IsOutcomeUnknown(err) {
		t.Fatalf("err = %v, want an unknown outcome", err)
	}
	if n := s.requests("REST POST /V1/customers", 0); n != 1 {
		t.Errorf("the create was sent %d times", n)
	}
	s.SetFaults(magesim.Faults{})
	found, err := c.CustomersByEmail(ctx(t), in.Email, 1)
	if err != nil || len(found) != 1 {
		t.Fatalf("the lost create is not found by email: %v %v", found, err)
	}

	// A refusal that happens before Magento acts (429) is repeated.
	s.SetFaults(magesim.Faults{RateLimitRate: 0.5, RetryAfter: 1, Seed: 3})
	in.Email = "second@example.com"
	if _, err := c.CreateCustomer(ctx(t), in, ""); err != nil {
		t.Fatalf("create under 429s: %v", err)
	}
	if n := s.requests("REST POST /V1/customers", 429); n == 0 {
		t.Error("the seed gave no 429: pick another")
	}
}

func TestTimeout(t *testing.T) {
	s := newStore(t, magesim.Options{})
	c := s.client(t, adminAuth, nil, func(cfg *Config) { cfg.Timeout = 100 * time.Millisecond; cfg.MaxRetries = 1 })
	s.SetFaults(magesim.Faults{Latency: 1500 * time.Millisecond})
	start := time.Now()
	_, err := c.StoreViews(ctx(t))
	if err == nil || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want a deadline", err)
	}
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("two 100ms attempts took %v", elapsed)
	}
}

func TestRequestRateLimit(t *testing.T) {
	s := newStore(t, magesim.Options{})
	c := s.client(t, bearerAuth, nil, func(cfg *Config) { cfg.RequestsPerSecond = 20 })
	start := time.Now()
	for range 11 {
		c.StoreViews(ctx(t)) // refused (Bearer is off): only the pace matters
	}
	if elapsed := time.Since(start); elapsed < 400*time.Millisecond {
		t.Errorf("11 requests at 20/s took %v", elapsed)
	}
}

// A customer PUT is built from an earlier read: sent again after a wait it
// would overwrite what was saved in Magento meanwhile, so it is sent once
// and a 429 comes back to the caller with its Retry-After.
func TestUpdateIsNotRepeatedAfterAWait(t *testing.T) {
	s := newStore(t, magesim.Options{Customers: 1, BearerEnabled: true})
	c := s.client(t, bearerAuth, nil)
	for _, f := range []magesim.Faults{{RateLimitRate: 1, RetryAfter: 7}, {UnavailableRate: 1, RetryAfter: 7}, {ErrorRate: 1}} {
		s.SetFaults(f)
		before := s.requests("REST PUT /V1/customers/{customerId}", 0)
		start := time.Now()
		_, err := c.UpdateCustomer(ctx(t), 1, CustomerUpdate{Email: "a@example.com", Firstname: "A", Lastname: "B", WebsiteID: 1})
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("faults %+v: err = %v, want Magento's answer", f, err)
		}
		if f.RetryAfter > 0 && e.RetryAfter != 7*time.Second {
			t.Errorf("faults %+v: RetryAfter %v, want 7s", f, e.RetryAfter)
		}
		if n := s.requests("REST PUT /V1/customers/{customerId}", 0) - before; n != 1 {
			t.Errorf("faults %+v: the PUT was sent %d times, want once", f, n)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("faults %+v: the call waited %v", f, d)
		}
	}
}
