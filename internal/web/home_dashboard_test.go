package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/model"
)

// channelRow returns the dashboard's figures for a channel: customers,
// waiting to be sent, conflicts, removed.
func channelRow(doc *goquery.Document, id int64) string {
	row := doc.Find(fmt.Sprintf(`#channel-health tr[data-channel="%d"]`, id))
	var out []string
	for _, c := range []string{".c-customers", ".c-pending", ".c-conflicts", ".c-removed"} {
		out = append(out, strings.TrimSpace(row.Find(c).Text()))
	}
	return strings.Join(out, " ")
}

func TestDashboardFiguresFollowTheViewersScope(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		s := newCustomerShop(t, d)
		now := time.Now().UTC()
		recent := model.FormatMagentoTime(now.AddDate(0, 0, -1))
		for _, u := range []struct {
			id    int64
			state int
		}{{s.repCustomer, model.SyncPendingSend}, {s.outsideCustomer, model.SyncConflict}, {s.adminCustomer, 0}} {
			if _, err := d.Exec(`UPDATE magento_customers SET remote_created_at = $1, sync_state = $2, lifetime_value = 40, currency = 'EUR'
				WHERE id = $3`, recent, u.state, u.id); err != nil {
				t.Fatal(err)
			}
		}
		admin := s.admin()
		doc := parsePage(t, admin.get("/"))
		if got := channelRow(doc, s.twoWay); got != "3 1 1 0" {
			t.Errorf("admin's two-way channel row: %q", got)
		}
		if got := channelRow(doc, s.oneWay); got != "1 0 0 0" {
			t.Errorf("admin's read-only channel row: %q", got)
		}
		if doc.Find("#channel-health th:contains('Last run')").Length() != 1 {
			t.Error("the administrator does not see the sync health")
		}
		bars := doc.Find("#new-customers-widget svg rect.bar")
		if bars.Length() != 12 {
			t.Fatalf("%d weekly bars, want 12", bars.Length())
		}
		// The new customers of the last day are in this week's bar, or
		// last week's on a Monday.
		if last := bars.Last().Find("title").Text() + bars.Eq(10).Find("title").Text(); !strings.Contains(last, ": 3") {
			t.Errorf("this week's bars say %q, want 3 new customers", last)
		}
		if title := doc.Find("#lifetime-widget svg").AttrOr("aria-label", ""); title != "Lifetime value of new customers per month, EUR" {
			t.Errorf("lifetime chart %q", title)
		}
		// A day ago is this month, or last month on the 1st.
		months := doc.Find("#lifetime-widget svg rect.bar title")
		if this, last := months.Last().Text(), months.Eq(months.Length()-2).Text(); !strings.HasSuffix(this, ": 120") &&
			!strings.HasSuffix(last, ": 120") {
			t.Errorf("this month's and last month's lifetime value bars say %q and %q, want 120 in one", this, last)
		}

		// A Sales Representative counts only the unit's customers and sees
		// no sync health of channels the role does not show.
		rep := s.repBrowser("rita")
		doc = parsePage(t, rep.get("/"))
		if got := channelRow(doc, s.twoWay); got != "1 1 0 0" {
			t.Errorf("rep's two-way channel row: %q", got)
		}
		if got := doc.Find("#new-customers-widget svg rect.bar title").Text(); strings.Contains(got, ": 3") {
			t.Errorf("the rep's chart counts customers out of scope: %q", got)
		}

		// Recently viewed: newest first, only what the viewer may still see.
		admin.get(fmt.Sprintf("/customers/%d", s.outsideCustomer))
		admin.get(fmt.Sprintf("/customers/%d", s.adminCustomer))
		doc = parsePage(t, admin.get("/"))
		if got := texts(doc, "#recent-widget li a"); strings.Join(got, ", ") != "Alan Cole, Olga Berg" {
			t.Errorf("admin's recently viewed: %q", got)
		}
		rep.get(fmt.Sprintf("/customers/%d", s.repCustomer))
		rep.get(fmt.Sprintf("/customers/%d", s.outsideCustomer)) // refused: not recorded
		if got := texts(parsePage(t, rep.get("/")), "#recent-widget li a"); strings.Join(got, ", ") != "Rhea Adler" {
			t.Errorf("the rep's recently viewed: %q", got)
		}
		// Handed to another unit, the customer leaves the rep's list.
		if _, err := d.Exec("UPDATE magento_customers SET owner_user_id = $1 WHERE id = $2", s.outsider, s.repCustomer); err != nil {
			t.Fatal(err)
		}
		if got := texts(parsePage(t, rep.get("/")), "#recent-widget li a"); len(got) != 0 {
			t.Errorf("the rep's recently viewed lists records out of scope: %q", got)
		}
	})
}

func TestDashboardListsMyOpenTasksAndEvents(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		shop := newCustomerShop(t, d)
		rep := shop.repBrowser("rita")
		page := "/customers/" + idString(shop.repCustomer)
		add := func(kv ...string) {
			t.Helper()
			f := url.Values{"entity": {"magento_customer"}, "entity_id": {idString(shop.repCustomer)}, "next": {page}}
			for i := 0; i < len(kv); i += 2 {
				f.Add(kv[i], kv[i+1])
			}
			expectRedirect(t, rep.post("/activities", f), page+"#timeline")
		}
		add("kind", "task", "subject", "Call back about the invoice", "due", "2001-01-01T10:00")
		day := time.Now().UTC().AddDate(0, 0, 3).Format("2006-01-02")
		add("kind", "event", "subject", "Visit the shop", "when", day+"T09:00", "attendee", idString(shop.rep))
		doc := parsePage(t, rep.get("/"))
		if got := texts(doc, "#tasks-widget li.overdue a"); strings.Join(got, ", ") != "Call back about the invoice" {
			t.Errorf("overdue tasks on the dashboard: %q", got)
		}
		if got := texts(doc, "#events-list li a"); strings.Join(got, ", ") != "Visit the shop" {
			t.Errorf("events on the dashboard: %q", got)
		}
		// Another person's dashboard does not list rita's work.
		doc = parsePage(t, shop.repBrowser("otto").get("/"))
		if got := texts(doc, "#tasks-widget li a"); len(got) != 0 {
			t.Errorf("otto sees rita's tasks: %q", got)
		}
	})
}
