package web_test

import (
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"magecrm/internal/db"
	"magecrm/internal/files"
	"magecrm/internal/testrig"
	"magecrm/internal/web"
)

// testApp is the web application on a fresh database, served over real
// HTTP, with everything it logs kept for inspection.
type testApp struct {
	*testrig.Rig
	t    *testing.T
	srv  *httptest.Server
	logs *logBuffer
}

// logBuffer collects log output from concurrent requests.
type logBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// testAttachmentLimit is the test app's attachment size limit.
const testAttachmentLimit = 2 << 20

func newTestApp(t *testing.T, d *db.DB) *testApp {
	return newTestAppServer(t, d, httptest.NewServer)
}

// newTestAppServer serves the app with serve, after tune has set up the
// server (for example its Site).
func newTestAppServer(t *testing.T, d *db.DB, serve func(http.Handler) *httptest.Server, tune ...func(*web.Server)) *testApp {
	t.Helper()
	logs := &logBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	rig := testrig.New(t, d, log)
	svc := rig.CRM
	var err error
	if svc.Files, err = files.Open(t.TempDir(), testAttachmentLimit); err != nil {
		t.Fatal(err)
	}
	w, err := web.New(svc, log)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range tune {
		f(w)
	}
	srv := serve(w.Handler())
	t.Cleanup(srv.Close)
	return &testApp{Rig: rig, t: t, srv: srv, logs: logs}
}

// browser is one person's cookie jar against the app. It does not follow
// redirects, so tests see every answer.
type browser struct {
	t      *testing.T
	app    *testApp
	client *http.Client
}

func (a *testApp) browser() *browser {
	jar, _ := cookiejar.New(nil)
	c := *a.srv.Client()
	c.Jar = jar
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &browser{t: a.t, app: a, client: &c}
}

// page is one answer: its status, body and response.
type page struct {
	status int
	body   string
	resp   *http.Response
}

func (b *browser) do(req *http.Request) page {
	b.t.Helper()
	resp, err := b.client.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return page{status: resp.StatusCode, body: string(body), resp: resp}
}

func (b *browser) get(path string) page {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.app.srv.URL+path, nil)
	return b.do(req)
}

func (b *browser) post(path string, form url.Values) page {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, b.app.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// login signs in and fails the test unless it worked.
func (b *browser) login(username, password string) {
	b.t.Helper()
	p := b.post("/login", url.Values{"username": {username}, "password": {password}})
	if p.status != http.StatusSeeOther {
		b.t.Fatalf("sign in as %s: status %d, message %q", username, p.status, summary(p.body))
	}
}

// sessionCookie returns the browser's session cookie value, or "".
func (b *browser) sessionCookie() string {
	u, _ := url.Parse(b.app.srv.URL)
	for _, c := range b.client.Jar.Cookies(u) {
		if c.Name == "magecrm_session" {
			return c.Value
		}
	}
	return ""
}

// expectRedirect fails unless p is a See Other to location.
func expectRedirect(t *testing.T, p page, location string) {
	t.Helper()
	if p.status != http.StatusSeeOther || p.resp.Header.Get("Location") != location {
		t.Fatalf("got status %d to %q, want 303 to %q; page message %q", p.status, p.resp.Header.Get("Location"), location, summary(p.body))
	}
}

func count(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.QueryRow(query, args...).Scan(&n); err != nil && err != sql.ErrNoRows {
		t.Fatal(err)
	}
	return n
}

// roleIDString is a role's id as a form sends it.
func (a *testApp) roleIDString(name string) string { return fmt.Sprint(a.RoleID(name)) }

// idString writes an id as a form sends it.
func idString(id int64) string { return fmt.Sprint(id) }
