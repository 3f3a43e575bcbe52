package api_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"testing"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/files"
	"magecrm/internal/model"
)

// upload posts a multipart form with a file (and a comment, when not
// empty) and checks the answer against the served document.
func (a *testAPI) upload(token, path, fileName string, content []byte, comment string) answer {
	a.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if fileName != "" {
		fw, _ := mw.CreateFormFile("file", fileName)
		fw.Write(content)
	}
	if comment != "" {
		mw.WriteField("comment", comment)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, a.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := a.srv.Client().Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	check, _ := http.NewRequest(http.MethodPost, "http://magecrm.test"+path, nil)
	copyResp := *resp
	copyResp.Body = io.NopCloser(bytes.NewReader(got))
	a.mu.Lock()
	ok, errs := a.check.ValidateHttpResponse(check, &copyResp)
	a.mu.Unlock()
	if !ok {
		a.t.Errorf("POST %s answered %d not as the document says: %v\n%s", path, resp.StatusCode, errs, got)
	}
	return answer{status: resp.StatusCode, header: resp.Header, body: got}
}

func TestFilesAreAttachedAndDownloadedThroughTheAPI(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		r := newActivityRig(t, d)
		onCustomer := fmt.Sprintf("/api/v1/customers/%d/attachments", r.customer)
		if p := r.upload(r.rita, onCustomer, "notes.txt", []byte("hello"), "").problem(t); p.Status != http.StatusConflict ||
			!strings.Contains(p.Detail, "not available on this server") {
			t.Errorf("an upload without an attachments folder: %+v", p)
		}
		dir := t.TempDir()
		folder, err := files.Open(dir, 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		r.crm.Files = folder

		got := r.upload(r.rita, onCustomer, "notes.txt", []byte("The customer's notes"), "From the *call*")
		var act struct {
			ID         int64  `json:"id"`
			Kind       string `json:"kind"`
			Body       string `json:"body"`
			Attachment struct {
				FileName    string `json:"file_name"`
				ContentType string `json:"content_type"`
				Size        int64  `json:"size"`
				Download    string `json:"download"`
			} `json:"attachment"`
		}
		got.json(t, &act)
		if got.status != http.StatusCreated || act.Kind != "attachment" || act.Body != "From the *call*" || act.Attachment.FileName != "notes.txt" ||
			act.Attachment.Size != 20 || !strings.HasPrefix(act.Attachment.ContentType, "text/plain") {
			t.Fatalf("attach a file: %d %s", got.status, got.body)
		}
		file := r.call(r.rita, "GET", act.Attachment.Download, nil)
		if file.status != http.StatusOK || string(file.body) != "The customer's notes" ||
			!strings.Contains(file.header.Get("Content-Disposition"), `attachment; filename=notes.txt`) {
			t.Errorf("download: %d %v %s", file.status, file.header, file.body)
		}
		if got := r.call(r.far, "GET", act.Attachment.Download, nil); got.status != http.StatusNotFound {
			t.Errorf("far downloaded a file about another unit's customer: %d", got.status)
		}
		_, html := r.add(r.admin, fmt.Sprintf("/api/v1/customers/%d/activities", r.customer), map[string]any{"kind": "note", "body": "x"})
		if got := r.call(r.rita, "GET", fmt.Sprintf("/api/v1/activities/%d/file", html.ID), nil); got.status != http.StatusNotFound {
			t.Errorf("the file of a note: %d", got.status)
		}
		page := r.upload(r.rita, onCustomer, "page.html", []byte("<html><script>alert(1)</script></html>"), "")
		var pageAct struct {
			ID int64 `json:"id"`
		}
		page.json(t, &pageAct)
		if got := r.call(r.rita, "GET", fmt.Sprintf("/api/v1/activities/%d/file", pageAct.ID), nil); got.header.Get("Content-Type") != "application/octet-stream" ||
			got.header.Get("Content-Security-Policy") == "" {
			t.Errorf("an HTML file is sent as %q", got.header.Get("Content-Type"))
		}

		for _, c := range []struct {
			name    string
			file    string
			content []byte
			message string
		}{
			{"an empty file", "empty.txt", nil, "Choose a file to attach (an empty file cannot be attached)."},
			{"a file over the limit", "big.bin", bytes.Repeat([]byte("x"), 1<<20+1), "The file is larger than 1 MB, the limit on this server. Attach a smaller file."},
		} {
			if p := r.upload(r.rita, onCustomer, c.file, c.content, "").problem(t); p.Status != http.StatusUnprocessableEntity || p.fieldMessage("body.file") != c.message {
				t.Errorf("%s: %+v", c.name, p)
			}
		}
		if p := r.upload(r.rita, onCustomer, "", nil, "no file").problem(t); p.Status != http.StatusUnprocessableEntity {
			t.Errorf("a form without a file: %+v", p)
		}
		if got := r.upload(r.far, onCustomer, "x.txt", []byte("x"), ""); got.status != http.StatusNotFound {
			t.Errorf("far attached a file to another unit's customer: %d", got.status)
		}
		if got := r.upload(r.token("rita", true), onCustomer, "x.txt", []byte("x"), ""); got.status != http.StatusForbidden {
			t.Errorf("a read-only token attached a file: %d", got.status)
		}
		sess := r.rig.SignIn("admin", r.rig.AdminPassword)
		kinds, err := r.crm.EntitySettings(t.Context(), sess)
		if err != nil {
			t.Fatal(err)
		}
		kinds[model.TargetContact][model.KindAttachment] = false
		if err := r.crm.SetEntitySettings(t.Context(), sess, kinds); err != nil {
			t.Fatal(err)
		}
		if p := r.upload(r.admin, fmt.Sprintf("/api/v1/contacts/%d/attachments", r.contact), "x.txt", []byte("x"), "").problem(t); p.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(p.fieldMessage("body.kind"), "Attachments are turned off for Contacts") {
			t.Errorf("a file on a contact with attachments turned off: %+v", p)
		}

		if got := r.call(r.admin, "DELETE", fmt.Sprintf("/api/v1/activities/%d", act.ID), nil); got.status != http.StatusNoContent {
			t.Fatalf("delete the attachment: %d", got.status)
		}
		left, _ := os.ReadDir(dir)
		if len(left) != 1 {
			t.Errorf("%d files in the attachments folder, want only the HTML page's (refused uploads and the deleted one leave none)", len(left))
		}
	})
}
