package e2e

import (
	"bytes"
	"context"
	"log/slog"
	"net/http/httptest"
	"sync"
	"testing"

	"magecrm/internal/crm"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/secret"
	"magecrm/internal/store"
	"magecrm/internal/web"
)

// Server is magecrm's web application running on a fresh SQLite database
// for one test.
type Server struct {
	URL           string // base URL, without a trailing slash
	AdminPassword string // the password of the user "admin"
	CRM           *crm.Service
	DB            *db.DB
}

// StartServer serves the web application over HTTP on a new SQLite
// database with the first administrator created, until t ends. The
// server's log is printed when the test fails.
func StartServer(t *testing.T) *Server {
	t.Helper()
	d := dbtest.SQLiteOnly(t, "a browser test: what it checks is the pages' scripts; the same handlers run on both databases in internal/web")
	logs := &lockedBuffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	box, err := secret.New("e2e instance secret, not a real one")
	if err != nil {
		t.Fatal(err)
	}
	svc := crm.New(store.New(d, box), box, log)
	pw, err := svc.EnsureAdmin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	w, err := web.New(svc, log)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(w.Handler())
	t.Cleanup(func() {
		srv.Close()
		if t.Failed() {
			t.Logf("server log:\n%s", logs.String())
		}
	})
	return &Server{URL: srv.URL, AdminPassword: pw, CRM: svc, DB: d}
}

// lockedBuffer collects the log lines of concurrent requests.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
