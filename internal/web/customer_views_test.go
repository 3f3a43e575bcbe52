package web_test

import (
	"net/url"
	"strings"
	"testing"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
)

func TestSavedViewsRestoreFiltersSortAndColumns(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		s := newCustomerShop(t, d)
		admin := s.admin()
		// The grid filtered to the US, by email descending, with two columns.
		p := admin.get("/customers?country=US&sort=email&dir=desc")
		doc := parsePage(t, p)
		query := doc.Find(`#save-view input[name="query"]`).AttrOr("value", "")
		r := admin.post("/customers/views", url.Values{"view_name": {"US, by email"}, "query": {query},
			"columns": {"email,owner"}, "shared": {"on"}})
		loc := r.resp.Header.Get("Location")
		if !strings.HasPrefix(loc, "/customers?view=") {
			t.Fatalf("saving a view answered %d, %q", r.status, loc)
		}
		doc = parsePage(t, admin.get(loc))
		if got := texts(doc, "#customers td.c-email"); strings.Join(got, " ") != "olga@example.com alan@example.com" {
			t.Errorf("the view shows %q", got)
		}
		if got := texts(doc, "#customers thead th"); strings.Join(got, "|") != "|Email ▼|Owner|Actions" {
			t.Errorf("the view's columns: %q", got)
		}
		if got := strings.TrimSpace(doc.Find(`#saved-views a[aria-current="page"]`).Text()); !strings.HasPrefix(got, "US, by email") {
			t.Errorf("the active view is %q", got)
		}
		// Removing the view's filter keeps it removed (and the columns).
		chip := doc.Find("#filter-chips li a").First().AttrOr("href", "")
		doc = parsePage(t, admin.get(chip))
		if got := texts(doc, "#customers td.c-email"); len(got) != 4 || doc.Find("#customers thead th").Length() != 4 {
			t.Errorf("after removing the country chip: %q, %d columns", got, doc.Find("#customers thead th").Length())
		}
		// A name taken is refused with a reason.
		r = admin.post("/customers/views", url.Values{"view_name": {"us, BY email"}, "query": {query}, "columns": {"email"}})
		if flash := parsePage(t, admin.get(r.resp.Header.Get("Location"))).Find(".flash").Text(); !strings.Contains(flash, "already have a view named") {
			t.Errorf("a duplicate name: %q", flash)
		}

		// Shared with the admin's unit only: rita (Sales) does not see it.
		viewPath := loc
		rep := s.repBrowser("rita")
		if p := rep.get(viewPath); !strings.Contains(p.body, `id="view-missing"`) {
			t.Errorf("a view shared in another unit opened for rita")
		}
		if n := parsePage(t, rep.get("/customers")).Find("#saved-views a[data-view]").Length(); n != 0 {
			t.Errorf("rita sees %d views of another unit", n)
		}

		// A default view opens with the bare grid; the plain grid stays reachable.
		id := strings.TrimPrefix(viewPath, "/customers?view=")
		expectRedirect(t, admin.post("/customers/views/default", url.Values{"id": {id}}), viewPath)
		if got := texts(parsePage(t, admin.get("/customers")), "#customers td.c-email"); len(got) != 2 {
			t.Errorf("the default view did not open: %q", got)
		}
		if got := texts(parsePage(t, admin.get("/customers?view=0")), "#customers td.c-email"); len(got) != 4 {
			t.Errorf("the plain grid: %q", got)
		}
		expectRedirect(t, admin.post(strings.Replace(viewPath, "?view=", "/views/", 1)+"/delete", nil), "/customers?view=0")
		if got := texts(parsePage(t, admin.get("/customers")), "#customers td.c-email"); len(got) != 4 {
			t.Errorf("after deleting the default view: %q", got)
		}
	})
}
