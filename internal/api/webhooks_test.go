package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"magecrm/internal/api"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/webhook"
)

type apiWebhook struct {
	ID     int64    `json:"id"`
	URL    string   `json:"url"`
	Events []string `json:"events"`
	Secret string   `json:"secret"`
	Paused bool     `json:"paused"`
}

func TestWebhooksThroughTheAPIDeliverACustomerCreatedThere(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		a := newTestAPI(t, d, api.Options{})
		a.crm.WebhooksAllowPrivate = true // the receiver runs on this machine
		s := a.addShop()
		admin := a.token("admin", false)
		a.addUser("rep", "Sales Representative", "")
		rep := a.token("rep", false)

		var mu sync.Mutex
		var bodies [][]byte
		var secret string
		rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			mu.Lock()
			defer mu.Unlock()
			if err := webhook.Verify(secret, r.Header.Get(webhook.SignatureHeader), body, time.Now(), 5*time.Minute); err != nil {
				t.Errorf("delivery: %v", err)
			}
			bodies = append(bodies, body)
		}))
		defer rcv.Close()

		in := map[string]any{"url": rcv.URL + "/magecrm", "events": []string{"customer.created", "customer.updated"}}
		if got := a.call(rep, "POST", "/api/v1/webhooks", in); got.status != http.StatusForbidden {
			t.Fatalf("a representative made a webhook: %d %s", got.status, got.body)
		}
		p := a.call(admin, "POST", "/api/v1/webhooks", map[string]any{"url": "mailto:x", "events": []string{}}).problem(t)
		if p.Status != http.StatusUnprocessableEntity || p.fieldMessage("body.url") == "" || p.fieldMessage("body.events") == "" {
			t.Fatalf("bad webhook: %+v", p)
		}
		made := a.call(admin, "POST", "/api/v1/webhooks", in, "Idempotency-Key", "hook-1")
		var h apiWebhook
		made.json(t, &h)
		if made.status != http.StatusCreated || !strings.HasPrefix(h.Secret, "whsec_") || made.header.Get("Location") != fmt.Sprintf("/api/v1/webhooks/%d", h.ID) {
			t.Fatalf("create: %d %s", made.status, made.body)
		}
		mu.Lock()
		secret = h.Secret
		mu.Unlock()
		again := a.call(admin, "POST", "/api/v1/webhooks", in, "Idempotency-Key", "hook-1")
		if again.status != http.StatusCreated || again.header.Get("Idempotent-Replayed") != "true" || strings.Contains(string(again.body), h.Secret) {
			t.Fatalf("replayed create: %d %s", again.status, again.body)
		}
		for _, path := range []string{"/api/v1/webhooks", fmt.Sprintf("/api/v1/webhooks/%d", h.ID)} {
			if got := a.call(admin, "GET", path, nil); got.status != http.StatusOK || strings.Contains(string(got.body), h.Secret) {
				t.Fatalf("GET %s: %d %s", path, got.status, got.body)
			}
		}
		var c customer
		a.call(admin, "POST", "/api/v1/customers", s.newCustomer("hooked@example.com")).json(t, &c)
		if _, err := a.crm.DeliverWebhooks(context.Background()); err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		got := bodies
		mu.Unlock()
		var ev struct {
			ID    int64  `json:"id"`
			Event string `json:"event"`
			Data  struct {
				ID    int64  `json:"id"`
				Email string `json:"email"`
			} `json:"data"`
		}
		if len(got) != 1 || json.Unmarshal(got[0], &ev) != nil || ev.Event != "customer.created" || ev.Data.ID != c.ID || ev.Data.Email != "hooked@example.com" {
			t.Fatalf("receiver took %q", got)
		}
		var log struct {
			Items []struct {
				ID    int64  `json:"id"`
				State string `json:"state"`
				Last  struct {
					StatusCode int `json:"status_code"`
				} `json:"last_attempt"`
			} `json:"items"`
		}
		a.call(admin, "GET", fmt.Sprintf("/api/v1/webhooks/%d/deliveries", h.ID), nil).json(t, &log)
		if len(log.Items) != 1 || log.Items[0].ID != ev.ID || log.Items[0].State != "delivered" || log.Items[0].Last.StatusCode != 200 {
			t.Fatalf("delivery log %+v", log)
		}
		if got := a.call(admin, "GET", fmt.Sprintf("/api/v1/webhooks/%d/deliveries/%d/attempts", h.ID, ev.ID), nil); got.status != http.StatusOK ||
			!strings.Contains(string(got.body), `"status_code":200`) {
			t.Fatalf("attempts: %d %s", got.status, got.body)
		}
		if got := a.call(admin, "POST", fmt.Sprintf("/api/v1/webhooks/%d/resume", h.ID), nil); got.status != http.StatusOK {
			t.Fatalf("resume: %d %s", got.status, got.body)
		}
		if got := a.call(admin, "DELETE", fmt.Sprintf("/api/v1/webhooks/%d", h.ID), nil); got.status != http.StatusNoContent {
			t.Fatalf("delete: %d %s", got.status, got.body)
		}
		if got := a.call(admin, "GET", fmt.Sprintf("/api/v1/webhooks/%d", h.ID), nil); got.status != http.StatusNotFound {
			t.Fatalf("deleted webhook: %d", got.status)
		}
	})
}

func TestWebhooksChangeInPlaceWithIfMatch(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		a := newTestAPI(t, d, api.Options{})
		admin := a.token("admin", false)
		a.addUser("rep", "Sales Representative", "")
		rep := a.token("rep", false)
		made := a.call(admin, "POST", "/api/v1/webhooks", map[string]any{"url": "https://erp.example.com/in", "events": []string{"customer.created"}})
		var h apiWebhook
		made.json(t, &h)
		tag := made.header.Get("ETag")
		if made.status != http.StatusCreated || tag == "" {
			t.Fatalf("create: %d %s, ETag %q", made.status, made.body, tag)
		}
		path := fmt.Sprintf("/api/v1/webhooks/%d", h.ID)
		if got := a.call(admin, "PATCH", path, map[string]any{"description": "x"}); got.status != http.StatusPreconditionRequired {
			t.Fatalf("without If-Match: %d %s", got.status, got.body)
		}
		if got := a.call(rep, "PATCH", path, map[string]any{"description": "x"}, "If-Match", tag); got.status != http.StatusForbidden {
			t.Fatalf("a representative changed a webhook: %d %s", got.status, got.body)
		}
		p := a.call(admin, "PATCH", path, map[string]any{"url": "http://10.0.0.5/in"}, "If-Match", tag).problem(t)
		if p.Status != http.StatusUnprocessableEntity || !strings.Contains(p.fieldMessage("body.url"), "public address") {
			t.Fatalf("a private address: %+v", p)
		}
		changed := a.call(admin, "PATCH", path, map[string]any{"events": []string{"customer.updated", "sync_run.finished"},
			"description": "ERP", "paused": true}, "If-Match", tag)
		var after apiWebhook
		changed.json(t, &after)
		if changed.status != http.StatusOK || after.URL != "https://erp.example.com/in" || !after.Paused ||
			strings.Join(after.Events, ",") != "customer.updated,sync_run.finished" || changed.header.Get("ETag") == tag {
			t.Fatalf("change: %d %s", changed.status, changed.body)
		}
		if got := a.call(admin, "PATCH", path, map[string]any{"paused": false}, "If-Match", tag); got.status != http.StatusPreconditionFailed {
			t.Fatalf("a change on the old version: %d %s", got.status, got.body)
		}
		// Two changes sent at once on the same version: one is saved.
		tag = changed.header.Get("ETag")
		statuses := make(chan int, 2)
		for _, desc := range []string{"first", "second"} {
			go func() {
				statuses <- a.call(admin, "PATCH", path, map[string]any{"description": desc}, "If-Match", tag).status
			}()
		}
		got := []int{<-statuses, <-statuses}
		if !(got[0] == 200 && got[1] == 412 || got[0] == 412 && got[1] == 200) {
			t.Fatalf("two writers on one version answered %v, want one 200 and one 412", got)
		}
		replaced := a.call(admin, "POST", path+"/secret", nil)
		var r apiWebhook
		replaced.json(t, &r)
		if replaced.status != http.StatusOK || !strings.HasPrefix(r.Secret, "whsec_") || r.Secret == h.Secret {
			t.Fatalf("replace the secret: %d %s", replaced.status, replaced.body)
		}
		if got := a.call(admin, "GET", path, nil); strings.Contains(string(got.body), r.Secret) || strings.Contains(string(got.body), `"secret"`) {
			t.Fatalf("GET shows the secret: %s", got.body)
		}
	})
}
