package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
)

func TestWebhookPagesCreateShowTheSecretOnceAndTellWhenPaused(t *testing.T) {
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

		dead := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusGone) }))
		defer dead.Close()
		made := admin.post("/system/webhooks", url.Values{"url": {dead.URL}, "events": {"activity.created"}, "description": {"ERP"}})
		secret := value(made.body, "new-secret-value")
		if made.status != http.StatusCreated || !strings.HasPrefix(secret, "whsec_") {
			t.Fatalf("create: status %d, secret %q", made.status, secret)
		}
		var id string
		d.QueryRow("SELECT id FROM webhooks").Scan(&id)
		page := admin.get("/system/webhooks/" + id)
		if strings.Contains(page.body, secret) || strings.Contains(admin.get("/system/webhooks").body, secret) {
			t.Fatal("the secret is shown a second time")
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
