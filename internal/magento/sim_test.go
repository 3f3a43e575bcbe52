package magento

import (
	"bytes"
	"context"
	"log/slog"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"magecrm/internal/magesim"
)

// testClock is a clock the simulator and the client can share.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *testClock { return &testClock{t: time.Now().UTC().Truncate(time.Second)} }

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// store is a simulated Magento store on a real HTTP server.
type store struct {
	*magesim.Sim
	srv *httptest.Server
}

func newStore(t *testing.T, opts magesim.Options) *store {
	t.Helper()
	if opts.AdminPassword == "" {
		opts.AdminPassword = secretPassword
	}
	if opts.AccessToken == "" {
		opts.AccessToken = secretAccessToken
		opts.ConsumerKey, opts.ConsumerSecret = secretConsumerKey, secretConsumerSecret
		opts.AccessTokenSecret = secretTokenSecret
	}
	sim, err := magesim.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sim.Handler())
	t.Cleanup(srv.Close)
	return &store{Sim: sim, srv: srv}
}

// The three ways to sign in to a store made by newStore.
var (
	adminAuth  = Auth{Kind: AdminToken, Username: "admin", Password: secretPassword}
	bearerAuth = Auth{Kind: Bearer, AccessToken: secretAccessToken}
	oauthAuth  = Auth{Kind: OAuth, ConsumerKey: secretConsumerKey, ConsumerSecret: secretConsumerSecret,
		AccessToken: secretAccessToken, AccessTokenSecret: secretTokenSecret}
)

// logBuffer collects a client's logs at debug level.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// client connects to s; every test client logs to logs and retries fast.
func (s *store) client(t *testing.T, auth Auth, logs *logBuffer, change ...func(*Config)) *Client {
	t.Helper()
	if logs == nil {
		logs = &logBuffer{}
	}
	cfg := Config{
		BaseURL: s.srv.URL, Auth: auth, Timeout: 5 * time.Second,
		RetryDelay: time.Millisecond, MaxRetryDelay: 5 * time.Millisecond, MaxRetries: 8,
		Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	for _, f := range change {
		f(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { assertNoSecret(t, "client logs", logs.String()) })
	return c
}

// requests counts the requests the store answered on route with status
// (status 0: any).
func (s *store) requests(route string, status int) int {
	n := 0
	for _, rc := range s.RequestCounts() {
		if rc.Route == route && (status == 0 || rc.Status == status) {
			n += rc.Count
		}
	}
	return n
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return c
}
