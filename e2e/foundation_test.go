package e2e

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestFoundation walks the administrator's first steps and checks that a
// Sales Representative cannot reach the System pages.
func TestFoundation(t *testing.T) {
	b := NewBrowser(t)
	srv := StartServer(t)

	b.SignIn(srv.URL, "admin", srv.AdminPassword)
	if menu := b.Text(`nav[aria-label="Main"]`); !strings.Contains(menu, "System") {
		t.Fatalf("the administrator's menu lacks System: %q", menu)
	}

	b.Open(srv.URL + "/system/business-units/new")
	b.Do("fill the business unit form", chromedp.SendKeys(chromedp.ID("name"), "Field Sales"))
	if status := b.Submit("form.form button[type=submit]"); status != 200 || b.Text(".flash") != "Business unit Field Sales was created." {
		t.Fatalf("create business unit: status %d, message %q, name error %q", status, b.Text(".flash"), b.Text("#name-error"))
	}
	var unit int64
	if err := srv.DB.QueryRow("SELECT id FROM business_units WHERE name = 'Field Sales'").Scan(&unit); err != nil {
		t.Fatalf("the unit is not in the database: %v", err)
	}

	b.Open(srv.URL + "/system/users/new")
	b.Do("fill the user form",
		chromedp.SendKeys(chromedp.ID("username"), "sam"),
		chromedp.SendKeys(chromedp.ID("first_name"), "Sam"),
		chromedp.SendKeys(chromedp.ID("last_name"), "Seller"),
		chromedp.SendKeys(chromedp.ID("email"), "sam@example.com"),
		chromedp.SetValue(chromedp.ID("business_unit"), strconv.FormatInt(unit, 10)),
		chromedp.Click(`//label[normalize-space()="Sales Representative"]`),
		chromedp.SendKeys(chromedp.ID("password"), "sam-password-1"))
	if status := b.Submit("form.form button[type=submit]"); status != 200 || b.Text(".flash") != "User sam was created." {
		t.Fatalf("create user: status %d, message %q, page %q", status, b.Text(".flash"), b.Text("main"))
	}
	b.Open(srv.URL + "/system/users?q=sam")
	if row := b.Text("table.grid tbody"); !strings.Contains(row, "Sam Seller") || !strings.Contains(row, "Field Sales") || !strings.Contains(row, "Sales Representative") {
		t.Fatalf("the user list shows %q", row)
	}
	b.SignOut()

	b.SignIn(srv.URL, "sam", "sam-password-1")
	if h, who := b.Text("h1"), b.Text("header .who"); h != "Dashboard" || who != "Sam Seller" {
		t.Fatalf("home page heading %q, signed in as %q", h, who)
	}
	if menu := b.Text(`nav[aria-label="Main"]`); strings.Contains(menu, "System") {
		t.Fatalf("a Sales Representative sees the System menu: %q", menu)
	}
	for _, path := range []string{"/system/users", "/system/business-units", "/system/roles"} {
		status := b.Open(srv.URL + path)
		if status != 403 || b.Text("h1") != "Forbidden" || !strings.Contains(b.Text(".error-message"), "You do not have permission") {
			t.Errorf("%s: status %d, heading %q, message %q; want the 403 page", path, status, b.Text("h1"), b.Text(".error-message"))
		}
	}
}
