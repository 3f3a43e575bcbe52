package web_test

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
)

func TestOverlongFiltersAnswer422WithAMessage(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		s := newCustomerShop(t, d)
		admin := s.admin()
		// 40,000 characters: as a LIKE pattern, more than SQLite takes.
		long := strings.Repeat("ab%_", 10_000)
		grid := admin.get("/customers?first_name=" + url.QueryEscape(long))
		if grid.status != http.StatusUnprocessableEntity || !strings.Contains(grid.body, "Use at most 200 characters to search.") {
			t.Fatalf("grid with a 40,000-character first name: status %d", grid.status)
		}
		if strings.Contains(grid.body, strings.Repeat("ab%_", 20)) {
			t.Error("the grid shows the overlong filter again")
		}
		for _, path := range []string{"/customers/export.csv?email=", "/accounts/options?q=", "/contacts/options?q=", "/contacts?q=", "/accounts?q=", "/system/users?q="} {
			p := admin.get(path + url.QueryEscape(long))
			if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "Use at most 200 characters to search.") {
				t.Errorf("%s with 40,000 characters: status %d, %q", path, p.status, summary(p.body))
			}
		}
		if p := admin.get("/customers?first_name=" + strings.Repeat("a", 200)); p.status != http.StatusOK {
			t.Errorf("a 200-character filter: status %d", p.status)
		}
	})
}

func TestFormsBeyondWhatMagecrmKeepsAreRefused(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newTestApp(t, d)
		admin := app.browser()
		admin.login("admin", app.AdminPassword)
		huge := admin.post("/system/business-units", url.Values{"name": {strings.Repeat("x", 3<<20)}})
		if huge.status != http.StatusRequestEntityTooLarge || !strings.Contains(summary(huge.body), "too large") {
			t.Fatalf("a 3 MiB form: status %d, %q", huge.status, summary(huge.body))
		}
		long := admin.post("/system/business-units", url.Values{"name": {strings.Repeat("y", 100_001)}})
		if long.status != http.StatusUnprocessableEntity || strings.Contains(long.body, strings.Repeat("y", 200)) {
			t.Fatalf("a field of 100,001 characters: status %d", long.status)
		}
		named := admin.post("/system/business-units", url.Values{"name": {strings.Repeat("z", 101)}})
		if named.status != http.StatusUnprocessableEntity || fieldError(named.body, "name") != "Use at most 100 characters." {
			t.Fatalf("a name over its own cap: status %d, %q", named.status, fieldError(named.body, "name"))
		}
		if n := count(t, d, "SELECT COUNT(*) FROM business_units"); n != 1 {
			t.Fatalf("%d units after refused forms", n)
		}
	})
}

func TestSignedInPagesAndExportsAreNotCached(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		s := newCustomerShop(t, d)
		admin := s.admin()
		for _, path := range []string{"/", "/customers", "/customers/export.csv", "/system/users", "/customers/" + idString(s.repCustomer)} {
			if p := admin.get(path); p.status != http.StatusOK || p.resp.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("%s: status %d, Cache-Control %q", path, p.status, p.resp.Header.Get("Cache-Control"))
			}
		}
	})
}

func TestEveryTextCellOfTheExportIsNeutralised(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		s := newCustomerShop(t, d)
		for _, q := range []string{
			"UPDATE channels SET name = '=HYPERLINK(\"http://evil.example\")' WHERE id = $1",
			"UPDATE magento_websites SET name = '+cmd' WHERE channel_id = $1",
			"UPDATE magento_stores SET name = '-2+3' WHERE channel_id = $1",
			"UPDATE magento_customer_groups SET code = '@SUM(A1)' WHERE channel_id = $1",
			"UPDATE magento_customers SET first_name = 'Ni' || CHR(0) || 'na', dob = '=1+1', currency = '=X', billing_country = '-X' WHERE channel_id = $1",
		} {
			if d.Dialect == db.SQLite {
				q = strings.ReplaceAll(q, "CHR(0)", "CHAR(0)")
			} else { // PostgreSQL refuses NUL in text
				q = strings.ReplaceAll(q, "CHR(0)", "''")
			}
			if _, err := d.Exec(q, s.twoWay); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		d.Exec("UPDATE users SET first_name = '=Evil', last_name = 'Owner' WHERE id = $1", s.rep)
		exp := s.admin().get("/customers/export.csv")
		recs, err := csv.NewReader(strings.NewReader(exp.body)).ReadAll()
		if err != nil || len(recs) < 2 {
			t.Fatalf("export: %v, %d records", err, len(recs))
		}
		for _, rec := range recs[1:] {
			for i, cell := range rec {
				if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) && recs[0][i] != "Lifetime value" {
					t.Errorf("column %s: %q can run as a formula", recs[0][i], cell)
				}
				if strings.ContainsRune(cell, 0) {
					t.Errorf("column %s holds a NUL byte", recs[0][i])
				}
			}
		}
	})
}

func TestFormActionsOnACustomerOneMayOnlyViewAre403(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		s := newCustomerShop(t, d)
		sam := s.app.User("sam", repPassword, "Sales Representative", "Sales")
		if _, err := d.Exec("UPDATE magento_customers SET owner_user_id = $1 WHERE id = $2", sam.ID, s.outsideCustomer); err != nil {
			t.Fatal(err)
		}
		rita := s.repBrowser("rita")
		path := "/customers/" + idString(s.outsideCustomer)
		if p := rita.get(path); p.status != http.StatusOK {
			t.Fatalf("rita views sam's customer: status %d", p.status)
		}
		for _, action := range []string{"add_address", "reload"} {
			form := s.validCustomerForm()
			form.Set(action, "1")
			if p := rita.post(path, form); p.status != http.StatusForbidden || strings.Contains(p.body, `name="first_name"`) {
				t.Errorf("%s on a customer rita may only view: status %d", action, p.status)
			}
		}
	})
}
