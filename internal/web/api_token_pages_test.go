package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
)

var tokenRE = regexp.MustCompile(`mcrm_[A-Z2-7]{52}`)

func TestAPITokenPagesCreateShowOnceAndRevoke(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newTestApp(t, d)
		app.User("rita", "rita-password-1", "Sales Representative", "")
		rita := app.browser()
		rita.login("rita", "rita-password-1")

		bad := rita.post("/profile/tokens", url.Values{"name": {"  "}, "expires_in_days": {"30"}, "access": {"read_write"}})
		if bad.status != http.StatusUnprocessableEntity {
			t.Fatalf("empty name: status %d", bad.status)
		}
		expectFieldError(t, bad.body, "name", "Enter a name")
		if selected(bad.body, "expires_in_days") != "30" {
			t.Errorf("the chosen expiry was not kept: %q", selected(bad.body, "expires_in_days"))
		}
		if _, ok := attrOf(bad.body, "access-write", "checked"); !ok {
			t.Error("the chosen access was not kept")
		}
		if rita.post("/profile/tokens", url.Values{"name": {"x"}, "expires_in_days": {"12"}}).status != http.StatusUnprocessableEntity {
			t.Error("an expiry not offered was accepted")
		}

		made := rita.post("/profile/tokens", url.Values{"name": {"ERP export"}, "expires_in_days": {"90"}, "access": {"read_only"}})
		token := value(made.body, "new-token-value")
		if made.status != http.StatusCreated || !tokenRE.MatchString(token) {
			t.Fatalf("create: status %d, token shown %q", made.status, token)
		}
		if made.resp.Header.Get("Cache-Control") != "no-store" {
			t.Error("the page showing a token may be cached")
		}
		if strings.Contains(app.TableText("api_tokens"), token) {
			t.Fatal("the token itself is stored")
		}
		again := rita.get("/profile")
		if tokenRE.MatchString(again.body) {
			t.Fatal("the token is shown a second time")
		}
		if list := again.text(t, "#token-list tbody"); !strings.Contains(list, "ERP export") || !strings.Contains(list, token[:11]+"…") || !strings.Contains(list, "Read only") {
			t.Fatalf("the list does not show the token's name, prefix and access: %s", list)
		}

		if p := rita.get("/system/api-tokens"); p.status != http.StatusForbidden {
			t.Errorf("a sales representative opened everyone's tokens: status %d", p.status)
		}
		admin := app.browser()
		admin.login("admin", app.AdminPassword)
		adminMade := admin.post("/profile/tokens", url.Values{"name": {"admin script"}, "expires_in_days": {"0"}, "access": {"read_write"}})
		if adminMade.status != http.StatusCreated {
			t.Fatalf("admin create: status %d", adminMade.status)
		}
		var adminTokenID, ritaTokenID string
		d.QueryRow("SELECT id FROM api_tokens WHERE name = 'admin script'").Scan(&adminTokenID)
		d.QueryRow("SELECT id FROM api_tokens WHERE name = 'ERP export'").Scan(&ritaTokenID)
		if p := rita.post("/profile/tokens/"+adminTokenID+"/revoke", nil); p.status != http.StatusNotFound {
			t.Errorf("rita revoked the admin's token: status %d", p.status)
		}

		all := admin.get("/system/api-tokens")
		if list := all.text(t, "#token-list tbody"); all.status != http.StatusOK || !strings.Contains(list, "ERP export") || !strings.Contains(list, "admin script") {
			t.Fatalf("admin list: status %d, rows %s", all.status, list)
		}
		expectRedirect(t, admin.post("/system/api-tokens/"+ritaTokenID+"/revoke", nil), "/system/api-tokens")
		if after := rita.get("/profile"); !strings.Contains(after.text(t, "#token-list tbody"), "Revoked") {
			t.Error("rita's page does not show her token revoked")
		}
		if _, _, err := app.CRM.AuthenticateAPIToken(t.Context(), token); err == nil {
			t.Error("a revoked token still signs in")
		}
	})
}
