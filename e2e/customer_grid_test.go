package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestCustomerGridInBrowser filters, sorts and pages the grid with clicks,
// then checks the URL holds the whole state: opened again it shows the
// same rows, and Back returns to the previous state.
func TestCustomerGridInBrowser(t *testing.T) {
	b := NewBrowser(t)
	srv := StartServer(t)
	f := newCustomerFixture(t, srv)
	f.addCustomers(t, 60, f.admin, "a")
	b.SignIn(srv.URL, "admin", srv.AdminPassword)

	b.Open(srv.URL + "/customers")
	if got := b.Text("#grid-total"); got != "60 customers." {
		t.Fatalf("total %q", got)
	}
	b.Do("open the filters", chromedp.Click("details.filters summary"))
	b.choose("f-country", "US")
	if status := b.Submit("#apply-filters"); status != 200 {
		t.Fatalf("apply filters: %d", status)
	}
	if got := b.Text("#grid-total"); got != "40 customers match the filters." {
		t.Fatalf("after the country filter: %q", got)
	}
	// The grid already sorts by last name (the column shows it); one
	// click turns the order round.
	if b.Text(`th[aria-sort="ascending"] a`) != "Last name ▲" {
		t.Fatal("the default sort is not shown on the Last name column")
	}
	b.Do("sort descending", chromedp.Click(`a[data-sort="last_name"]`))
	b.Do("wait for the sorted page", chromedp.WaitVisible(`th[aria-sort="descending"]`))
	if first := b.Text("#customers tbody tr td.c-last"); first != "aLast59" {
		t.Fatalf("first row after sorting descending: %q", first)
	}
	b.Do("next page", chromedp.Click("#next-page"))
	b.Do("wait for page 2", chromedp.WaitVisible(`#prev-page`))
	if got := b.Text("#page-of"); got != "Page 2 of 2" {
		t.Fatalf("after Next: %q", got)
	}
	here := b.Location()
	for _, part := range []string{"country=US", "sort=last_name", "dir=desc", "page=2"} {
		if !strings.Contains(here, part) {
			t.Fatalf("the URL %s lacks %s", here, part)
		}
	}
	firstOnPage := b.Text("#customers tbody tr td.c-last")
	b.Open(srv.URL + "/customers")
	b.Open(here)
	if got := b.Text("#customers tbody tr td.c-last"); got != firstOnPage {
		t.Fatalf("the shared URL shows %q first, the page showed %q", got, firstOnPage)
	}
	b.eval(`history.back(); ""`)
	got := ""
	for i := 0; i < 50 && got != "60 customers."; i++ {
		time.Sleep(100 * time.Millisecond)
		got = b.Text("#grid-total")
	}
	if got != "60 customers." || b.Location() != srv.URL+"/customers" {
		t.Fatalf("Back shows %q at %s", got, b.Location())
	}
}
