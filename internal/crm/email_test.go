package crm_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"magecrm/internal/crm"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/mailer"
	"magecrm/internal/model"
	"magecrm/internal/smtptest"
)

func emailSettingsFor(srv *smtptest.Server, password string) crm.EmailSettingsInput {
	return crm.EmailSettingsInput{Host: srv.Host, Port: strconv.Itoa(srv.Port), Security: mailer.StartTLS,
		Username: srv.Username, Password: password, FromAddress: "crm@shop.test", FromName: "Shop"}
}

func TestEmailSettingsAreCheckedSealedAndTested(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newActivityFixture(t, d)
		srv := smtptest.Start(t, false)
		f.svc.Mail = &mailer.Sender{TLSConfig: srv.ClientTLS}
		if err := f.svc.SaveEmailSettings(ctx, f.ann, emailSettingsFor(srv, srv.Password)); !errors.Is(err, crm.ErrForbidden) {
			t.Fatalf("a representative saved email settings: %v", err)
		}
		bad := crm.EmailSettingsInput{Host: "https://smtp.example.com", Port: "99999", Security: "ssl", FromAddress: "crm"}
		err := f.svc.SaveEmailSettings(ctx, f.admin, bad)
		for _, field := range []string{"host", "port", "security", "from_address"} {
			if fieldError(err, field) == "" {
				t.Errorf("no message for %s: %v", field, err)
			}
		}
		if err := f.svc.SaveEmailSettings(ctx, f.admin, emailSettingsFor(srv, srv.Password)); err != nil {
			t.Fatal(err)
		}
		if stored := f.TableText("email_settings"); stored == "" || strings.Contains(stored, srv.Password) {
			t.Fatalf("email settings stored as %q", stored)
		}
		// Saving again without a password keeps the saved one.
		if err := f.svc.SaveEmailSettings(ctx, f.admin, emailSettingsFor(srv, "")); err != nil {
			t.Fatal(err)
		}
		if e, set, err := f.svc.EmailSettings(ctx, f.admin); err != nil || !set || e.Password != "" {
			t.Fatalf("settings for the page: %+v set %v %v", e, set, err)
		}
		if err := f.svc.TestEmailSettings(ctx, f.admin, "me@example.com"); err != nil {
			t.Fatalf("test message: %v", err)
		}
		if got := srv.Messages(); len(got) != 1 || got[0].To[0] != "me@example.com" {
			t.Fatalf("server took %+v", got)
		}
		if err := f.svc.SaveEmailSettings(ctx, f.admin, emailSettingsFor(srv, "wrong")); err != nil {
			t.Fatal(err)
		}
		err = f.svc.TestEmailSettings(ctx, f.admin, "me@example.com")
		if err == nil || !strings.Contains(err.Error(), "refused the sign-in") || strings.Contains(err.Error(), "wrong") {
			t.Fatalf("test with a bad password: %v", err)
		}
	})
}

func TestEmailIsSentRetriedAndNeverLost(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newActivityFixture(t, d)
		srv := smtptest.Start(t, false)
		f.svc.Mail = &mailer.Sender{TLSConfig: srv.ClientTLS, Timeout: 5 * time.Second}
		in := crm.EmailInput{Targets: f.onContact(), To: "carl@example.com", Subject: "Your quote", Body: "Hello **Carl**"}
		if _, err := f.svc.SendEmail(ctx, f.ann, in); err == nil || !strings.Contains(err.Error(), "Email settings") {
			t.Fatalf("email before settings: %v", err)
		}
		if err := f.svc.SaveEmailSettings(ctx, f.admin, emailSettingsFor(srv, srv.Password)); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.SendEmail(ctx, f.ann, crm.EmailInput{Targets: f.onContact(), To: "carl", Subject: "", Body: ""}); fieldError(err, "to") == "" || fieldError(err, "subject") == "" || fieldError(err, "body") == "" {
			t.Fatalf("empty email: %v", err)
		}
		a, err := f.svc.SendEmail(ctx, f.ann, in)
		if err != nil {
			t.Fatal(err)
		}
		if n, err := f.svc.DeliverEmails(ctx); err != nil || n != 1 {
			t.Fatalf("deliver: %d %v", n, err)
		}
		got := srv.Messages()
		if len(got) != 1 || !strings.Contains(got[0].Data, "Subject: Your quote") || !strings.Contains(got[0].Data, "<strong>Carl</strong>") {
			t.Fatalf("server took %+v", got)
		}
		sent, _ := f.svc.Activity(ctx, f.ann, a.ID)
		if sent.EmailState != model.EmailSent || sent.EmailSentAt.IsZero() || sent.Body != "Hello **Carl**" {
			t.Fatalf("sent email %+v", sent)
		}

		// Busy server: the email waits and is tried again later.
		srv.SetBusy(true)
		b, _ := f.svc.SendEmail(ctx, f.ann, in)
		f.svc.DeliverEmails(ctx)
		waiting, _ := f.svc.Activity(ctx, f.ann, b.ID)
		if waiting.EmailState != model.EmailQueued || waiting.EmailAttempts != 1 || !strings.Contains(waiting.EmailError, "try again later") ||
			!waiting.EmailNextAt.After(f.now) {
			t.Fatalf("after a busy server: %+v", waiting)
		}
		if n, _ := f.svc.DeliverEmails(ctx); n != 0 || len(srv.Messages()) != 1 {
			t.Fatal("an email was retried before its time")
		}
		srv.SetBusy(false)
		f.now = f.now.Add(2 * time.Minute)
		if n, err := f.svc.DeliverEmails(ctx); err != nil || n != 1 || len(srv.Messages()) != 2 {
			t.Fatalf("retry after the wait: %d %v", n, err)
		}

		// Bad password: failed at once, kept with its reason; Retry sends it once fixed.
		if err := f.svc.SaveEmailSettings(ctx, f.admin, emailSettingsFor(srv, "wrong")); err != nil {
			t.Fatal(err)
		}
		c, _ := f.svc.SendEmail(ctx, f.ann, in)
		f.svc.DeliverEmails(ctx)
		failed, _ := f.svc.Activity(ctx, f.ann, c.ID)
		if failed.EmailState != model.EmailFailed || !strings.Contains(failed.EmailError, "refused the sign-in") {
			t.Fatalf("after a refused sign-in: %+v", failed)
		}
		if _, err := f.svc.RetryEmail(ctx, f.bob, c.ID); !errors.Is(err, crm.ErrForbidden) {
			t.Fatalf("bob retried ann's email: %v", err)
		}
		if err := f.svc.SaveEmailSettings(ctx, f.admin, emailSettingsFor(srv, srv.Password)); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.RetryEmail(ctx, f.ann, c.ID); err != nil {
			t.Fatal(err)
		}
		if n, err := f.svc.DeliverEmails(ctx); err != nil || n != 1 {
			t.Fatalf("deliver after retry: %d %v", n, err)
		}
		if _, err := f.svc.RetryEmail(ctx, f.ann, c.ID); err == nil {
			t.Fatal("a sent email was retried")
		}

		// Server down: temporary, retried; after the last attempt, failed.
		if err := f.svc.SaveEmailSettings(ctx, f.admin, crm.EmailSettingsInput{Host: "127.0.0.1", Port: strconv.Itoa(smtptest.ClosedPort(t)),
			Security: mailer.StartTLS, FromAddress: "crm@shop.test"}); err != nil {
			t.Fatal(err)
		}
		e, _ := f.svc.SendEmail(ctx, f.ann, in)
		for range 8 {
			f.svc.DeliverEmails(ctx)
			f.now = f.now.Add(2 * time.Hour)
		}
		down, _ := f.svc.Activity(ctx, f.ann, e.ID)
		if down.EmailState != model.EmailFailed || down.EmailAttempts != 8 || !strings.Contains(down.EmailError, "could not be reached") {
			t.Fatalf("after the server stayed down: %+v", down)
		}
	})
}
