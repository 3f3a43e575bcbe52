package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime/pprof"
	"slices"
	"strconv"
	"time"

	"magecrm/internal/api"
	"magecrm/internal/crm"
	"magecrm/internal/db"
	"magecrm/internal/secret"
	"magecrm/internal/store"
)

// result is one dialect's figures.
type result struct {
	name                   string
	fill                   time.Duration
	walkRate, baseWalkRate float64
	get, baseGet           [2]time.Duration // p50, p95
}

func benchOne(ctx context.Context, dsn string, customers, gets int, cpuProfile string) (*result, error) {
	d, err := db.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	if err := d.Migrate(ctx); err != nil {
		return nil, err
	}
	box, err := secret.New("benchmark secret, not a real one")
	if err != nil {
		return nil, err
	}
	svc := crm.New(store.New(d, box), box, quiet)
	r := &result{name: string(d.Dialect)}
	fmt.Fprintf(os.Stderr, "%s: importing %d customers…\n", d.Dialect, customers)
	start := time.Now()
	admin, err := fill(ctx, svc, customers)
	if err != nil {
		return nil, err
	}
	r.fill = time.Since(start)
	_, token, err := svc.CreateAPIToken(ctx, admin, crm.APITokenInput{Name: "bench", ExpiresInDays: 7})
	if err != nil {
		return nil, err
	}
	srv := httptest.NewServer(api.New(svc, quiet, api.Options{RatePerSecond: 1e9, Burst: 1e9}).Handler())
	defer srv.Close()
	c := &client{http: srv.Client(), base: srv.URL, token: token}

	if cpuProfile != "" {
		f, err := os.Create(cpuProfile)
		if err != nil {
			return nil, err
		}
		pprof.StartCPUProfile(f)
		defer func() { pprof.StopCPUProfile(); f.Close() }()
	}
	n, elapsed, err := c.walk()
	if err != nil || n != customers {
		return nil, fmt.Errorf("API walk read %d of %d customers: %v", n, customers, err)
	}
	r.walkRate = float64(n) / elapsed.Seconds()
	n, elapsed, err = baseWalk(ctx, svc, admin)
	if err != nil || n != customers {
		return nil, fmt.Errorf("baseline walk read %d of %d customers: %v", n, customers, err)
	}
	r.baseWalkRate = float64(n) / elapsed.Seconds()
	fmt.Fprintf(os.Stderr, "%s: walk %.0f customers/s (baseline %.0f)\n", d.Dialect, r.walkRate, r.baseWalkRate)

	ids := randomIDs(ctx, d, gets)
	if r.get, err = percentiles(ids, func(id int64) error { return c.get(id) }); err != nil {
		return nil, err
	}
	if r.baseGet, err = percentiles(ids, func(id int64) error { _, err := svc.Customer(ctx, admin, id); return err }); err != nil {
		return nil, err
	}
	fmt.Fprintf(os.Stderr, "%s: single GET p95 %.2f ms (baseline %.2f ms)\n", d.Dialect, ms(r.get[1]), ms(r.baseGet[1]))
	return r, nil
}

// client is a program using the API with a token.
type client struct {
	http        *http.Client
	base, token string
}

func (c *client) do(path string, into any) error {
	req, _ := http.NewRequest(http.MethodGet, c.base+path, nil)
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", path, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(into)
}

// walk follows next from the first page to the last and counts customers.
func (c *client) walk() (int, time.Duration, error) {
	start := time.Now()
	n, path := 0, api.Prefix+"/customers?limit=500"
	for path != "" {
		var page struct {
			Items []json.RawMessage `json:"items"`
			Next  string            `json:"next"`
		}
		if err := c.do(path, &page); err != nil {
			return n, 0, err
		}
		n += len(page.Items)
		path = page.Next
	}
	return n, time.Since(start), nil
}

func (c *client) get(id int64) error {
	var v struct {
		ID int64 `json:"id"`
	}
	if err := c.do(api.Prefix+"/customers/"+strconv.FormatInt(id, 10), &v); err != nil || v.ID != id {
		return fmt.Errorf("GET customer %d: got %d, %v", id, v.ID, err)
	}
	return nil
}

// baseWalk reads the same pages through the crm service the API calls:
// the keyset query, the scope, no HTTP or JSON.
func baseWalk(ctx context.Context, svc *crm.Service, admin *crm.Session) (int, time.Duration, error) {
	start := time.Now()
	q := crm.CustomerQuery{Sort: "id", Limit: 500}
	var after crm.CustomerKey
	n := 0
	for {
		rows, next, _, err := svc.CustomersAfter(ctx, admin, q, after, false)
		if err != nil {
			return n, 0, err
		}
		n += len(rows)
		if next == nil {
			return n, time.Since(start), nil
		}
		after = next
	}
}

func randomIDs(ctx context.Context, d *db.DB, n int) []int64 {
	var lo, hi int64
	d.QueryRowContext(ctx, "SELECT MIN(id), MAX(id) FROM magento_customers").Scan(&lo, &hi)
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = lo + rand.Int64N(hi-lo+1)
	}
	return ids
}

// percentiles times fn on every id (after 20 untimed calls) and returns
// the median and the 95th percentile.
func percentiles(ids []int64, fn func(int64) error) ([2]time.Duration, error) {
	for _, id := range ids[:min(20, len(ids))] {
		if err := fn(id); err != nil {
			return [2]time.Duration{}, err
		}
	}
	times := make([]time.Duration, len(ids))
	for i, id := range ids {
		start := time.Now()
		if err := fn(id); err != nil {
			return [2]time.Duration{}, err
		}
		times[i] = time.Since(start)
	}
	slices.Sort(times)
	return [2]time.Duration{times[len(times)/2], times[(len(times)*95+99)/100-1]}, nil
}
