package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
)

func TestHomeWithoutSessionRedirectsToLogin(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newTestApp(t, d)
		b := app.browser()
		expectRedirect(t, b.get("/"), "/login?next=%2F")
		expectRedirect(t, b.get("/system/users?q=x"), "/login?next=%2Fsystem%2Fusers%3Fq%3Dx")
		if p := b.get("/login"); p.status != http.StatusOK || !hasID(p.body, "username") {
			t.Fatalf("sign-in page: status %d", p.status)
		}
	})
}

func TestLoginOpensASession(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newTestApp(t, d)
		b := app.browser()
		p := b.post("/login", url.Values{"username": {"Admin"}, "password": {app.AdminPassword}, "next": {"/system/users"}})
		expectRedirect(t, p, "/system/users")
		cookie := sessionSetCookie(t, p.resp)
		if cookie == nil {
			t.Fatal("no session cookie after a good sign-in")
		}
		if !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode || cookie.Secure || cookie.Path != "/" {
			t.Fatalf("session cookie HttpOnly=%v SameSite=%v Secure=%v Path=%q; want HttpOnly, Lax, not Secure over plain HTTP, /",
				cookie.HttpOnly, cookie.SameSite, cookie.Secure, cookie.Path)
		}
		home := b.get("/")
		if home.status != http.StatusOK || home.text(t, "h1") != "Dashboard" || home.text(t, "header .who") != "Admin" {
			t.Fatalf("home after sign-in: status %d, %q", home.status, home.text(t, "h1"))
		}
		if home.dom(t).Find(`a[href="/system/users"]`).Length() == 0 {
			t.Fatal("the administrator's menu lacks System → Users")
		}
		// A signed-in visit to the sign-in page goes home.
		expectRedirect(t, b.get("/login"), "/")
	})
}

func TestLoginCookieIsSecureOverTLS(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newTestAppServer(t, d, httptest.NewTLSServer)
		p := app.browser().post("/login", url.Values{"username": {"admin"}, "password": {app.AdminPassword}})
		if c := sessionSetCookie(t, p.resp); c == nil || !c.Secure {
			t.Fatalf("over TLS the session cookie must be Secure: %v", c)
		}
	})
}

func TestLoginDoesNotFollowForeignNext(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newTestApp(t, d)
		p := app.browser().post("/login", url.Values{"username": {"admin"}, "password": {app.AdminPassword}, "next": {"//evil.example/"}})
		expectRedirect(t, p, "/")
	})
}

func TestWrongPasswordAndUnknownUserAnswerAlike(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newTestApp(t, d)
		app.User("carla", "carla-password-1", "", "")
		wrongPw := app.browser().post("/login", url.Values{"username": {"carla"}, "password": {"not-her-password"}})
		noUser := app.browser().post("/login", url.Values{"username": {"nobody"}, "password": {"not-her-password"}})
		for name, p := range map[string]page{"wrong password": wrongPw, "unknown user": noUser} {
			if p.status != http.StatusUnauthorized {
				t.Errorf("%s: status %d, want 401", name, p.status)
			}
			if got := summary(p.body); got != "The user name or password is incorrect." {
				t.Errorf("%s: message %q", name, got)
			}
			if c := sessionSetCookie(t, p.resp); c != nil {
				t.Errorf("%s: a session cookie was set", name)
			}
			if v := value(p.body, "username"); v == "" {
				t.Errorf("%s: the typed user name was not kept", name)
			}
			if strings.Contains(p.body, "not-her-password") {
				t.Errorf("%s: the typed password was sent back in the page", name)
			}
		}
		if strings.ReplaceAll(wrongPw.body, "carla", "X") != strings.ReplaceAll(noUser.body, "nobody", "X") {
			t.Error("the pages for a wrong password and an unknown user differ beyond the typed user name")
		}
	})
}

// throttledForAMinute is the message of a user name throttled for the rest
// of a minute.
var throttledForAMinute = regexp.MustCompile(`Too many failed sign-ins for this user name from your address\. Try again in (1 minute|5\d seconds)\.`)

func TestSixthFailedSignInIsThrottledEvenWithTheRightPassword(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newTestApp(t, d)
		b := app.browser()
		for i := range 5 {
			if p := b.post("/login", url.Values{"username": {"admin"}, "password": {"wrong-password"}}); p.status != http.StatusUnauthorized {
				t.Fatalf("attempt %d: status %d, want 401", i+1, p.status)
			}
		}
		p := b.post("/login", url.Values{"username": {"ADMIN "}, "password": {app.AdminPassword}})
		// The minute runs from the first failure: five slow password
		// checks on a loaded machine may leave 5x seconds of it.
		if p.status != http.StatusTooManyRequests || !throttledForAMinute.MatchString(summary(p.body)) {
			t.Fatalf("6th attempt: status %d, message %q; want 429 and the throttling message", p.status, summary(p.body))
		}
		if sessionSetCookie(t, p.resp) != nil || b.sessionCookie() != "" {
			t.Fatal("a throttled sign-in set a session cookie")
		}
		if ra, err := strconv.Atoi(p.resp.Header.Get("Retry-After")); err != nil || ra < 50 || ra > 60 {
			t.Errorf("Retry-After %q, want the rest of the minute (50–60)", p.resp.Header.Get("Retry-After"))
		}
		// Another user name is not throttled.
		app.User("carla", "carla-password-1", "", "")
		app.browser().login("carla", "carla-password-1")
	})
}

func TestLogoutEndsTheSession(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newTestApp(t, d)
		b := app.browser()
		b.login("admin", app.AdminPassword)
		token := b.sessionCookie()
		expectRedirect(t, b.post("/logout", nil), "/login")
		if b.sessionCookie() != "" {
			t.Fatal("the session cookie was not removed")
		}
		if n := count(t, d, "SELECT COUNT(*) FROM sessions"); n != 0 {
			t.Fatalf("%d sessions left after signing out", n)
		}
		// The old token no longer opens anything, even sent by hand.
		req, _ := http.NewRequest(http.MethodGet, app.srv.URL+"/", nil)
		req.AddCookie(&http.Cookie{Name: "magecrm_session", Value: token})
		expectRedirect(t, app.browser().do(req), "/login?next=%2F")
		if p := b.get("/login"); !strings.Contains(p.body, "You are signed out.") {
			t.Error("no signed-out message after signing out")
		}
	})
}

func TestCrossOriginPostIsRefused(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newTestApp(t, d)
		b := app.browser()
		b.login("admin", app.AdminPassword)
		form := url.Values{"username": {"mallory"}, "password": {"mallory-password"}, "business_unit": {"1"}, "roles": {app.roleIDString("Administrator")}, "enabled": {"on"}}
		req, _ := http.NewRequest(http.MethodPost, app.srv.URL+"/system/users", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		p := b.do(req)
		if p.status != http.StatusForbidden || !strings.Contains(summary(p.body), "sent from another site") {
			t.Fatalf("cross-site POST: status %d, message %q; want 403", p.status, summary(p.body))
		}
		if n := count(t, app.DB, "SELECT COUNT(*) FROM users WHERE username = 'mallory'"); n != 0 {
			t.Fatal("the cross-site POST created a user")
		}
		req, _ = http.NewRequest(http.MethodPost, app.srv.URL+"/login", strings.NewReader(url.Values{"username": {"admin"}, "password": {app.AdminPassword}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		if p := app.browser().do(req); p.status != http.StatusForbidden || sessionSetCookie(t, p.resp) != nil {
			t.Fatalf("cross-site sign-in: status %d", p.status)
		}
		// The same form from the same origin works.
		req, _ = http.NewRequest(http.MethodPost, app.srv.URL+"/system/users", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		if p := b.do(req); p.status != http.StatusSeeOther {
			t.Fatalf("same-origin POST: status %d, message %q", p.status, summary(p.body))
		}
	})
}

func TestPasswordsAreNeverStoredOrLoggedInPlainText(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newTestApp(t, d)
		admin := app.browser()
		admin.login("admin", app.AdminPassword)
		created := "Created-Secret-Pw-7"
		p := admin.post("/system/users", url.Values{"username": {"dora"}, "password": {created}, "business_unit": {idString(app.RootUnit)},
			"roles": {app.roleIDString("Sales Representative")}, "enabled": {"on"}})
		if p.status != http.StatusSeeOther {
			t.Fatalf("create user: %d %q", p.status, summary(p.body))
		}
		id := strings.TrimPrefix(p.resp.Header.Get("Location"), "/system/users/")
		reset := "Reset-Secret-Pw-8"
		if p := admin.post("/system/users/"+id+"/password", url.Values{"password": {reset}}); p.status != http.StatusSeeOther {
			t.Fatalf("reset password: %d %q", p.status, summary(p.body))
		}
		wrong := "Wrong-Secret-Pw-9"
		app.browser().post("/login", url.Values{"username": {"dora"}, "password": {wrong}})
		weak := "Weak-Pw"
		admin.post("/system/users/"+id+"/password", url.Values{"password": {weak}})
		dora := app.browser()
		dora.login("dora", reset)
		token := dora.sessionCookie()

		secrets := []string{app.AdminPassword, created, reset, wrong, weak, token}
		for _, table := range []string{"users", "sessions", "sign_in_attempts", "audit_log"} {
			text := app.TableText(table)
			for _, s := range secrets {
				if strings.Contains(text, s) {
					t.Errorf("table %s holds %q in plain text", table, s)
				}
			}
		}
		if !strings.Contains(app.TableText("users"), "$argon2id$") {
			t.Error("users hold no argon2id hashes: the scan looked at the wrong thing")
		}
		logs := app.logs.String()
		if !strings.Contains(logs, "signed in") || !strings.Contains(logs, "sign-in refused") {
			t.Fatalf("the log capture missed the sign-ins: %q", logs)
		}
		for _, s := range secrets {
			if strings.Contains(logs, s) {
				t.Errorf("the log shows %q", s)
			}
		}
	})
}

func TestDisabledUsersSessionStopsWorking(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newTestApp(t, d)
		rep := app.User("erin", "erin-password-1", "", "")
		eb := app.browser()
		eb.login("erin", "erin-password-1")
		if p := eb.get("/"); p.status != http.StatusOK {
			t.Fatalf("home: %d", p.status)
		}
		admin := app.browser()
		admin.login("admin", app.AdminPassword)
		p := admin.post("/system/users/"+idString(rep.ID), url.Values{"username": {"erin"}, "business_unit": {idString(rep.BusinessUnitID)},
			"roles": {idString(rep.RoleIDs[0])}}) // no "enabled": the box is unticked
		expectRedirect(t, p, "/system/users/"+idString(rep.ID))
		expectRedirect(t, eb.get("/"), "/login?next=%2F")
		again := app.browser().post("/login", url.Values{"username": {"erin"}, "password": {"erin-password-1"}})
		if again.status != http.StatusUnauthorized || summary(again.body) != "The user name or password is incorrect." {
			t.Fatalf("a disabled user signing in: status %d, message %q", again.status, summary(again.body))
		}
		if list := admin.get("/system/users?q=erin"); !strings.Contains(list.body, "Disabled") {
			t.Error("the user list does not show the user as disabled")
		}
	})
}

// sessionSetCookie returns the session cookie a response sets, or nil.
func sessionSetCookie(t *testing.T, resp *http.Response) *http.Cookie {
	t.Helper()
	for _, c := range resp.Cookies() {
		if c.Name == "magecrm_session" && c.Value != "" {
			return c
		}
	}
	return nil
}
