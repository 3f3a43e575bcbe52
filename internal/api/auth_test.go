package api_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"magecrm/internal/api"
	"magecrm/internal/crm"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
)

func TestTokensSignInAndNothingElseDoes(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		a := newTestAPI(t, d, api.Options{})
		a.addUser("rita", "Sales Representative", "")
		tok := a.token("rita", false)

		var me struct {
			User struct {
				Username string `json:"username"`
			} `json:"user"`
			Permissions map[string]map[string]string `json:"permissions"`
			Token       struct {
				ReadOnly bool `json:"read_only"`
			} `json:"token"`
		}
		got := a.call(tok, "GET", "/api/v1/me", nil)
		if got.status != http.StatusOK {
			t.Fatalf("me: %d %s", got.status, got.body)
		}
		got.json(t, &me)
		if me.User.Username != "rita" || me.Permissions["magento_customer"]["view"] != "business_unit" || me.Token.ReadOnly {
			t.Errorf("me: %+v", me)
		}

		for name, header := range map[string]string{
			"no token": "", "unknown token": "Bearer mcrm_" + strings.Repeat("A", 52), "not a bearer": "Basic cml0YTpyaXRh",
		} {
			req, _ := http.NewRequest("GET", a.srv.URL+"/api/v1/me", nil)
			if header != "" {
				req.Header.Set("Authorization", header)
			}
			resp, err := a.srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusUnauthorized || !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("%s: status %d, WWW-Authenticate %q", name, resp.StatusCode, resp.Header.Get("WWW-Authenticate"))
			}
		}

		// A session cookie is not a token.
		cookie, err := a.crm.Login(t.Context(), crm.SignIn{Username: "rita", Password: "rita-password-1"})
		if err != nil {
			t.Fatal(err)
		}
		req, _ := http.NewRequest("GET", a.srv.URL+"/api/v1/me", nil)
		req.AddCookie(&http.Cookie{Name: "magecrm_session", Value: cookie})
		if resp, err := a.srv.Client().Do(req); err != nil || resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("a session cookie signed an API request in: %v %v", resp.StatusCode, err)
		}

		var id int64
		d.QueryRow("SELECT id FROM api_tokens WHERE name = 'test rita'").Scan(&id)
		if _, err := d.Exec("UPDATE api_tokens SET expires_at = $1 WHERE id = $2", time.Now().Add(-time.Minute).UnixMilli(), id); err != nil {
			t.Fatal(err)
		}
		if p := a.call(tok, "GET", "/api/v1/me", nil).problem(t); p.Status != http.StatusUnauthorized || !strings.Contains(p.Detail, "expired") {
			t.Errorf("expired token: %+v", p)
		}
		tok2 := a.token("rita", false)
		sess2, tok2Row, err := a.crm.AuthenticateAPIToken(t.Context(), tok2)
		if err != nil {
			t.Fatal(err)
		}
		if err := a.crm.RevokeAPIToken(t.Context(), sess2, tok2Row.ID); err != nil {
			t.Fatal(err)
		}
		if got := a.call(tok2, "GET", "/api/v1/me", nil); got.status != http.StatusUnauthorized {
			t.Errorf("revoked token: status %d", got.status)
		}
		tok3 := a.token("rita", false)
		if _, err := d.Exec("UPDATE users SET enabled = FALSE WHERE username = 'rita'"); err != nil {
			t.Fatal(err)
		}
		if got := a.call(tok3, "GET", "/api/v1/me", nil); got.status != http.StatusUnauthorized {
			t.Errorf("token of a disabled user: status %d", got.status)
		}
	})
}

func TestReadOnlyTokenAndRateLimit(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		a := newTestAPI(t, d, api.Options{RatePerSecond: 0.5, Burst: 3})
		ro := a.token("admin", true)
		if p := a.call(ro, "POST", "/api/v1/contacts", map[string]any{"first_name": "X"}).problem(t); p.Status != http.StatusForbidden || !strings.Contains(p.Detail, "read-only") {
			t.Errorf("read-only token wrote: %+v", p)
		}
		a.call(ro, "GET", "/api/v1/me", nil)
		a.call(ro, "GET", "/api/v1/me", nil)
		limited := a.call(ro, "GET", "/api/v1/me", nil)
		p := limited.problem(t)
		wait, _ := strconv.Atoi(limited.header.Get("Retry-After"))
		if p.Status != http.StatusTooManyRequests || wait < 1 || wait > 2 {
			t.Errorf("fourth request of a burst of 3: %+v, Retry-After %q", p, limited.header.Get("Retry-After"))
		}
		other := a.token("admin", false)
		if got := a.call(other, "GET", "/api/v1/me", nil); got.status != http.StatusOK {
			t.Errorf("another token shares the limit: status %d", got.status)
		}
	})
}

func TestDocumentAndReferenceArePublic(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		a := newTestAPI(t, d, api.Options{})
		for path, want := range map[string]string{
			"/api/v1/openapi.json": `"openapi":"3.1.0"`,
			"/api/v1/docs":         "/api/v1/me",
		} {
			resp, err := http.Get(a.srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			buf := make([]byte, 1<<20)
			for {
				n, err := resp.Body.Read(buf)
				b.Write(buf[:n])
				if err != nil {
					break
				}
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || !strings.Contains(b.String(), want) {
				t.Errorf("%s: status %d, no %q in it", path, resp.StatusCode, want)
			}
		}
		if resp, err := http.Get(a.srv.URL + "/api/v1/nothing-here"); err != nil || resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("unknown path without a token: %v %v", resp.StatusCode, err)
		}
	})
}
