package web_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"magecrm/internal/crm"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
)

// upload posts a multipart attachment form.
func (b *browser) upload(fields map[string]string, fileName string, content []byte) page {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if fileName != "" {
		fw, _ := mw.CreateFormFile("file", fileName)
		fw.Write(content)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, b.app.srv.URL+"/attachments", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.do(req)
}

func TestAttachmentUploadDownloadAndDelete(t *testing.T) {
	dbtest.Dialects(t, testAttachmentUploadDownloadAndDelete)
}

func testAttachmentUploadDownloadAndDelete(t *testing.T, d *db.DB) {
	shop := newCustomerShop(t, d)
	rep := shop.repBrowser("rita")
	page := "/customers/" + idString(shop.repCustomer)
	fields := map[string]string{"entity": "magento_customer", "entity_id": idString(shop.repCustomer), "next": page, "body": "signed contract"}

	p := rep.upload(fields, "", nil)
	if p.status != http.StatusUnprocessableEntity || value(p.body, "") != "" || !strings.Contains(p.body, "signed contract</textarea>") {
		t.Fatalf("upload without a file: status %d", p.status)
	}
	if fieldError(p.body, "file") == "" {
		t.Fatal("no message for the missing file")
	}
	p = rep.upload(fields, "big.bin", bytes.Repeat([]byte("z"), testAttachmentLimit+10))
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(fieldError(p.body, "file"), "larger than 2 MB") {
		t.Fatalf("too large: status %d, %q", p.status, fieldError(p.body, "file"))
	}
	expectRedirect(t, rep.upload(fields, "evil.html", []byte("<html><script>alert(1)</script></html>")), page+"#timeline")
	expectRedirect(t, rep.upload(fields, "photo.png", []byte("\x89PNG\r\n\x1a\n0000IHDR")), page+"#timeline")

	p = rep.get(page)
	byName := map[string]string{}
	p.dom(t).Find(`a.download[href^="/activities/"]`).Each(func(_ int, a *goquery.Selection) {
		href, _ := a.Attr("href")
		byName[a.Text()] = strings.TrimSuffix(strings.TrimPrefix(href, "/activities/"), "/file")
	})
	if len(byName) != 2 || !strings.Contains(p.body, "signed contract") {
		t.Fatalf("timeline attachments: %v", byName)
	}
	dl := rep.get("/activities/" + byName["evil.html"] + "/file")
	h := dl.resp.Header
	if dl.status != http.StatusOK || dl.body != "<html><script>alert(1)</script></html>" {
		t.Fatalf("download: %d %q", dl.status, dl.body)
	}
	if h.Get("Content-Type") != "application/octet-stream" || h.Get("X-Content-Type-Options") != "nosniff" ||
		!strings.HasPrefix(h.Get("Content-Disposition"), "attachment;") || !strings.Contains(h.Get("Content-Security-Policy"), "sandbox") {
		t.Fatalf("HTML attachment headers: %v", h)
	}
	if png := rep.get("/activities/" + byName["photo.png"] + "/file"); png.resp.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("png served as %q", png.resp.Header.Get("Content-Type"))
	}
	if p := shop.repBrowser("otto").get("/activities/" + byName["evil.html"] + "/file"); p.status != http.StatusNotFound {
		t.Fatalf("outsider downloaded: %d", p.status)
	}

	dir := shop.app.CRM.Files.Dir
	before, _ := os.ReadDir(dir)
	expectRedirect(t, shop.admin().post("/activities/"+byName["evil.html"]+"/delete", nil), page+"#timeline")
	after, _ := os.ReadDir(dir)
	if len(before) != 2 || len(after) != 1 {
		t.Fatalf("files before delete %d, after %d", len(before), len(after))
	}
}

func TestEntitySettingsPage(t *testing.T) { dbtest.Dialects(t, testEntitySettingsPage) }

func testEntitySettingsPage(t *testing.T, d *db.DB) {
	shop := newCustomerShop(t, d)
	rep := shop.repBrowser("rita")
	page := "/customers/" + idString(shop.repCustomer)
	expectRedirect(t, rep.post("/activities", url.Values{"entity": {"magento_customer"}, "entity_id": {idString(shop.repCustomer)},
		"next": {page}, "kind": {"note"}, "body": {"kept note"}}), page+"#timeline")
	if p := rep.get("/system/entities"); p.status != http.StatusForbidden {
		t.Fatalf("representative opened System → Entities: %d", p.status)
	}
	admin := shop.admin()
	p := admin.get("/system/entities")
	if p.status != http.StatusOK {
		t.Fatalf("entities page: %d", p.status)
	}
	if _, checked := attrOf(p.body, "kind-magento_customer-note", "checked"); !checked {
		t.Fatal("notes should be on by default")
	}
	form := url.Values{"kinds.magento_customer": {"call", "task"}, "kinds.contact": {"note"}}
	expectRedirect(t, admin.post("/system/entities", form), "/system/entities")
	p = admin.get("/system/entities")
	if _, checked := attrOf(p.body, "kind-magento_customer-note", "checked"); checked {
		t.Fatal("notes still on for customers")
	}
	p = rep.get(page)
	if hasID(p.body, "quick-note") || !hasID(p.body, "quick-call") || hasID(p.body, "quick-attachment") {
		t.Fatal("quick-add buttons do not follow the settings")
	}
	if !strings.Contains(p.body, "kept note") {
		t.Fatal("the existing note disappeared")
	}
	if p := rep.post("/activities", url.Values{"entity": {"magento_customer"}, "entity_id": {idString(shop.repCustomer)},
		"kind": {"note"}, "body": {"new"}}); p.status != http.StatusConflict || !strings.Contains(summary(p.body), "Notes are turned off") {
		t.Fatalf("note with notes off: %d %q", p.status, summary(p.body))
	}
}

// TestSlowAttachmentUploadOutlastsTheServersReadLimit uploads a file that
// arrives more slowly than the server lets other requests take: a signed-in
// upload gets its own, longer limit.
func TestSlowAttachmentUploadOutlastsTheServersReadLimit(t *testing.T) {
	d := dbtest.SQLiteOnly(t, "the server's read deadline is what this test checks")
	app := newTestAppServer(t, d, func(h http.Handler) *httptest.Server {
		srv := httptest.NewUnstartedServer(h)
		srv.Config.ReadTimeout = 300 * time.Millisecond
		srv.Start()
		return srv
	})
	admin := app.browser()
	admin.login("admin", app.AdminPassword)
	acc, err := app.CRM.SaveAccount(context.Background(), app.SignIn("admin", app.AdminPassword), 0, crm.AccountInput{Name: "Slow Line Ltd"})
	if err != nil {
		t.Fatal(err)
	}
	body, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		mw.WriteField("entity", "account")
		mw.WriteField("entity_id", idString(acc.ID))
		fw, _ := mw.CreateFormFile("file", "scan.txt")
		for range 8 {
			time.Sleep(150 * time.Millisecond)
			fw.Write([]byte("a slow line "))
		}
		pw.CloseWithError(mw.Close())
	}()
	req, _ := http.NewRequest(http.MethodPost, app.srv.URL+"/attachments", body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	p := admin.do(req)
	if p.status != http.StatusSeeOther {
		t.Fatalf("a 1.2 s upload against a 300 ms read limit: status %d, %q", p.status, summary(p.body))
	}
	if got := admin.get("/accounts/" + idString(acc.ID)).body; !strings.Contains(got, "scan.txt") {
		t.Error("the account's timeline does not show the uploaded file")
	}
}
