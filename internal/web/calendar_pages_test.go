package web_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
)

func TestMyTasksEventsIcsAndCalendarFeed(t *testing.T) {
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
		add("kind", "task", "subject", "Later task", "due", "2099-01-01T10:00")
		add("kind", "task", "subject", "Overdue task", "due", "2001-01-01T10:00", "remind", "2000-12-31T10:00")
		add("kind", "task", "subject", "No due date")

		// An event needs its start; the form keeps what was typed.
		p := rep.post("/activities", url.Values{"entity": {"magento_customer"}, "entity_id": {idString(shop.repCustomer)},
			"kind": {"event"}, "subject": {"Visit"}, "place": {"Berlin"}})
		if p.status != http.StatusUnprocessableEntity || value(p.body, "place") != "Berlin" {
			t.Fatalf("event without start: status %d", p.status)
		}
		expectFieldError(t, p.body, "when", "Enter when the event starts.")
		day := time.Now().UTC().AddDate(0, 0, 7)
		add("kind", "event", "subject", "Visit, with; commas", "place", "Berlin", "when", day.Format("2006-01-02")+"T09:00", "end", day.Format("2006-01-02")+"T10:30",
			"attendee", idString(shop.rep), "invite_records", "1")

		p = rep.get("/my/tasks")
		if p.status != http.StatusOK {
			t.Fatalf("my tasks: %d", p.status)
		}
		var order []string
		p.dom(t).Find(`tr[id^="task-"] > td:first-child > a[href^="/activities/"]`).Each(func(_ int, a *goquery.Selection) {
			order = append(order, a.Text())
		})
		if strings.Join(order, "|") != "Overdue task|Later task|No due date" {
			t.Fatalf("task order %v, want overdue first and undated last", order)
		}
		if !strings.Contains(p.body, `id="reminders"`) || !strings.Contains(p.body, `<span class="badge" id="open-task-count">3</span>`) {
			t.Fatal("reminder or open task count missing")
		}
		if !strings.Contains(html.UnescapeString(p.body), "Visit, with; commas</a> — "+day.Format("2006-01-02")+" 09:00 – 10:30 UTC · Berlin") {
			t.Fatalf("coming event missing: %s", p.body[strings.Index(p.body, `id="events"`):])
		}
		href, _ := p.dom(t).Find(`a[href^="/activities/"]:contains("Visit")`).First().Attr("href")
		event := strings.TrimPrefix(href, "/activities/")

		ics := rep.get("/activities/" + event + "/event.ics")
		if ics.status != http.StatusOK || !strings.HasPrefix(ics.resp.Header.Get("Content-Type"), "text/calendar") {
			t.Fatalf("ics: %d %s", ics.status, ics.resp.Header.Get("Content-Type"))
		}
		for _, want := range []string{"BEGIN:VEVENT", "DTSTART:" + day.Format("20060102") + "T090000Z", "DTEND:" + day.Format("20060102") + "T103000Z", `SUMMARY:Visit\, with\; commas`,
			"LOCATION:Berlin", "mailto:rhea@example.com"} {
			if !strings.Contains(unfold(ics.body), want) {
				t.Errorf("ics lacks %q:\n%s", want, ics.body)
			}
		}
		if otto := shop.repBrowser("otto").get("/activities/" + event + "/event.ics"); otto.status != http.StatusNotFound {
			t.Fatalf("outsider downloaded the event: %d", otto.status)
		}

		// The feed: made, read without a session, replaced, turned off.
		p = rep.post("/my/calendar-feed", nil)
		feed := value(p.body, "feed-url")
		if !strings.Contains(feed, "/calendar/") {
			t.Fatalf("no feed address shown: %q", feed)
		}
		path := strings.TrimPrefix(feed, shop.app.srv.URL)
		anon := shop.app.browser()
		if f := anon.get(path); f.status != http.StatusOK || !strings.Contains(unfold(f.body), `SUMMARY:Visit\, with\; commas`) {
			t.Fatalf("feed: status %d\n%s", f.status, f.body)
		}
		if n := count(t, shop.app.DB, "SELECT COUNT(*) FROM calendar_feeds WHERE token_hash LIKE $1", "%"+strings.TrimSuffix(path[len("/calendar/"):], ".ics")+"%"); n != 0 {
			t.Fatal("the feed token is stored in plain text")
		}
		p = rep.post("/my/calendar-feed", nil)
		if f := anon.get(path); f.status != http.StatusNotFound {
			t.Fatalf("old feed address after a new one: %d", f.status)
		}
		newPath := strings.TrimPrefix(value(p.body, "feed-url"), shop.app.srv.URL)
		expectRedirect(t, rep.post("/my/calendar-feed/delete", nil), "/my/tasks#calendar-feed")
		if f := anon.get(newPath); f.status != http.StatusNotFound {
			t.Fatalf("feed after turning it off: %d", f.status)
		}
	})
}

// unfold joins iCalendar's folded lines.
func unfold(s string) string { return strings.ReplaceAll(s, "\r\n ", "") }
