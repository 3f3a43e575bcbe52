package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"magecrm/internal/api"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
)

// fill adds n customers owned by the admin, in one statement per 500.
func (a *testAPI) fill(s shop, n, from int) {
	a.t.Helper()
	var org, admin int64
	a.db.QueryRow("SELECT organization_id, id FROM users WHERE username = 'admin'").Scan(&org, &admin)
	for start := from; start < from+n; start += 500 {
		var rows []string
		for i := start; i < min(start+500, from+n); i++ {
			rows = append(rows, fmt.Sprintf("(%d, %d, %d, %d, 'F%05d', 'L%05d', 'c%05d@example.com', 'DE', %d, %d, %d, %d)",
				org, s.channel, s.store, s.group, i, (i*7919)%n, i, i%100, 1700000000000+int64(i), 1700000000000+int64(i), admin))
		}
		if _, err := a.db.Exec(`INSERT INTO magento_customers (organization_id, channel_id, store_id, group_id, first_name,
			last_name, email, billing_country, lifetime_value, created_at, updated_at, owner_user_id) VALUES ` + strings.Join(rows, ", ")); err != nil {
			a.t.Fatal(err)
		}
	}
}

type page struct {
	Items []map[string]any `json:"items"`
	Next  string           `json:"next"`
	Total *int             `json:"total"`
}

func TestCustomerListFiltersFieldsAndTotals(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		a := newTestAPI(t, d, api.Options{})
		s := a.addShop()
		a.fill(s, 30, 0)
		tok := a.token("admin", true)

		var p page
		got := a.call(tok, "GET", "/api/v1/customers?email=c0001&fields=id,email&total=true&limit=5", nil)
		got.json(t, &p)
		if got.status != http.StatusOK || len(p.Items) != 5 || p.Total == nil || *p.Total != 10 || p.Next == "" {
			t.Fatalf("filtered page: %d %s", got.status, got.body)
		}
		if len(p.Items[0]) != 2 || p.Items[0]["email"] != "c00010@example.com" {
			t.Errorf("sparse item: %v", p.Items[0])
		}
		if !strings.Contains(got.header.Get("Link"), `rel="next"`) {
			t.Errorf("no Link header: %q", got.header.Get("Link"))
		}
		got = a.call(tok, "GET", p.Next, nil)
		p = page{}
		got.json(t, &p)
		if len(p.Items) != 5 || p.Items[0]["email"] != "c00015@example.com" || len(p.Items[0]) != 2 || p.Next != "" {
			t.Errorf("second page: %s", got.body)
		}

		p = page{}
		a.call(tok, "GET", "/api/v1/customers?lifetime_min=20&lifetime_max=22&sort=lifetime&dir=desc", nil).json(t, &p)
		if len(p.Items) != 3 || p.Items[0]["lifetime_value"] != 22.0 || p.Total != nil {
			t.Errorf("lifetime range, descending: %v", p.Items)
		}
		bad := a.call(tok, "GET", "/api/v1/customers?lifetime_min=lots&created_from=yesterday&fields=id,secret&sort=password", nil).problem(t)
		for loc, msg := range map[string]string{"query.lifetime_min": "Enter an amount like 100 or 99.50.",
			"query.created_from": "Enter a date like 2024-03-31.", "query.sort": "Choose a sort", "query.fields": `"secret"`} {
			if !strings.Contains(bad.fieldMessage(loc), msg) {
				t.Errorf("%s: %q, want %q", loc, bad.fieldMessage(loc), msg)
			}
		}
		if p := a.call(tok, "GET", "/api/v1/customers?limit=501", nil).problem(t); p.Status != http.StatusUnprocessableEntity {
			t.Errorf("limit 501: %+v", p)
		}
		if p := a.call(tok, "GET", "/api/v1/customers?cursor=xyz", nil).problem(t); p.Status != http.StatusUnprocessableEntity {
			t.Errorf("damaged cursor: %+v", p)
		}
		a.call(tok, "GET", "/api/v1/customers?limit=2&sort=name", nil).json(t, &p)
		next, _ := url.Parse(p.Next)
		q := next.Query()
		q.Set("sort", "email")
		if p := a.call(tok, "GET", "/api/v1/customers?"+q.Encode(), nil).problem(t); p.fieldMessage("query.cursor") == "" {
			t.Errorf("a cursor of another sort: %+v", p)
		}
	})
}

// TestCursorWalkWhileRecordsChange walks 10,000 customers 500 at a time
// while customers are added and changed between pages: every customer
// that existed throughout comes exactly once.
func TestCursorWalkWhileRecordsChange(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		a := newTestAPI(t, d, api.Options{RatePerSecond: 1000, Burst: 1000})
		s := a.addShop()
		a.fill(s, 10000, 0)
		tok := a.token("admin", false)
		var before []int64
		rows, _ := d.Query("SELECT id FROM magento_customers")
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			before = append(before, id)
		}
		rows.Close()

		for _, sort := range []string{"id", "name"} {
			seen := map[int64]int{}
			next := "/api/v1/customers?limit=500&fields=id&sort=" + sort
			for pages := 0; next != ""; pages++ {
				if pages > 40 {
					t.Fatalf("sort %s: the walk does not end", sort)
				}
				var p page
				got := a.call(tok, "GET", next, nil)
				got.json(t, &p)
				if got.status != http.StatusOK {
					t.Fatalf("sort %s page %d: %d %s", sort, pages, got.status, got.body)
				}
				for _, it := range p.Items {
					seen[int64(it["id"].(float64))]++
				}
				next = p.Next
				// Between pages: new customers, and changes to ones
				// already read and to ones still ahead.
				a.fill(s, 20, 20000+pages*20+len(seen)*1000)
				if _, err := d.Exec("UPDATE magento_customers SET email = 'x' || email, updated_at = updated_at + 1, row_version = row_version + 1 WHERE id % 37 = $1", pages%37); err != nil {
					t.Fatal(err)
				}
				if _, err := d.Exec("DELETE FROM magento_customers WHERE id IN (SELECT id FROM magento_customers WHERE email LIKE 'c2%' ORDER BY id LIMIT 5)"); err != nil {
					t.Fatal(err)
				}
			}
			for id, n := range seen {
				if n > 1 {
					t.Fatalf("sort %s: customer %d came %d times", sort, id, n)
				}
			}
			for _, id := range before {
				if seen[id] != 1 {
					t.Fatalf("sort %s: customer %d, there all along, was missed", sort, id)
				}
			}
		}
	})
}
