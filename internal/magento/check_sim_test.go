package magento

import (
	"encoding/pem"
	"io"
	"log"
	"net"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"magecrm/internal/magesim"
)

// stepsText renders steps for failure messages and secret checks.
func stepsText(steps []CheckStep) string {
	var b strings.Builder
	for _, s := range steps {
		b.WriteString(s.String() + "\n")
	}
	return b.String()
}

// lastStep checks that the check ended at step name, passed or not, with a
// text holding want.
func lastStep(t *testing.T, steps []CheckStep, name string, ok bool, want string) {
	t.Helper()
	text := stepsText(steps)
	assertNoSecret(t, "check", text)
	if len(steps) == 0 {
		t.Fatal("no steps")
	}
	last := steps[len(steps)-1]
	if last.Name != name || last.OK != ok || !strings.Contains(last.String(), want) {
		t.Errorf("last step = %+v, want %s ok=%v containing %q\n%s", last, name, ok, want, text)
	}
}

func TestCheckConnection(t *testing.T) {
	plain := newStore(t, magesim.Options{Customers: 4})
	bearer := newStore(t, magesim.Options{Customers: 4, BearerEnabled: true})
	twoFactor := newStore(t, magesim.Options{TwoFactor: true})
	tests := []struct {
		name  string
		store *store
		auth  Auth
		base  string // replaces the store's URL
		step  string
		ok    bool
		want  string
	}{
		{"admin token", plain, adminAuth, "", "customers", true, "4 customers"},
		{"oauth", plain, oauthAuth, "", "customers", true, "4 customers"},
		{"bearer", bearer, bearerAuth, "", "customers", true, "4 customers"},
		{"bearer not enabled", plain, bearerAuth, "", "credentials", false,
			`"Allow OAuth Access Tokens to be used as standalone Bearer tokens"`},
		{"bad password", plain, Auth{Kind: AdminToken, Username: "admin", Password: "nope"}, "", "credentials", false,
			"refused the admin user name or password"},
		{"two-factor", twoFactor, adminAuth, "", "credentials", false, "two-factor authentication"},
		{"bad OAuth keys", plain, Auth{Kind: OAuth, ConsumerKey: "k", ConsumerSecret: "s", AccessToken: "t", AccessTokenSecret: "u"},
			"", "credentials", false, "refused the OAuth signature"},
		{"not Magento", plain, adminAuth, plain.srv.URL + "/not/a/store", "magento", false, "not as Magento's REST API"},
		{"nothing listening", plain, adminAuth, "http://" + closedAddress(t), "connect", false, "Nothing answers at"},
		{"unknown host", plain, adminAuth, "http://no-such-host.invalid", "connect", false, "was not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.store.client(t, tt.auth, nil, func(cfg *Config) {
				if tt.base != "" {
					cfg.BaseURL = tt.base
				}
				cfg.MaxRetries = -1
			})
			lastStep(t, c.CheckConnection(ctx(t)), tt.step, tt.ok, tt.want)
		})
	}
}

// closedAddress returns a local address where nothing listens.
func closedAddress(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

func TestTLSCertificates(t *testing.T) {
	sim, err := magesim.New(magesim.Options{Customers: 2, AdminPassword: secretPassword})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(sim.Handler())
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // refused handshakes are the point
	srv.StartTLS()
	t.Cleanup(srv.Close)
	s := &store{Sim: sim, srv: srv}

	caFile := filepath.Join(t.TempDir(), "ca.pem")
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(caFile, pemBytes, 0o600); err != nil {
		t.Fatal(err)
	}

	t.Run("untrusted", func(t *testing.T) {
		c := s.client(t, adminAuth, nil)
		lastStep(t, c.CheckConnection(ctx(t)), "tls", false, "Give the CA certificate file")
		if _, err := c.StoreViews(ctx(t)); err == nil || !strings.Contains(err.Error(), "certificate") {
			t.Errorf("err = %v", err)
		}
		if n := s.requests(tokenRoute, 0); n != 0 {
			t.Errorf("the password was sent %d times to an untrusted server", n)
		}
	})
	t.Run("CA file", func(t *testing.T) {
		c := s.client(t, adminAuth, nil, func(cfg *Config) { cfg.CAFile = caFile })
		steps := c.CheckConnection(ctx(t))
		lastStep(t, steps, "customers", true, "2 customers")
		if steps[1].Name != "tls" || steps[1].Detail != "certificate verified" {
			t.Errorf("tls step = %+v", steps[1])
		}
	})
	t.Run("skip verification is warned", func(t *testing.T) {
		logs := &logBuffer{}
		c := s.client(t, adminAuth, logs, func(cfg *Config) { cfg.InsecureSkipVerify = true })
		if !strings.Contains(logs.String(), "level=WARN") || !strings.Contains(logs.String(), "verification is OFF") {
			t.Errorf("no warning logged: %s", logs)
		}
		steps := c.CheckConnection(ctx(t))
		lastStep(t, steps, "customers", true, "2 customers")
		if !strings.Contains(steps[1].Detail, "NOT verified") {
			t.Errorf("tls step = %+v", steps[1])
		}
	})
}
