package web_test

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
)

// parsePage parses a page that must have answered 200.
func parsePage(t *testing.T, p page) *goquery.Document {
	t.Helper()
	if p.status != http.StatusOK {
		t.Fatalf("status %d: %s", p.status, summary(p.body))
	}
	return p.dom(t)
}

// texts returns the trimmed text of every element the selector finds.
func texts(doc *goquery.Document, sel string) []string {
	var out []string
	doc.Find(sel).Each(func(_ int, s *goquery.Selection) { out = append(out, strings.TrimSpace(s.Text())) })
	return out
}

// importedCustomer gives the shop's admin customer Magento's times (2024),
// import and sync times of magecrm (2026), a US address and an order.
func (s *customerShop) importedCustomer(t *testing.T, d *db.DB) {
	t.Helper()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := d.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`UPDATE magento_customers SET remote_created_at = '2024-02-29 10:15:00', remote_updated_at = '2024-03-01 08:00:00',
		imported_at = 1795996800000, synced_at = 1796000400000 WHERE id = $1`, s.adminCustomer)
	exec(`UPDATE magento_customers SET remote_created_at = '2025-06-01 00:00:00', remote_updated_at = '2025-06-02 00:00:00'
		WHERE id IN ($1, $2)`, s.repCustomer, s.outsideCustomer)
	// Created here, not in Magento yet: no Magento times.
	exec(`UPDATE magento_customers SET remote_created_at = '', remote_updated_at = '', origin_id = NULL WHERE id = $1`, s.oneWayCustomer)
	exec(`INSERT INTO magento_addresses (customer_id, origin_id, first_name, last_name, street, city, region_code, region,
		postcode, country_id, is_default_billing) VALUES ($1, 1, 'Alan', 'Cole', '500 Congress Ave', 'Austin', 'TX', 'Texas', '78701', 'US', TRUE)`,
		s.adminCustomer)
	exec(`INSERT INTO magento_orders (channel_id, origin_id, customer_id, customer_origin_id, increment_id, status, state,
		grand_total, currency, remote_created_at) VALUES ($1, 77, $2, 503, '000000077', 'holded', 'holded', 1234.5, 'EUR', '2024-05-06 07:08:09')`,
		s.twoWay, s.adminCustomer)
}

func TestCustomerPageShowsMagentoTimesOrdersAndAddresses(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		s := newCustomerShop(t, d)
		s.importedCustomer(t, d)
		doc := parsePage(t, s.admin().get(fmt.Sprintf("/customers/%d", s.adminCustomer)))
		for sel, want := range map[string]string{
			"#created-at":  "2024-02-29 10:15 UTC",
			"#updated-at":  "2024-03-01 08:00 UTC",
			"#imported-at": "2026-11-30 00:00 UTC",
			"#synced-at":   "2026-11-30 01:00 UTC",
		} {
			if got := strings.TrimSpace(doc.Find(sel).Text()); got != want {
				t.Errorf("%s = %q, want %q", sel, got, want)
			}
		}
		if got := texts(doc, "#addresses address .line"); strings.Join(got, " | ") != "Alan Cole | 500 Congress Ave | Austin, Texas 78701 | United States" {
			t.Errorf("address lines: %q", got)
		}
		row := doc.Find("#orders tbody tr").First()
		cells := texts(doc, "#orders tbody tr:first-child td")
		if strings.Join(cells, " | ") != "#000000077 | 2024-05-06 07:08 UTC | On Hold | 1234.50 EUR" {
			t.Errorf("order row: %q", cells)
		}
		if href, _ := row.Find("a").Attr("href"); href != "https://shop.test/admin/sales/order/view/order_id/77/" {
			t.Errorf("order link %q", href)
		}
		// Empty values read "—"; the history starts with the import.
		if got := texts(doc, "#general dd"); !strings.Contains(strings.Join(got, "|"), "|—|") {
			t.Errorf("empty fields do not show a dash: %q", got)
		}
		last := doc.Find("#history > li").Last().Text()
		if !strings.Contains(last, "2026-11-30 00:00 UTC") || !strings.Contains(last, "imported from Magento") ||
			!strings.Contains(last, "Two-way shop") {
			t.Errorf("history does not start with the import: %q", last)
		}
	})
}

func TestCustomerGridFiltersAndExportsMagentoTimes(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		s := newCustomerShop(t, d)
		s.importedCustomer(t, d)
		b := s.admin()
		// Created in 2024 finds the one customer Magento created then,
		// though magecrm imported it in 2026.
		doc := parsePage(t, b.get("/customers?created_from=2024-01-01&created_to=2024-12-31"))
		if got := texts(doc, "#customers td.c-email"); strings.Join(got, " ") != "alan@example.com" {
			t.Fatalf("created in 2024: %q", got)
		}
		if got := texts(doc, "#customers td.c-created"); len(got) != 1 || got[0] != "2024-02-29" {
			t.Errorf("created cell %q", got)
		}
		if got := strings.TrimSpace(doc.Find("#grid-total").Text()); got != "1 customer matches the filters." {
			t.Errorf("total: %q", got)
		}
		if got := texts(doc, "#filter-chips li span"); strings.Join(got, "; ") != "Created from: 2024-01-01; Created to: 2024-12-31" {
			t.Errorf("chips: %q", got)
		}
		// "Created to" alone leaves out customers Magento does not have yet.
		doc = parsePage(t, b.get("/customers?created_to=2025-12-31&sort=created_at"))
		if got := texts(doc, "#customers td.c-email"); strings.Join(got, " ") != "alan@example.com rhea@example.com olga@example.com" {
			t.Errorf("created up to 2025, by creation: %q", got)
		}
		exp := b.get("/customers/export.csv?created_from=2024-01-01&created_to=2024-12-31")
		recs, err := csv.NewReader(strings.NewReader(exp.body)).ReadAll()
		if err != nil || len(recs) != 2 {
			t.Fatalf("export: %v %v", recs, err)
		}
		head, row := recs[0], recs[1]
		got := map[string]string{}
		for i, h := range head {
			got[h] = row[i]
		}
		if got["Created in Magento"] != "2024-02-29 10:15:00" || got["Updated in Magento"] != "2024-03-01 08:00:00" ||
			got["Imported"] != "2026-11-30 00:00:00" {
			t.Errorf("export times: %v", got)
		}
	})
}

func TestCustomerGridSortsLifetimeWithinCurrency(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		s := newCustomerShop(t, d)
		for id, v := range map[int64]string{s.repCustomer: "900 GBP", s.outsideCustomer: "50 USD", s.adminCustomer: "10 GBP", s.oneWayCustomer: "70 USD"} {
			var amount float64
			var cur string
			fmt.Sscan(v, &amount, &cur)
			if _, err := d.Exec("UPDATE magento_customers SET lifetime_value = $1, currency = $2 WHERE id = $3", amount, cur, id); err != nil {
				t.Fatal(err)
			}
		}
		doc := parsePage(t, s.admin().get("/customers?sort=lifetime"))
		if got := texts(doc, "#customers td.num"); strings.Join(got, " | ") != "10.00 GBP | 900.00 GBP | 50.00 USD | 70.00 USD" {
			t.Errorf("lifetime sort: %q", got)
		}
		if doc.Find("#lifetime-sort-note").Length() != 1 {
			t.Error("the grid does not say it sorts within each currency")
		}
	})
}

// runStep returns the counts (read, created, updated, unchanged, removed,
// failed) of the newest run's step of that name on a channel page.
func runStep(t *testing.T, p page, name string) []string {
	t.Helper()
	var out []string
	parsePage(t, p).Find("#runs tbody.run").First().Find("tr").Each(func(_ int, tr *goquery.Selection) {
		if strings.TrimSpace(tr.Find("td.step").Text()) == name {
			tr.Find("td.num").Each(func(_ int, td *goquery.Selection) { out = append(out, strings.TrimSpace(td.Text())) })
		}
	})
	return out
}
