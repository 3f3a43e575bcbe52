package crm_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"magecrm/internal/crm"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/mailer"
	"magecrm/internal/model"
	"magecrm/internal/smtptest"
)

// receiver is a webhook receiver over real HTTP: it checks each
// delivery's signature by hand (HMAC-SHA256 of "t.body") and answers the
// status fail gives for the attempt, 200 when fail is nil.
type receiver struct {
	t      *testing.T
	srv    *httptest.Server
	secret string
	mu     sync.Mutex
	fail   func(n int) int
	got    []map[string]any
	tries  int
}

func newReceiver(t *testing.T) *receiver {
	r := &receiver{t: t}
	r.srv = httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) serve(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.tries++
	body, _ := io.ReadAll(req.Body)
	if err := checkSignature(r.secret, req.Header.Get("Magecrm-Signature"), body); err != "" {
		r.t.Errorf("delivery %s: %s", req.Header.Get("Magecrm-Delivery"), err)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	if r.fail != nil {
		if code := r.fail(r.tries); code != 0 {
			w.WriteHeader(code)
			return
		}
	}
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil || m["event"] != req.Header.Get("Magecrm-Event") {
		r.t.Errorf("delivery body %s (event header %q): %v", body, req.Header.Get("Magecrm-Event"), err)
	}
	r.got = append(r.got, m)
}

// checkSignature verifies "t=…,v1=…" as the README tells receivers to.
func checkSignature(secret, header string, body []byte) string {
	var ts, sig string
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(part, "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			sig = v
		}
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts + "."))
	mac.Write(body)
	if want := hex.EncodeToString(mac.Sum(nil)); ts == "" || !hmac.Equal([]byte(sig), []byte(want)) {
		return "bad signature header " + header
	}
	return ""
}

func (r *receiver) received() []map[string]any {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]map[string]any(nil), r.got...)
}

func TestWebhookDeliveriesAreSignedAndRetriedUntilTheyArrive(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newActivityFixture(t, d)
		f.svc.WebhooksAllowPrivate = true // the receiver runs on this machine
		rcv := newReceiver(t)
		rcv.fail = func(n int) int {
			if n <= 2 {
				return http.StatusServiceUnavailable
			}
			return 0
		}
		in := crm.WebhookInput{URL: rcv.srv.URL + "/hook", Events: []string{model.EventActivityCreated}}
		if _, _, err := f.svc.CreateWebhook(ctx, f.ann, in); !errors.Is(err, crm.ErrForbidden) {
			t.Fatalf("a representative made a webhook: %v", err)
		}
		_, _, err := f.svc.CreateWebhook(ctx, f.admin, crm.WebhookInput{URL: "ftp://x", Events: []string{"customer.eaten"}})
		if fieldError(err, "url") == "" || fieldError(err, "events") == "" {
			t.Fatalf("bad webhook: %v", err)
		}
		hook, secret, err := f.svc.CreateWebhook(ctx, f.admin, in)
		if err != nil {
			t.Fatal(err)
		}
		rcv.secret = secret
		if !strings.HasPrefix(secret, "whsec_") || strings.Contains(f.TableText("webhooks"), secret) {
			t.Fatalf("secret %q stored in the clear or badly made", secret)
		}
		note, err := f.svc.CreateActivity(ctx, f.ann, crm.ActivityInput{Kind: model.KindNote, Body: "called back", Targets: f.onContact()})
		if err != nil {
			t.Fatal(err)
		}
		for i, wait := range []time.Duration{0, 30 * time.Second, time.Minute} {
			f.now = f.now.Add(wait)
			if n, err := f.svc.DeliverWebhooks(ctx); err != nil || n != 1 {
				t.Fatalf("attempt %d ran %d jobs: %v", i+1, n, err)
			}
			// Before its backoff has passed, nothing is due.
			if n, _ := f.svc.DeliverWebhooks(ctx); n != 0 {
				t.Fatalf("after attempt %d, %d more ran at once", i+1, n)
			}
		}
		got := rcv.received()
		if len(got) != 1 || rcv.tries != 3 {
			t.Fatalf("receiver took %v after %d tries", got, rcv.tries)
		}
		data, _ := got[0]["data"].(map[string]any)
		if got[0]["event"] != model.EventActivityCreated || data["id"] != float64(note.ID) || data["kind"] != "note" {
			t.Fatalf("delivery %v", got[0])
		}
		dl, err := f.svc.WebhookDeliveries(ctx, f.admin, hook.ID, 10)
		if err != nil || len(dl) != 1 || dl[0].State != model.DeliveryDelivered || dl[0].Attempts != 3 || dl[0].Last.StatusCode != 200 {
			t.Fatalf("delivery log %+v %v", dl, err)
		}
		log, err := f.svc.WebhookAttempts(ctx, f.admin, hook.ID, dl[0].ID)
		if err != nil || len(log) != 3 || log[0].StatusCode != 503 || log[1].StatusCode != 503 || log[2].StatusCode != 200 ||
			!strings.Contains(log[0].Error, "503") {
			t.Fatalf("attempts %+v %v", log, err)
		}
	})
}

func TestAWebhookThatKeepsFailingIsPausedAndTheAdministratorsAreTold(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newActivityFixture(t, d)
		f.svc.WebhooksAllowPrivate = true // the receiver runs on this machine
		smtp := smtptest.Start(t, false)
		f.svc.Mail = &mailer.Sender{TLSConfig: smtp.ClientTLS}
		if err := f.svc.SaveEmailSettings(ctx, f.admin, emailSettingsFor(smtp, smtp.Password)); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec("UPDATE users SET email = 'boss@shop.test' WHERE username = 'admin'"); err != nil {
			t.Fatal(err)
		}
		rcv := newReceiver(t)
		dead := true
		rcv.fail = func(int) int {
			if dead {
				return http.StatusInternalServerError
			}
			return 0
		}
		hook, secret, err := f.svc.CreateWebhook(ctx, f.admin, crm.WebhookInput{URL: rcv.srv.URL, Events: []string{model.EventActivityCreated}})
		if err != nil {
			t.Fatal(err)
		}
		rcv.secret = secret
		note := func(body string) {
			if _, err := f.svc.CreateActivity(ctx, f.ann, crm.ActivityInput{Kind: model.KindNote, Body: body, Targets: f.onContact()}); err != nil {
				t.Fatal(err)
			}
		}
		note("first")
		for range crm.WebhookMaxAttempts {
			if _, err := f.svc.DeliverWebhooks(ctx); err != nil {
				t.Fatal(err)
			}
			f.now = f.now.Add(2 * time.Hour)
		}
		w, err := f.svc.Webhook(ctx, f.admin, hook.ID)
		if err != nil || !w.Paused() || !strings.Contains(w.PausedReason, "failed 8 times") {
			t.Fatalf("webhook after %d failures: %+v %v", crm.WebhookMaxAttempts, w, err)
		}
		// The pause notice goes out by email; a new event waits, unsent.
		f.svc.DeliverWebhooks(ctx)
		if msgs := smtp.Messages(); len(msgs) != 1 || msgs[0].To[0] != "boss@shop.test" || !strings.Contains(msgs[0].Data, "paused a webhook") {
			t.Fatalf("administrators were told %+v", msgs)
		}
		note("second")
		f.svc.DeliverWebhooks(ctx)
		tries := rcv.tries
		if tries != crm.WebhookMaxAttempts {
			t.Fatalf("the receiver was tried %d times", tries)
		}
		dl, _ := f.svc.WebhookDeliveries(ctx, f.admin, hook.ID, 10)
		if len(dl) != 2 || dl[0].State != model.DeliveryHeld || dl[1].State != model.DeliveryFailed {
			t.Fatalf("deliveries while paused: %+v", dl)
		}
		// Resumed once the receiver works: both are delivered.
		dead = false
		if err := f.svc.ResumeWebhook(ctx, f.admin, hook.ID); err != nil {
			t.Fatal(err)
		}
		f.svc.DeliverWebhooks(ctx)
		if got := rcv.received(); len(got) != 2 {
			t.Fatalf("after resume the receiver took %v", got)
		}
		if w, _ := f.svc.Webhook(ctx, f.admin, hook.ID); w.Paused() {
			t.Fatal("still paused after resume")
		}
	})
}
