package web_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/magesim"
)

// listener is someone else's Magento store that keeps every request body
// it is sent.
type listener struct {
	mu     sync.Mutex
	bodies strings.Builder
	srv    *httptest.Server
}

func newListener(t *testing.T) *listener {
	l := &listener{}
	sim, err := magesim.New(magesim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	store := sim.Handler()
	l.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		l.mu.Lock()
		l.bodies.WriteString(r.URL.String() + " " + string(b) + "\n")
		l.mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(b))
		store.ServeHTTP(w, r)
	}))
	t.Cleanup(l.srv.Close)
	return l
}

func (l *listener) heard() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.bodies.String()
}

func TestStoredChannelSecretsGoOnlyWhereTheyWereSavedFor(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newChannelApp(t, d)
		const stored = "Stored-Magento-pw-1"
		sim := newSim(t, magesim.Options{Customers: 1, AdminPassword: stored})
		form := channelForm(sim.URL, app.adminID())
		form.Set("password", stored)
		admin := app.browser()
		admin.login("admin", app.AdminPassword)
		p := admin.post("/channels", form)
		if p.status != http.StatusSeeOther {
			t.Fatalf("create: status %d, %q", p.status, summary(p.body))
		}
		path := p.resp.Header.Get("Location")
		evil := newListener(t)

		cases := []struct {
			name   string
			change url.Values
			reason string
		}{
			{"another base URL", url.Values{"base_url": {evil.srv.URL + "/"}}, "the base URL changed"},
			{"another admin user", url.Values{"username": {"someone-else"}}, "the user changed"},
			{"another sign-in method", url.Values{"auth_kind": {"bearer"}}, "Enter the access token:"},
			{"certificate checks switched off", url.Values{"skip_tls_verify": {"on"}}, "the certificate settings changed"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				for _, action := range []string{"check", "save"} {
					f := channelForm(sim.URL, app.adminID())
					f.Set("password", "")
					for k, v := range tc.change {
						f[k] = v
					}
					f.Set("action", action)
					p := admin.post(path, f)
					if p.status != http.StatusUnprocessableEntity {
						t.Fatalf("%s with the password blank: status %d, want 422", action, p.status)
					}
					field := "password"
					if f.Get("auth_kind") == "bearer" {
						field = "access_token"
					}
					expectFieldError(t, p.body, field, tc.reason)
				}
			})
		}
		if strings.Contains(evil.heard(), stored) {
			t.Fatalf("the other server was sent: %q", evil.heard())
		}
		if n := count(t, d, "SELECT COUNT(*) FROM channels WHERE base_url = $1", sim.URL+"/"); n != 1 {
			t.Fatal("a refused save changed the channel")
		}

		// Left blank with nothing changed, the stored password still works.
		f := channelForm(sim.URL, app.adminID())
		f.Set("password", "")
		f.Set("action", "check")
		if p := admin.post(path, f); !strings.Contains(p.body, "The connection works") {
			t.Fatalf("the stored password on the same address: %s", checkText(p.body))
		}
	})
}

func TestTypedChannelSecretsAreNotShownAgainAfterAMistake(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newChannelApp(t, d)
		sim := newSim(t, magesim.Options{Customers: 1})
		admin := app.browser()
		admin.login("admin", app.AdminPassword)
		const typed = "Typed-secret-token-77"
		for name, f := range map[string]url.Values{
			"invalid form":  {"name": {""}, "auth_kind": {"oauth"}, "base_url": {sim.URL + "/"}, "consumer_key": {typed}, "consumer_secret": {typed}, "access_token": {typed}, "access_token_secret": {typed}},
			"failed check":  {"name": {"Shop"}, "auth_kind": {"bearer"}, "base_url": {sim.URL + "/"}, "access_token": {typed}, "action": {"check"}},
			"refused store": {"name": {"Shop"}, "auth_kind": {"admin_token"}, "base_url": {closedURL(t) + "/"}, "username": {"admin"}, "password": {typed}, "action": {"check"}},
		} {
			p := admin.post("/channels", f)
			if strings.Contains(p.body, typed) {
				t.Errorf("%s: the typed secret came back in the page (status %d)", name, p.status)
			}
		}
	})
}
