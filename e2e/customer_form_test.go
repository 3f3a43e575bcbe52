package e2e

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestCustomerCreateAndEditInBrowser creates a customer through the form:
// the store list follows the channel, a weak password is refused with
// Magento's rule next to the field, and the fixed form saves. Then it
// edits the customer and checks the view page and its Create Order button.
func TestCustomerCreateAndEditInBrowser(t *testing.T) {
	b := NewBrowser(t)
	srv := StartServer(t)
	f := newCustomerFixture(t, srv)
	b.SignIn(srv.URL, "admin", srv.AdminPassword)

	b.Open(srv.URL + "/customers")
	b.Do("open the create form", chromedp.Click(`a[href="/customers/new"]`))
	b.Do("wait for the form", chromedp.WaitVisible("#channel"))
	if b.eval(`document.querySelector('button[name=reload]').hidden ? "hidden" : "shown"`) != "hidden" {
		t.Error("the no-script reload button shows while scripts run")
	}
	visibleStores := func() string {
		return b.eval(`[...document.querySelectorAll('#store option[data-channel]')].filter(o => !o.hidden).map(o => o.textContent).join(",")`)
	}
	b.choose("channel", strconv.FormatInt(f.second, 10))
	if got := visibleStores(); got != "Second Store" {
		t.Fatalf("stores offered for the second channel: %q", got)
	}
	b.choose("channel", strconv.FormatInt(f.twoWay, 10))
	if got := visibleStores(); got != "Default Store View,French" {
		t.Fatalf("stores offered for the two-way shop: %q", got)
	}
	b.choose("store", strconv.FormatInt(f.storeB, 10))
	b.choose("group", strconv.FormatInt(f.vip, 10))
	b.Do("fill the customer",
		chromedp.SendKeys(chromedp.ID("first_name"), "Nina"),
		chromedp.SendKeys(chromedp.ID("last_name"), "Neu"),
		chromedp.SendKeys(chromedp.ID("email"), "nina@example.com"),
		chromedp.SendKeys(chromedp.ID("password"), "weakpassword"))
	if status := b.Submit("#save"); status != 422 {
		t.Fatalf("weak password: status %d", status)
	}
	if msg := b.Text("#password-error"); !strings.Contains(msg, "at least 3 of these 4 kinds of characters") {
		t.Fatalf("password message %q", msg)
	}
	if v := b.eval(`document.getElementById('first_name').value`); v != "Nina" {
		t.Fatalf("the typed first name became %q", v)
	}
	if v := b.eval(`document.getElementById('store').value`); v != strconv.FormatInt(f.storeB, 10) {
		t.Fatalf("the chosen store was lost: %q", v)
	}
	b.Do("a strong password and an address",
		chromedp.SendKeys(chromedp.ID("password"), "Str0ng-pass!"),
		chromedp.SendKeys(byID("address.0.first_name"), "Nina"),
		chromedp.SendKeys(byID("address.0.last_name"), "Neu"),
		chromedp.SendKeys(byID("address.0.street1"), "5 Rue Haute"),
		chromedp.SendKeys(byID("address.0.city"), "Paris"),
		chromedp.SendKeys(byID("address.0.postcode"), "75001"),
		chromedp.SendKeys(byID("address.0.telephone"), "0102030405"))
	b.choose("address.0.country", "FR")
	b.Do("the region", chromedp.SendKeys(byID("address.0.region"), "Paris"))
	if status := b.Submit("#save"); status != 200 {
		t.Fatalf("save: status %d, page %q", status, b.Text("main"))
	}
	if flash := b.Text(".flash"); !strings.Contains(flash, "waiting to be sent to Magento") {
		t.Fatalf("after saving: %q (%s)", flash, b.Text(".error-summary"))
	}
	if h := b.Text("h1"); h != "Nina Neu" {
		t.Fatalf("view heading %q", h)
	}
	if got := b.eval(`document.getElementById('create-order').getAttribute('aria-disabled') || ""`); got != "true" {
		t.Error("Create Order is enabled for a customer Magento does not know")
	}
	if reason := b.Text("#create-order-reason"); !strings.Contains(reason, "Magento does not know this customer yet") {
		t.Errorf("Create Order reason %q", reason)
	}

	b.Do("edit", chromedp.Click("#edit"))
	b.Do("wait for the edit form", chromedp.WaitVisible("#last_name"))
	b.eval(`document.getElementById("last_name").value = ""`)
	b.Do("change the last name", chromedp.SendKeys(chromedp.ID("last_name"), "Neumann"))
	if status := b.Submit("#save"); status != 200 || b.Text("h1") != "Nina Neumann" {
		t.Fatalf("edit: status %d, heading %q, %q", status, b.Text("h1"), b.Text(".error-summary"))
	}
	if hist := b.Text("#history"); !strings.Contains(hist, "Neumann") || !strings.Contains(hist, "Admin") {
		t.Fatalf("history %q", hist)
	}

	// A customer Magento knows, on a channel with an admin URL.
	f.addCustomers(t, 1, f.admin, "k")
	var id, origin int64
	srv.DB.QueryRow("SELECT id, origin_id FROM magento_customers WHERE email = 'k00@example.com'").Scan(&id, &origin)
	b.Open(fmt.Sprintf("%s/customers/%d", srv.URL, id))
	want := fmt.Sprintf("https://shop.test/admin/sales/order_create/start/customer_id/%d/", origin)
	if got := b.eval(`document.getElementById('create-order').href + " " + document.getElementById('create-order').target`); got != want+" _blank" {
		t.Fatalf("Create Order opens %q, want %q in a new tab", got, want)
	}
}

// TestCustomerSubscribeAndScopeInBrowser subscribes a customer after the
// confirmation, and checks that a Sales Representative who opens a
// customer outside their scope by URL is refused.
func TestCustomerSubscribeAndScopeInBrowser(t *testing.T) {
	b := NewBrowser(t)
	srv := StartServer(t)
	f := newCustomerFixture(t, srv)
	f.addCustomers(t, 1, f.rep, "r")
	f.addCustomers(t, 1, f.admin, "z")
	var mine, theirs int64
	srv.DB.QueryRow("SELECT id FROM magento_customers WHERE email = 'r00@example.com'").Scan(&mine)
	srv.DB.QueryRow("SELECT id FROM magento_customers WHERE email = 'z00@example.com'").Scan(&theirs)

	b.SignIn(srv.URL, "rita", ritaPassword)
	b.Open(fmt.Sprintf("%s/customers/%d", srv.URL, mine))
	if status := b.Submit("#newsletter-button"); status != 200 {
		t.Fatalf("subscribe: %d", status)
	}
	if d := b.Dialogs(); len(d) != 1 || d[0] != "Subscribe r00@example.com to the newsletter?" {
		t.Fatalf("confirmations %q", d)
	}
	if badge := b.Text("#newsletter-badge"); badge != "Newsletter: Subscribed (waiting to be sent to Magento)" {
		t.Fatalf("badge %q", badge)
	}
	var sub bool
	var state int
	srv.DB.QueryRow("SELECT is_subscribed, sync_state FROM magento_customers WHERE id = $1", mine).Scan(&sub, &state)
	if !sub || state&1 == 0 {
		t.Fatalf("saved newsletter %v, state %d", sub, state)
	}

	if status := b.Open(fmt.Sprintf("%s/customers/%d", srv.URL, theirs)); status != 403 || !strings.Contains(b.Text(".error-message"), "not shared with you") {
		t.Fatalf("customer out of scope: status %d, %q", status, b.Text(".error-message"))
	}
	b.Open(srv.URL + "/customers")
	if rows := b.Text("#customers tbody"); strings.Contains(rows, "z00@") || !strings.Contains(rows, "r00@") {
		t.Fatalf("the rep's grid shows %q", rows)
	}
}
