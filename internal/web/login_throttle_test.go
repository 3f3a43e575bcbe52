package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"magecrm/internal/auth"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/web"
)

// behindProxy serves the app as if a proxy on the loopback address stood
// in front of it, passing the client in X-Forwarded-For.
func behindProxy(w *web.Server) {
	w.Site.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
}

// postFrom posts a sign-in as the proxy would pass it on from client.
func (b *browser) signInFrom(client, username, password string) page {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, b.app.srv.URL+"/login", strings.NewReader(url.Values{"username": {username}, "password": {password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", client)
	return b.do(req)
}

func TestConcurrentWrongPasswordsAreCountedBeforeTheyAreChecked(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newTestAppServer(t, d, httptest.NewServer, behindProxy)
		statuses := make(chan int, 40)
		var wg sync.WaitGroup
		for range 40 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses <- app.browser().signInFrom("203.0.113.5", "admin", "wrong-password").status
			}()
		}
		wg.Wait()
		close(statuses)
		checked := 0
		for s := range statuses {
			switch s {
			case http.StatusUnauthorized:
				checked++
			case http.StatusTooManyRequests:
			default:
				t.Errorf("status %d, want 401 or 429", s)
			}
		}
		// Attempts racing each other count each other as failures until
		// they end, so a burst may have fewer than PairLimit checked — even
		// none — but never more.
		if checked > auth.PairLimit {
			t.Fatalf("%d of 40 concurrent wrong passwords were checked, want at most %d", checked, auth.PairLimit)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM sign_in_attempts"); n != checked {
			t.Errorf("%d attempts are written down, want the %d checked", n, checked)
		}
		if checked == auth.PairLimit {
			p := app.browser().signInFrom("203.0.113.5", "admin", app.AdminPassword)
			if p.status != http.StatusTooManyRequests {
				t.Fatalf("the right password from the guessing address: status %d, want 429", p.status)
			}
		}
		b := app.browser()
		if p := b.signInFrom("198.51.100.20", "admin", app.AdminPassword); p.status != http.StatusSeeOther {
			t.Fatalf("the right password from another address: status %d, %q", p.status, summary(p.body))
		}
	})
}

func TestForwardedForCountsOnlyFromATrustedProxy(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newTestApp(t, d)
		for i := range auth.PairLimit {
			app.browser().signInFrom("198.51.100."+idString(int64(i)), "admin", "wrong-password")
		}
		p := app.browser().signInFrom("198.51.100.99", "admin", app.AdminPassword)
		if p.status != http.StatusTooManyRequests {
			t.Fatalf("a client that names another address without a trusted proxy: status %d, want 429 (the header ignored)", p.status)
		}
	})
}

func TestSignInRefusesBusyPasswordChecksWith503(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newTestApp(t, d)
		app.CRM.PasswordGate = auth.NewPasswordGate(1, 20*time.Millisecond)
		held, release := make(chan struct{}), make(chan struct{})
		go app.CRM.PasswordGate.Do(context.Background(), func() { close(held); <-release })
		<-held
		p := app.browser().post("/login", url.Values{"username": {"random-name-1"}, "password": {"whatever-it-is"}})
		close(release)
		if p.status != http.StatusServiceUnavailable || p.resp.Header.Get("Retry-After") == "" {
			t.Fatalf("status %d, Retry-After %q; want 503 with Retry-After", p.status, p.resp.Header.Get("Retry-After"))
		}
		if !strings.Contains(summary(p.body), "Try again in a few seconds.") {
			t.Errorf("message %q", summary(p.body))
		}
		app.browser().login("admin", app.AdminPassword)
	})
}

func TestOverlongSignInInputIsRefusedNotEchoedStoredOrLogged(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newTestApp(t, d)
		for _, tc := range []struct {
			field  string
			size   int
			status int
			msg    string
		}{
			{"username", 50_000, http.StatusUnprocessableEntity, "A user name has at most 64 characters."},
			{"password", 50_000, http.StatusUnprocessableEntity, "A password has at most 256 characters."},
			{"username", 9 << 20, http.StatusRequestEntityTooLarge, "This form is too large to take (more than 2 MiB). Shorten its longest text and send it again."},
		} {
			form := url.Values{"username": {"admin"}, "password": {"whatever-it-is"}}
			form.Set(tc.field, strings.Repeat("x", tc.size))
			p := app.browser().post("/login", form)
			if p.status != tc.status || summary(p.body) != tc.msg {
				t.Fatalf("%s of %d bytes: status %d, message %q", tc.field, tc.size, p.status, summary(p.body))
			}
			if len(p.body) > 20000 || strings.Contains(p.body, strings.Repeat("x", 65)) {
				t.Errorf("%s of %d bytes: the page (%d bytes) echoes more than a short prefix", tc.field, tc.size, len(p.body))
			}
		}
		if n := count(t, d, "SELECT COUNT(*) FROM sign_in_attempts"); n != 0 {
			t.Errorf("%d attempts written down for refused input", n)
		}
		if strings.Contains(app.logs.String(), strings.Repeat("x", 65)) {
			t.Error("the log holds more than a short prefix of the input")
		}
	})
}

func TestPublicHTTPSURLMakesTheCookieSecureBehindAProxy(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newTestAppServer(t, d, httptest.NewServer, func(w *web.Server) {
			w.Site.BaseURL, _ = url.Parse("https://crm.example.com/")
		})
		p := app.browser().post("/login", url.Values{"username": {"admin"}, "password": {app.AdminPassword}})
		if c := sessionSetCookie(t, p.resp); c == nil || !c.Secure {
			t.Fatalf("with an https public URL the session cookie must be Secure: %v", c)
		}
		plain := newTestApp(t, d)
		p = plain.browser().post("/login", url.Values{"username": {"admin"}, "password": {app.AdminPassword}})
		if c := sessionSetCookie(t, p.resp); c == nil || c.Secure {
			t.Fatalf("over plain HTTP without a public URL the cookie cannot be Secure: %v", c)
		}
	})
}
