package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// resize makes the browser window's page this many CSS pixels wide.
func (b *Browser) resize(width, height int64) {
	b.t.Helper()
	b.Do(fmt.Sprintf("resize to %d px", width), chromedp.EmulateViewport(width, height))
}

// sidewaysScroll reports how many pixels the page, and the customers grid
// inside its scroll box, are wider than the window and the box.
func (b *Browser) sidewaysScroll() (page, grid string) {
	b.t.Helper()
	page = b.eval(`String(document.documentElement.scrollWidth - window.innerWidth)`)
	grid = b.eval(`(() => { const g = document.querySelector(".grid-scroll"); return g ? String(g.scrollWidth - g.clientWidth) : "0"; })()`)
	return page, grid
}

// TestDefaultCustomerGridFits1400Pixels shows the default grid with long
// values in a 1,400 px window: nothing scrolls sideways, and a value cut
// short keeps its whole text as the cell's tooltip.
func TestDefaultCustomerGridFits1400Pixels(t *testing.T) {
	b := NewBrowser(t)
	srv := StartServer(t)
	f := newCustomerFixture(t, srv)
	f.addCustomers(t, 30, f.admin, "w")
	long := "maximiliane.von.hohenzollern-sigmaringen.customer-service@very-long-company-domain-name.example.com"
	if _, err := srv.DB.Exec(`UPDATE magento_customers SET email = $1, first_name = 'Maximiliane-Alexandra', last_name = 'von Hohenzollern-Sigmaringen',
		sync_state = 3, billing_country = 'CF', lifetime_value = 1234567.89, currency = 'EUR', remote_created_at = '2024-02-29 10:00:00',
		remote_updated_at = '2024-03-01 10:00:00' WHERE last_name = 'wLast00'`, long); err != nil {
		t.Fatal(err)
	}
	b.resize(1400, 900)
	b.SignIn(srv.URL, "admin", srv.AdminPassword)
	b.Open(srv.URL + "/customers")
	if page, grid := b.sidewaysScroll(); page != "0" || grid != "0" {
		t.Fatalf("at 1,400 px the page scrolls sideways by %s px and the grid by %s px", page, grid)
	}
	for _, col := range []string{"Created", "Updated", "Actions"} {
		if !strings.Contains(b.Text("#customers thead"), col) {
			t.Errorf("the default grid lacks %s", col)
		}
	}
	visible := b.eval(`(() => { const r = document.querySelector("#customers th:last-child").getBoundingClientRect(); return String(r.right <= window.innerWidth); })()`)
	if visible != "true" {
		t.Error("the Actions column is not within the window")
	}
	cut := b.eval(fmt.Sprintf(`(() => { const a = [...document.querySelectorAll("td.c-email a")].find(a => a.textContent === %s);
		const td = a.closest("td"); return String(td.scrollWidth > td.clientWidth) + " " + a.title; })()`, jsString(long)))
	if cut != "true "+long {
		t.Errorf("the long email: %q, want it cut short with the whole address as its tooltip", cut)
	}
}

// TestNarrowWindowHasNoSidewaysScroll opens the main pages 420 px wide:
// the header wraps, long emails wrap, wide tables scroll inside their own
// box, and no page is wider than the window.
func TestNarrowWindowHasNoSidewaysScroll(t *testing.T) {
	b := NewBrowser(t)
	srv := StartServer(t)
	f := newCustomerFixture(t, srv)
	f.addCustomers(t, 5, f.admin, "n")
	long := "a.very.long.email.address.that.does.not.fit@an-even-longer-company-domain.example.com"
	var id string
	if err := srv.DB.QueryRow(`UPDATE magento_customers SET email = $1 WHERE last_name = 'nLast00' RETURNING id`, long).Scan(&id); err != nil {
		t.Fatal(err)
	}
	b.resize(420, 900)
	b.SignIn(srv.URL, "admin", srv.AdminPassword)
	for _, path := range []string{"/", "/customers", "/customers/" + id, "/contacts", "/accounts", "/channels", "/system/users", "/system/roles"} {
		b.Open(srv.URL + path)
		if page, _ := b.sidewaysScroll(); page != "0" {
			t.Errorf("%s at 420 px scrolls sideways by %s px", path, page)
		}
	}
}

// TestTabReachesEveryMenuItem walks the page with the Tab key: every item
// of every menu takes the focus in turn, and the focus is visible.
func TestTabReachesEveryMenuItem(t *testing.T) {
	b := NewBrowser(t)
	srv := StartServer(t)
	b.resize(1400, 900)
	b.SignIn(srv.URL, "admin", srv.AdminPassword)
	want := strings.Fields(b.eval(`[...document.querySelectorAll('nav[aria-label="Main"] .menu ul a')].map(a => a.getAttribute("href")).join(" ")`))
	if len(want) < 7 {
		t.Fatalf("the menus hold %v", want)
	}
	reached := map[string]bool{}
	for range 40 {
		b.Do("press Tab", chromedp.KeyEvent("\t"))
		got := b.eval(`(() => { const e = document.activeElement; const style = getComputedStyle(e);
			return (e.getAttribute("href") || "") + " " + String(e.offsetParent !== null && style.outlineStyle !== "none"); })()`)
		href, visible, _ := strings.Cut(got, " ")
		if href != "" && visible != "true" {
			t.Errorf("%s has the focus but it is not visible (%s)", href, visible)
		}
		reached[href] = true
	}
	for _, href := range want {
		if !reached[href] {
			t.Errorf("Tab never reaches the menu item %s", href)
		}
	}
}
