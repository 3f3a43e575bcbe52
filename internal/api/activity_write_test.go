package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"magecrm/internal/api"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/model"
)

type apiActivity struct {
	ID         int64  `json:"id"`
	Kind       string `json:"kind"`
	Subject    string `json:"subject"`
	Body       string `json:"body"`
	OwnerID    int64  `json:"owner_id"`
	Seconds    int    `json:"duration_seconds"`
	Direction  string `json:"direction"`
	Status     string `json:"status"`
	OccurredAt string `json:"occurred_at"`
	EndsAt     string `json:"ends_at"`
	AllDay     bool   `json:"all_day"`
	Targets    []struct {
		Entity string `json:"entity"`
		ID     int64  `json:"id"`
		Name   string `json:"name"`
	} `json:"targets"`
	Attendees []struct {
		UserID int64 `json:"user_id"`
	} `json:"attendees"`
	CommentCount int `json:"comment_count"`
	May          struct {
		Edit, Delete bool
	} `json:"may"`
}

// activityRig is an API with a shop, a customer and a contact of the
// administrator's, rita (a representative of the same unit) and far (of
// another unit).
type activityRig struct {
	*testAPI
	customer, contact int64
	admin, rita, far  string
}

func newActivityRig(t *testing.T, d *db.DB) *activityRig {
	a := newTestAPI(t, d, api.Options{})
	s := a.addShop()
	a.addUser("rita", "Sales Representative", "")
	a.rig.Unit("Far", a.rig.RootUnit)
	a.addUser("far", "Sales Representative", "Far")
	r := &activityRig{testAPI: a, admin: a.token("admin", false), rita: a.token("rita", false), far: a.token("far", false)}
	var c customer
	a.call(r.admin, "POST", "/api/v1/customers", s.newCustomer("act@example.com")).json(t, &c)
	var ct struct {
		ID int64 `json:"id"`
	}
	a.call(r.admin, "POST", "/api/v1/contacts", map[string]any{"first_name": "Cora", "last_name": "Contact"}).json(t, &ct)
	r.customer, r.contact = c.ID, ct.ID
	return r
}

func (r *activityRig) add(token, path string, body map[string]any, headers ...string) (answer, apiActivity) {
	r.t.Helper()
	got := r.call(token, "POST", path, body, headers...)
	var act apiActivity
	if got.status == http.StatusCreated {
		got.json(r.t, &act)
	}
	return got, act
}

func TestActivitiesAreAddedThroughTheAPIWithTheFormsRules(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		r := newActivityRig(t, d)
		onCustomer := fmt.Sprintf("/api/v1/customers/%d/activities", r.customer)
		var hook struct {
			ID int64 `json:"id"`
		}
		r.call(r.admin, "POST", "/api/v1/webhooks", map[string]any{"url": "https://erp.example.com/hook", "events": []string{"activity.created"}}).json(t, &hook)

		got, note := r.add(r.rita, onCustomer, map[string]any{"kind": "note", "body": "Called *back*",
			"also": []map[string]any{{"entity": "contact", "id": r.contact}}}, "Idempotency-Key", "note-1")
		if got.status != http.StatusCreated || got.header.Get("Location") != fmt.Sprintf("/api/v1/activities/%d", note.ID) ||
			got.header.Get("ETag") == "" || note.Kind != "note" || len(note.Targets) != 2 || note.Targets[0].Entity != "customer" ||
			note.Targets[0].ID != r.customer || note.Targets[1].Name != "Cora Contact" || !note.May.Edit {
			t.Fatalf("add a note: %d %s", got.status, got.body)
		}
		again, _ := r.add(r.rita, onCustomer, map[string]any{"kind": "note", "body": "Called *back*",
			"also": []map[string]any{{"entity": "contact", "id": r.contact}}}, "Idempotency-Key", "note-1")
		if again.header.Get("Idempotent-Replayed") != "true" || string(again.body) != string(got.body) {
			t.Errorf("a retried create: %d %s", again.status, again.body)
		}

		got, call := r.add(r.rita, onCustomer, map[string]any{"kind": "call", "subject": "Order question", "phone": "030 1234",
			"direction": "in", "duration_minutes": 5, "occurred_at": "2026-03-31T14:30"})
		if got.status != http.StatusCreated || call.Seconds != 300 || call.Direction != "in" || !strings.HasPrefix(call.OccurredAt, "2026-03-31T14:30") {
			t.Fatalf("add a call: %d %s", got.status, got.body)
		}
		got, event := r.add(r.admin, fmt.Sprintf("/api/v1/contacts/%d/activities", r.contact), map[string]any{"kind": "event",
			"subject": "Fair", "all_day": true, "occurred_at": "2026-04-01", "ends_at": "2026-04-02", "attendee_user_ids": []int64{r.rig.Admin.ID}})
		if got.status != http.StatusCreated || !event.AllDay || !strings.HasPrefix(event.EndsAt, "2026-04-03") || len(event.Attendees) != 1 {
			t.Fatalf("add an all-day event: %d %s", got.status, got.body)
		}

		for _, c := range []struct {
			name     string
			body     map[string]any
			location string
			message  string
		}{
			{"an empty note", map[string]any{"kind": "note", "body": " "}, "body.body", "Write the note."},
			{"a call's bad length", map[string]any{"kind": "call", "subject": "x", "duration_minutes": -3}, "body.duration_minutes", "Enter the call's length in whole minutes, like 5."},
			{"a call's bad time", map[string]any{"kind": "call", "subject": "x", "occurred_at": "tomorrow"}, "body.occurred_at", "Enter a date and time like 2024-03-31T14:30."},
			{"a task for someone else", map[string]any{"kind": "task", "subject": "x", "owner_id": r.rig.Admin.ID}, "body.owner_id", "Choose an owner from the list: your role lets you assign records only to them."},
			{"an event ending first", map[string]any{"kind": "event", "subject": "x", "occurred_at": "2026-04-01T10:00", "ends_at": "2026-04-01T09:00"}, "body.ends_at", "Set the end after the start."},
			{"an email without address", map[string]any{"kind": "email", "subject": "x", "body": "y"}, "", ""},
		} {
			p := r.call(r.rita, "POST", onCustomer, c.body).problem(t)
			if c.location == "" {
				if p.Status != http.StatusConflict || !strings.Contains(p.Detail, "Email is not set up yet") {
					t.Errorf("%s: %+v", c.name, p)
				}
				continue
			}
			if p.Status != http.StatusUnprocessableEntity || p.fieldMessage(c.location) != c.message {
				t.Errorf("%s: %+v", c.name, p)
			}
		}

		sess := r.rig.SignIn("admin", r.rig.AdminPassword)
		kinds, err := r.crm.EntitySettings(t.Context(), sess)
		if err != nil {
			t.Fatal(err)
		}
		kinds[model.TargetContact][model.KindNote] = false
		if err := r.crm.SetEntitySettings(t.Context(), sess, kinds); err != nil {
			t.Fatal(err)
		}
		p := r.call(r.admin, "POST", fmt.Sprintf("/api/v1/contacts/%d/activities", r.contact), map[string]any{"kind": "note", "body": "x"}).problem(t)
		if p.Status != http.StatusUnprocessableEntity || !strings.Contains(p.fieldMessage("body.kind"), "Notes are turned off for Contacts") {
			t.Errorf("a note on a contact with notes turned off: %+v", p)
		}

		if got := r.call(r.far, "POST", onCustomer, map[string]any{"kind": "note", "body": "x"}); got.status != http.StatusNotFound {
			t.Errorf("far added a note to a customer of another unit: %d %s", got.status, got.body)
		}
		if got := r.call(r.far, "GET", fmt.Sprintf("/api/v1/activities/%d", note.ID), nil); got.status != http.StatusNotFound {
			t.Errorf("far read an activity about records of another unit: %d", got.status)
		}
		if got := r.call(r.token("rita", true), "POST", onCustomer, map[string]any{"kind": "note", "body": "x"}); got.status != http.StatusForbidden {
			t.Errorf("a read-only token added a note: %d", got.status)
		}
		if got := r.call("", "POST", onCustomer, map[string]any{"kind": "note", "body": "x"}); got.status != http.StatusUnauthorized {
			t.Errorf("no token: %d", got.status)
		}

		var n int
		d.QueryRow("SELECT COUNT(*) FROM activities").Scan(&n)
		if n != 3 {
			t.Errorf("%d activities saved, want the note, the call and the event", n)
		}
		d.QueryRow("SELECT COUNT(*) FROM audit_log WHERE entity = $1 AND entity_id = $2 AND action = 'added note'", model.TargetCustomer, r.customer).Scan(&n)
		if n != 1 {
			t.Errorf("%d history entries of the note on the customer, want 1", n)
		}
		var log struct {
			Items []struct {
				Event string `json:"event"`
			} `json:"items"`
		}
		r.call(r.admin, "GET", fmt.Sprintf("/api/v1/webhooks/%d/deliveries", hook.ID), nil).json(t, &log)
		if len(log.Items) != 3 || log.Items[0].Event != "activity.created" {
			t.Errorf("webhook deliveries: %+v, want 3 activity.created", log.Items)
		}
	})
}

func TestActivitiesAreChangedWithIfMatchAndDeleted(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		r := newActivityRig(t, d)
		onCustomer := fmt.Sprintf("/api/v1/customers/%d/activities", r.customer)
		made, task := r.add(r.rita, onCustomer, map[string]any{"kind": "task", "subject": "Send the catalogue", "due_at": "2026-05-01T09:00"})
		if made.status != http.StatusCreated || task.Status != "open" || task.OwnerID == 0 {
			t.Fatalf("add a task: %d %s", made.status, made.body)
		}
		path := fmt.Sprintf("/api/v1/activities/%d", task.ID)
		etag := made.header.Get("ETag")

		if got := r.call(r.rita, "PATCH", path, map[string]any{"status": "done"}); got.status != http.StatusPreconditionRequired {
			t.Errorf("a change without If-Match: %d", got.status)
		}
		done := r.call(r.rita, "PATCH", path, map[string]any{"status": "done"}, "If-Match", etag)
		var changed apiActivity
		done.json(t, &changed)
		if done.status != http.StatusOK || changed.Status != "done" || changed.Subject != "Send the catalogue" || done.header.Get("ETag") == etag {
			t.Fatalf("mark the task done: %d %s", done.status, done.body)
		}
		if got := r.call(r.rita, "PATCH", path, map[string]any{"subject": "Other"}, "If-Match", etag).problem(t); got.Status != http.StatusPreconditionFailed {
			t.Errorf("a change on a stale version: %+v", got)
		}
		if got := r.call(r.rita, "PATCH", path, map[string]any{"priority": "urgent"}, "If-Match", done.header.Get("ETag")).problem(t); got.Status != http.StatusUnprocessableEntity {
			t.Errorf("a priority out of the list: %+v", got)
		}
		if got := r.call(r.rita, "PATCH", path, map[string]any{"remind_at": "2026-06-01T09:00"}, "If-Match", done.header.Get("ETag")).problem(t); got.Status != http.StatusUnprocessableEntity ||
			got.fieldMessage("body.remind_at") != "Set the reminder before the due time." {
			t.Errorf("a reminder after the due time: %+v", got)
		}
		var subject string
		d.QueryRow("SELECT subject FROM activities WHERE id = $1", task.ID).Scan(&subject)
		if subject != "Send the catalogue" {
			t.Errorf("a refused change saved the subject %q", subject)
		}
		var n int
		d.QueryRow("SELECT COUNT(*) FROM audit_log WHERE entity = $1 AND entity_id = $2 AND action = 'edited task'", model.TargetCustomer, r.customer).Scan(&n)
		if n != 1 {
			t.Errorf("%d history entries of the change, want 1", n)
		}

		_, adminNote := r.add(r.admin, onCustomer, map[string]any{"kind": "note", "body": "The admin's"})
		adminPath := fmt.Sprintf("/api/v1/activities/%d", adminNote.ID)
		cur := r.call(r.rita, "GET", adminPath, nil)
		if cur.status != http.StatusOK {
			t.Fatalf("rita reads the admin's note: %d", cur.status)
		}
		if got := r.call(r.rita, "PATCH", adminPath, map[string]any{"body": "mine now"}, "If-Match", cur.header.Get("ETag")).problem(t); got.Status != http.StatusForbidden {
			t.Errorf("rita changed the admin's note: %+v", got)
		}
		if got := r.call(r.rita, "DELETE", adminPath, nil); got.status != http.StatusForbidden {
			t.Errorf("rita deleted the admin's note: %d", got.status)
		}
		if got := r.call(r.far, "DELETE", path, nil); got.status != http.StatusNotFound {
			t.Errorf("far deleted a task about another unit's customer: %d", got.status)
		}
		if got := r.call(r.rita, "DELETE", path, nil); got.status != http.StatusForbidden {
			t.Errorf("rita deleted her task (her role may not delete activities): %d", got.status)
		}
		if got := r.call(r.admin, "DELETE", path, nil); got.status != http.StatusNoContent {
			t.Fatalf("the admin deletes the task: %d %s", got.status, got.body)
		}
		if got := r.call(r.rita, "GET", path, nil); got.status != http.StatusNotFound {
			t.Errorf("a deleted task: %d", got.status)
		}
	})
}

func TestActivityCommentsThroughTheAPI(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		r := newActivityRig(t, d)
		_, note := r.add(r.admin, fmt.Sprintf("/api/v1/customers/%d/activities", r.customer), map[string]any{"kind": "note", "body": "Hello"})
		comments := fmt.Sprintf("/api/v1/activities/%d/comments", note.ID)
		if p := r.call(r.rita, "POST", comments, map[string]any{"body": " "}).problem(t); p.Status != http.StatusUnprocessableEntity || p.fieldMessage("body.body") != "Write the comment." {
			t.Errorf("an empty comment: %+v", p)
		}
		var c struct {
			ID     int64  `json:"id"`
			Author string `json:"author"`
			Body   string `json:"body"`
		}
		got := r.call(r.rita, "POST", comments, map[string]any{"body": "Seen *it*"})
		got.json(t, &c)
		if got.status != http.StatusCreated || c.Body != "Seen *it*" || c.Author == "" {
			t.Fatalf("a comment: %d %s", got.status, got.body)
		}
		if got := r.call(r.far, "POST", comments, map[string]any{"body": "x"}); got.status != http.StatusNotFound {
			t.Errorf("far commented on an activity he may not see: %d", got.status)
		}
		var list struct {
			Items []struct {
				ID int64 `json:"id"`
			} `json:"items"`
		}
		r.call(r.admin, "GET", comments, nil).json(t, &list)
		if len(list.Items) != 1 || list.Items[0].ID != c.ID {
			t.Errorf("comments: %+v", list)
		}
		var detail apiActivity
		r.call(r.admin, "GET", fmt.Sprintf("/api/v1/activities/%d", note.ID), nil).json(t, &detail)
		if detail.CommentCount != 1 {
			t.Errorf("comment count %d", detail.CommentCount)
		}
		one := fmt.Sprintf("%s/%d", comments, c.ID)
		if got := r.call(r.far, "DELETE", one, nil); got.status != http.StatusNotFound {
			t.Errorf("far deleted a comment: %d", got.status)
		}
		if got := r.call(r.admin, "DELETE", one, nil); got.status != http.StatusNoContent {
			t.Errorf("the admin deletes rita's comment on his note: %d %s", got.status, got.body)
		}
		if got := r.call(r.admin, "DELETE", one, nil); got.status != http.StatusNotFound {
			t.Errorf("a deleted comment again: %d", got.status)
		}
	})
}
