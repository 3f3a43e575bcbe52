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
)

// postForm posts a multipart body as it is, with headers as name, value pairs.
func (a *testAPI) postForm(token, path string, body []byte, contentType string, headers ...string) answer {
	a.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, a.srv.URL+path, bytes.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Authorization", "Bearer "+token)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := a.srv.Client().Do(req)
	if err != nil {
		a.t.Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	return answer{status: resp.StatusCode, header: resp.Header, body: got}
}

// form is a multipart body with a part "file" for each content.
func form(contents ...[]byte) ([]byte, string) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for i, c := range contents {
		fw, _ := mw.CreateFormFile("file", fmt.Sprintf("f%d.bin", i))
		fw.Write(c)
	}
	mw.Close()
	return body.Bytes(), mw.FormDataContentType()
}

// Uploads the API refuses leave no temporary file behind, a body over the
// limit answers 413 with the size limit, and an Idempotency-Key does not
// cap an upload at 1 MiB.
func TestRefusedUploadsLeaveNoTemporaryFiles(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		r := newActivityRig(t, d)
		folder, err := files.Open(t.TempDir(), 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		r.crm.Files = folder
		onCustomer := fmt.Sprintf("/api/v1/customers/%d/attachments", r.customer)
		part := bytes.Repeat([]byte("x"), 64<<10)

		twice, ct := form(part, part)
		if got := r.postForm(r.rita, onCustomer, twice, ct); got.status != http.StatusUnprocessableEntity {
			t.Errorf("two files: %d %s", got.status, got.body)
		}
		one, ct := form(part)
		if got := r.postForm(r.rita, "/api/v1/customers/abc/attachments", one, ct); got.status != http.StatusUnprocessableEntity {
			t.Errorf("an id that is no number: %d %s", got.status, got.body)
		}
		if got := r.postForm(r.rita, onCustomer, one, ct, "Idempotency-Key", "up-1"); got.status != http.StatusCreated {
			t.Errorf("an upload with an Idempotency-Key: %d %s", got.status, got.body)
		}
		big, ct := form(bytes.Repeat([]byte("y"), 1<<20+(1<<20)+4096))
		for _, headers := range [][]string{nil, {"Idempotency-Key", "up-2"}} {
			got := r.postForm(r.rita, onCustomer, big, ct, headers...)
			if p := got.problem(t); p.Status != http.StatusRequestEntityTooLarge || !strings.Contains(p.Detail, "The file is larger than 1 MB") {
				t.Errorf("a file over the limit and its overhead (headers %v): %d %s", headers, got.status, got.body)
			}
		}
		left, _ := os.ReadDir(tmp)
		for _, e := range left {
			if strings.HasPrefix(e.Name(), "multipart-") {
				t.Errorf("a refused upload left %s in the temporary folder", e.Name())
			}
		}
	})
}
