package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/mailer"
	"magecrm/internal/smtptest"
)

func TestEmailSettingsComposeAndRetry(t *testing.T) {
	dbtest.Dialects(t, testEmailSettingsComposeAndRetry)
}

func testEmailSettingsComposeAndRetry(t *testing.T, d *db.DB) {
	shop := newCustomerShop(t, d)
	srv := smtptest.Start(t, false)
	shop.app.CRM.Mail = &mailer.Sender{TLSConfig: srv.ClientTLS}
	admin := shop.admin()
	settings := url.Values{"host": {srv.Host}, "port": {strconv.Itoa(srv.Port)}, "security": {"starttls"}, "username": {srv.Username},
		"password": {srv.Password}, "from_address": {"crm@shop.test"}, "from_name": {"Shop"}}

	bad := url.Values{"host": {"smtp.shop.test"}, "port": {"smtp"}, "security": {"starttls"}, "from_address": {"crm@shop.test"}}
	p := admin.post("/system/email", bad)
	if p.status != http.StatusUnprocessableEntity || value(p.body, "host") != "smtp.shop.test" {
		t.Fatalf("bad port: status %d", p.status)
	}
	expectFieldError(t, p.body, "port", "Enter the port")
	expectRedirect(t, admin.post("/system/email", settings), "/system/email")
	p = admin.get("/system/email")
	if value(p.body, "host") != srv.Host || strings.Contains(p.body, srv.Password) || !strings.Contains(p.body, "A password is saved") {
		t.Fatal("settings page shows the wrong values or the password")
	}
	p = admin.post("/system/email/test", url.Values{"test_to": {"boss@shop.test"}})
	if p.status != http.StatusOK || !strings.Contains(p.body, "The test message was sent to boss@shop.test") || len(srv.Messages()) != 1 {
		t.Fatalf("test message: %d", p.status)
	}
	if p := shop.repBrowser("rita").get("/system/email"); p.status != http.StatusForbidden {
		t.Fatalf("representative opened email settings: %d", p.status)
	}

	rep := shop.repBrowser("rita")
	page := "/customers/" + idString(shop.repCustomer)
	p = rep.get("/activities/new?kind=email&entity=magento_customer&id=" + idString(shop.repCustomer))
	if value(p.body, "to") != "rhea@example.com" {
		t.Fatalf("compose form to %q", value(p.body, "to"))
	}
	form := url.Values{"entity": {"magento_customer"}, "entity_id": {idString(shop.repCustomer)}, "next": {page},
		"to": {"rhea@example.com"}, "subject": {"Your order"}, "body": {""}}
	p = rep.post("/emails", form)
	if p.status != http.StatusUnprocessableEntity || value(p.body, "subject") != "Your order" {
		t.Fatalf("email without a message: %d", p.status)
	}
	expectFieldError(t, p.body, "body", "Write the message.")
	form.Set("body", "It ships **today**.")
	expectRedirect(t, rep.post("/emails", form), page+"#timeline")
	if _, err := shop.app.CRM.DeliverEmails(context.Background()); err != nil {
		t.Fatal(err)
	}
	p = rep.get(page)
	if !strings.Contains(p.body, "To rhea@example.com · <span class=\"email-state\">sent") || !strings.Contains(p.body, "<strong>today</strong>") {
		t.Fatal("the sent email is not in the timeline")
	}

	// A refused sign-in: the email is kept, failed, with a Retry button.
	settings.Set("password", "wrong")
	expectRedirect(t, admin.post("/system/email", settings), "/system/email")
	form.Set("subject", "Second try")
	expectRedirect(t, rep.post("/emails", form), page+"#timeline")
	shop.app.CRM.DeliverEmails(context.Background())
	href, _ := rep.get(page).dom(t).Find(`a.activity-title:contains("Second try")`).Attr("href")
	id := strings.TrimPrefix(href, "/activities/")
	p = rep.get("/activities/" + id)
	if !strings.Contains(p.body, "not sent: the mail server refused the sign-in") || !hasID(p.body, "retry") {
		t.Fatalf("failed email page: %s", p.body[strings.Index(p.body, `id="activity-details"`):][:800])
	}
	settings.Set("password", srv.Password)
	expectRedirect(t, admin.post("/system/email", settings), "/system/email")
	expectRedirect(t, rep.post("/activities/"+id+"/retry", nil), "/activities/"+id)
	shop.app.CRM.DeliverEmails(context.Background())
	if p = rep.get("/activities/" + id); !strings.Contains(p.body, `<dd id="email-state">sent`) || hasID(p.body, "retry") {
		t.Fatal("retried email not sent")
	}
	if n := len(srv.Messages()); n != 3 {
		t.Fatalf("server took %d messages, want 3", n)
	}
}
