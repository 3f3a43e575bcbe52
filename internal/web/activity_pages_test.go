package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"magecrm/internal/crm"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/model"
)

// activityIDs returns the ids of the timeline's activities, in page order.
func activityIDs(body string) []string {
	var out []string
	parse(body).Find(`li.activity[id^="activity-"]`).Each(func(_ int, li *goquery.Selection) {
		id, _ := li.Attr("id")
		out = append(out, strings.TrimPrefix(id, "activity-"))
	})
	return out
}

func TestActivitiesOnTheCustomerPage(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		shop := newCustomerShop(t, d)
		rep := shop.repBrowser("rita")
		page := "/customers/" + idString(shop.repCustomer)
		p := rep.get(page)
		if p.status != http.StatusOK || !strings.Contains(p.body, "No activities yet.") {
			t.Fatalf("customer page: status %d, timeline missing", p.status)
		}
		for _, id := range []string{"quick-note", "quick-call", "quick-task", "add-event"} {
			if !hasID(p.body, id) {
				t.Errorf("quick-add %s missing", id)
			}
		}
		target := url.Values{"entity": {"magento_customer"}, "entity_id": {idString(shop.repCustomer)}, "next": {page}}
		form := func(kv ...string) url.Values {
			f := url.Values{}
			for k, v := range target {
				f[k] = v
			}
			for i := 0; i < len(kv); i += 2 {
				f.Set(kv[i], kv[i+1])
			}
			return f
		}

		expectRedirect(t, rep.post("/activities", form("kind", "note", "body", "Wants **bulk** pricing <script>alert(1)</script>")), page+"#timeline")
		p = rep.get(page)
		if !strings.Contains(p.body, "<strong>bulk</strong>") || strings.Contains(p.body, "<script>alert(1)") {
			t.Fatalf("note not rendered safely: %s", p.body[strings.Index(p.body, `id="timeline-list"`):][:600])
		}

		// A call without a subject shows the full form again with what was typed.
		p = rep.post("/activities", form("kind", "call", "phone", "+49 30 1234", "minutes", "7", "body", "left a message"))
		if p.status != http.StatusUnprocessableEntity {
			t.Fatalf("call without subject: status %d", p.status)
		}
		expectFieldError(t, p.body, "subject", "Say what the call was about.")
		if value(p.body, "phone") != "+49 30 1234" || value(p.body, "minutes") != "7" || !strings.Contains(p.body, "left a message</textarea>") {
			t.Fatal("the call form lost what was typed")
		}
		expectRedirect(t, rep.post("/activities", form("kind", "call", "subject", "Pricing call", "phone", "+49 30 1234",
			"minutes", "7", "direction", "in", "when", "2025-06-01T10:30")), page+"#timeline")
		expectRedirect(t, rep.post("/activities", form("kind", "task", "subject", "Send the quote", "due", "2030-01-02T09:00", "priority", "high")), page+"#timeline")

		p = rep.get(page)
		ids := activityIDs(p.body)
		if len(ids) != 3 {
			t.Fatalf("timeline has %d activities, want 3", len(ids))
		}
		if text := html.UnescapeString(p.body); !strings.Contains(text, "Incoming call · +49 30 1234 · 7 min") ||
			!strings.Contains(text, "Open · priority high · due 2030-01-02 09:00 UTC") {
			t.Fatalf("call or task details missing from the timeline: %s", p.body[strings.Index(p.body, `id="timeline-list"`):])
		}
		calls := rep.get(page + "?tl_kind=call")
		if got := activityIDs(calls.body); len(got) != 1 || !strings.Contains(calls.body, "Pricing call") {
			t.Fatalf("kind filter shows %v", got)
		}
		if bad := rep.get(page + "?tl_from=yesterday"); bad.status != http.StatusOK || !strings.Contains(bad.body, "Enter a date like 2024-03-31.") {
			t.Fatalf("bad filter date: status %d", bad.status)
		}

		// Newest first: the task (written now), the note, then the call (dated 2025).
		task, call := ids[0], ids[2]
		taskPage := "/activities/" + task
		if p = rep.get(taskPage); p.status != http.StatusOK || !strings.Contains(p.body, "Send the quote") {
			t.Fatalf("task page: %d", p.status)
		}
		expectRedirect(t, rep.post(taskPage+"/status", url.Values{"status": {"done"}}), taskPage)
		if p = rep.get(taskPage); !strings.Contains(p.body, `<dd id="task-status">Done</dd>`) {
			t.Fatal("task not done")
		}
		p = rep.post(taskPage+"/comments", url.Values{"comment": {"  "}})
		if p.status != http.StatusUnprocessableEntity || fieldError(p.body, "comment") != "Write the comment." {
			t.Fatalf("empty comment: status %d, message %q", p.status, fieldError(p.body, "comment"))
		}
		expectRedirect(t, rep.post(taskPage+"/comments", url.Values{"comment": {"Sent by _post_."}}), taskPage+"#comments")
		if p = rep.get(taskPage); !strings.Contains(p.body, "Sent by <em>post</em>.") {
			t.Fatal("comment missing")
		}

		// Someone of another business unit sees neither the customer's
		// activities nor may add one to it.
		otto := shop.repBrowser("otto")
		if p = otto.get(taskPage); p.status != http.StatusNotFound {
			t.Fatalf("outsider opened the task: %d", p.status)
		}
		if p = otto.post("/activities", form("kind", "note", "body", "sneaky")); p.status != http.StatusNotFound {
			t.Fatalf("outsider added a note: %d", p.status)
		}
		if p = otto.post(taskPage+"/comments", url.Values{"comment": {"sneaky"}}); p.status != http.StatusNotFound {
			t.Fatalf("outsider commented: %d", p.status)
		}

		// The administrator edits the call; the history of the customer has it all.
		admin := shop.admin()
		p = admin.get("/activities/" + call + "/edit")
		if p.status != http.StatusOK || value(p.body, "when") != "2025-06-01T10:30" || value(p.body, "subject") != "Pricing call" {
			t.Fatalf("edit form: status %d when %q", p.status, value(p.body, "when"))
		}
		expectRedirect(t, admin.post("/activities/"+call, url.Values{"subject": {"Pricing call (2)"}, "phone": {"+49 30 1234"},
			"direction": {"in"}, "minutes": {"9"}, "when": {"2025-06-01T10:30"}}), "/activities/"+call)
		expectRedirect(t, admin.post("/activities/"+ids[1]+"/delete", nil), page+"#timeline")
		p = rep.get(page)
		if got := activityIDs(p.body); len(got) != 2 {
			t.Fatalf("after delete the timeline has %v", got)
		}
		history := p.body[strings.Index(p.body, `id="history"`):]
		for _, want := range []string{"added note", "added call", "added task", "edited call", "commented on task", "deleted note", "Pricing call (2)"} {
			if !strings.Contains(history, want) {
				t.Errorf("history lacks %q", want)
			}
		}
	})
}

func TestCustomerGridShowsLastActivityAndOpenTasks(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		shop := newCustomerShop(t, d)
		rep := shop.repBrowser("rita")
		page := "/customers/" + idString(shop.repCustomer)
		for _, subject := range []string{"Call back", "Send samples"} {
			expectRedirect(t, rep.post("/activities", url.Values{"entity": {"magento_customer"}, "entity_id": {idString(shop.repCustomer)},
				"next": {page}, "kind": {"task"}, "subject": {subject}}), page+"#timeline")
		}
		expectRedirect(t, rep.post("/customers/columns", url.Values{"column": {"email", "last_activity", "open_tasks"}, "next": {"/customers"}}), "/customers")
		p := rep.get("/customers?email=rhea")
		row := p.body[strings.Index(p.body, `data-id="`+idString(shop.repCustomer)+`"`):]
		row = row[:strings.Index(row, "</tr>")]
		if !strings.Contains(row, `<td class="num c-open-tasks">2</td>`) || strings.Contains(row, `<td class="c-last-activity">—</td>`) {
			t.Fatalf("grid row: %s", row)
		}
		if !strings.Contains(p.body, `<th scope="col">Open tasks</th>`) {
			t.Fatal("open tasks header missing")
		}
	})
}

func TestTimelinePagesOlderAndNewest(t *testing.T) {
	dbtest.Dialects(t, testTimelinePagesOlderAndNewest)
}

func testTimelinePagesOlderAndNewest(t *testing.T, d *db.DB) {
	shop := newCustomerShop(t, d)
	rep := shop.repBrowser("rita")
	sess, err := shop.app.CRM.Authenticate(context.Background(), rep.sessionCookie())
	if err != nil {
		t.Fatal(err)
	}
	for i := range 27 {
		in := crm.ActivityInput{Kind: model.KindCall, Subject: fmt.Sprintf("Call %02d", i), When: fmt.Sprintf("2025-01-%02dT10:00", i+1),
			Targets: []model.ActivityTarget{{Entity: model.TargetCustomer, EntityID: shop.repCustomer}}}
		if _, err := shop.app.CRM.CreateActivity(context.Background(), sess, in); err != nil {
			t.Fatal(err)
		}
	}
	page := "/customers/" + idString(shop.repCustomer)
	p := rep.get(page)
	list := parse(p.body).Find("#timeline-list").Text()
	if got := activityIDs(p.body); len(got) != 25 || !strings.Contains(list, "Call 26") || strings.Contains(list, "Call 01") {
		t.Fatalf("newest page has %d activities", len(got))
	}
	older, ok := attrOf(p.body, "timeline-older", "href")
	if !ok || hasID(p.body, "timeline-newest") {
		t.Fatal("the newest page should link to older activities only")
	}
	p = rep.get(html.UnescapeString(older))
	list = parse(p.body).Find("#timeline-list").Text()
	if got := activityIDs(p.body); len(got) != 2 || !strings.Contains(list, "Call 00") || !hasID(p.body, "timeline-newest") || hasID(p.body, "timeline-older") {
		t.Fatalf("older page has %d activities", len(got))
	}
}
