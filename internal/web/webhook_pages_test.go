package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
)

func TestWebhookPagesCreateThenRedirectShowTheSecretOnceAndTellWhenPaused(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newTestApp(t, d)
		app.User("rita", "rita-password-1", "Sales Representative", "")
		rita := app.browser()
		rita.login("rita", "rita-password-1")
		if p := rita.get("/system/webhooks"); p.status != http.StatusForbidden {
			t.Errorf("a sales representative opened the webhooks: status %d", p.status)
		}
		admin := app.browser()
		admin.login("admin", app.AdminPassword)

		bad := admin.post("/system/webhooks", url.Values{"url": {"erp.example.com/in"}, "events": {"activity.created"}})
		if bad.status != http.StatusUnprocessableEntity {
			t.Fatalf("bad URL: status %d", bad.status)
		}
		expectFieldError(t, bad.body, "url", "Enter a full http:// or https:// URL")
		if _, ok := attrOf(bad.body, "event-activity.created", "checked"); !ok {
			t.Error("the chosen event was not kept")
		}

		form := url.Values{"url": {"https://erp.example.com/in"}, "events": {"activity.created"}, "description": {"ERP"}}
		made := admin.post("/system/webhooks", form)
		var id string
		d.QueryRow("SELECT id FROM webhooks").Scan(&id)
		expectRedirect(t, made, "/system/webhooks/"+id)
		// Posting it again (a reload of the old page) would be a second
		// webhook; the browser reloads the page it was sent to instead.
		page := admin.get("/system/webhooks/" + id)
		secret := value(page.body, "new-secret-value")
		if page.status != http.StatusOK || !strings.HasPrefix(secret, "whsec_") {
			t.Fatalf("the page after the create: status %d, secret %q", page.status, secret)
		}
		if reload := admin.get("/system/webhooks/" + id); strings.Contains(reload.body, secret) || strings.Contains(reload.body, "new-secret") ||
			strings.Contains(admin.get("/system/webhooks").body, secret) {
			t.Fatal("the secret is shown a second time")
		}
		if n := count(t, d, "SELECT COUNT(*) FROM webhooks"); n != 1 {
			t.Fatalf("%d webhooks after one create", n)
		}
		if _, err := d.Exec("UPDATE webhooks SET paused_at = 1, paused_reason = 'delivery 1 failed 8 times in a row' WHERE id = " + id); err != nil {
			t.Fatal(err)
		}
		paused := admin.get("/system/webhooks/" + id)
		if notice := paused.text(t, "#paused-notice"); !strings.Contains(notice, "paused") || !strings.Contains(notice, "failed 8 times") {
			t.Fatalf("paused notice: %q", notice)
		}
		if list := admin.get("/system/webhooks").text(t, "#webhook-list tbody"); !strings.Contains(list, "Paused") {
			t.Errorf("list: %s", list)
		}
		expectRedirect(t, admin.post("/system/webhooks/"+id+"/resume", nil), "/system/webhooks/"+id)
		if strings.Contains(admin.get("/system/webhooks/"+id).body, "paused-notice") {
			t.Error("still paused after resume")
		}
		if _, err := app.CRM.DeliverWebhooks(context.Background()); err != nil {
			t.Fatal(err)
		}
		expectRedirect(t, admin.post("/system/webhooks/"+id+"/delete", nil), "/system/webhooks")
		if p := admin.get("/system/webhooks/" + id); p.status != http.StatusNotFound {
			t.Errorf("deleted webhook: status %d", p.status)
		}
	})
}

func TestWebhookPagesEditPauseAndReplaceTheSecret(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newTestApp(t, d)
		admin := app.browser()
		admin.login("admin", app.AdminPassword)
		other := app.browser() // the same administrator, signed in elsewhere
		other.login("admin", app.AdminPassword)
		made := admin.post("/system/webhooks", url.Values{"url": {"https://erp.example.com/in"}, "events": {"activity.created"}})
		var id string
		d.QueryRow("SELECT id FROM webhooks").Scan(&id)
		expectRedirect(t, made, "/system/webhooks/"+id)
		if strings.Contains(other.get("/system/webhooks/"+id).body, "new-secret") {
			t.Fatal("another session was shown the new secret")
		}
		first := value(admin.get("/system/webhooks/"+id).body, "new-secret-value")
		if !strings.HasPrefix(first, "whsec_") {
			t.Fatalf("the session that made it was not shown the secret: %q", first)
		}

		edit := admin.get("/system/webhooks/" + id + "/edit")
		version := value(edit.body, "version")
		if value(edit.body, "url") != "https://erp.example.com/in" || version == "" {
			t.Fatalf("edit form: url %q, version %q", value(edit.body, "url"), version)
		}
		if _, ok := attrOf(edit.body, "event-activity.created", "checked"); !ok {
			t.Error("the webhook's event is not ticked")
		}
		private := admin.post("/system/webhooks/"+id, url.Values{"url": {"http://127.0.0.1:9/in"}, "events": {"customer.created"}, "version": {version}})
		if private.status != http.StatusUnprocessableEntity {
			t.Fatalf("a private address: status %d", private.status)
		}
		expectFieldError(t, private.body, "url", "Use a public address")
		if value(private.body, "url") != "http://127.0.0.1:9/in" {
			t.Error("what was typed was not kept")
		}
		// Someone else saves first: the form comes back with our typing and
		// says so, and saving it again then wins.
		expectRedirect(t, other.post("/system/webhooks/"+id, url.Values{"url": {"https://erp.example.com/in"},
			"events": {"activity.created"}, "description": {"theirs"}, "version": {version}}), "/system/webhooks/"+id)
		mine := url.Values{"url": {"https://crm-sink.example.com/events"}, "events": {"customer.created", "customer.updated"},
			"description": {"mine"}, "version": {version}}
		stale := admin.post("/system/webhooks/"+id, mine)
		if stale.status != http.StatusConflict || !strings.Contains(stale.text(t, "#stale-notice"), "Someone changed this webhook") ||
			value(stale.body, "description") != "mine" {
			t.Fatalf("a stale save: status %d, %q", stale.status, summary(stale.body))
		}
		mine.Set("version", value(stale.body, "version"))
		expectRedirect(t, admin.post("/system/webhooks/"+id, mine), "/system/webhooks/"+id)
		var u, events, desc string
		d.QueryRow("SELECT url, events, description FROM webhooks WHERE id = "+id).Scan(&u, &events, &desc)
		if u != "https://crm-sink.example.com/events" || events != "customer.created,customer.updated" || desc != "mine" {
			t.Fatalf("saved %q %q %q", u, events, desc)
		}

		expectRedirect(t, admin.post("/system/webhooks/"+id+"/pause", nil), "/system/webhooks/"+id)
		if notice := admin.get("/system/webhooks/"+id).text(t, "#paused-notice"); !strings.Contains(notice, "Paused by") {
			t.Fatalf("paused notice: %q", notice)
		}
		expectRedirect(t, admin.post("/system/webhooks/"+id+"/resume", nil), "/system/webhooks/"+id)

		expectRedirect(t, admin.post("/system/webhooks/"+id+"/secret", nil), "/system/webhooks/"+id)
		second := value(admin.get("/system/webhooks/"+id).body, "new-secret-value")
		if !strings.HasPrefix(second, "whsec_") || second == first {
			t.Fatalf("replaced secret %q (was %q)", second, first)
		}
		if strings.Contains(admin.get("/system/webhooks/"+id).body, second) {
			t.Fatal("the replaced secret is shown a second time")
		}
	})
}
