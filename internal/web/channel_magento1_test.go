package web_test

import (
	"context"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/magentosync"
	"magecrm/internal/magesim"
)

// magento1Form is a complete, valid form for a Magento 1 channel to a
// store at base, as a browser posts it (the hidden Magento 2 sign-in
// choice included).
func magento1Form(base, owner, key string) url.Values {
	return url.Values{
		"name": {"Old store"}, "type": {"magento1"}, "base_url": {base + "/index.php/"}, "admin_url": {base + "/index.php/admin"},
		"auth_kind": {"admin_token"}, "api_user": {magesim.DefaultSOAPUser}, "api_key": {key}, "website": {"-1"},
		"sync_start_date": {"2000-01-01"}, "priority": {"remote"}, "default_owner": {owner}, "sync_interval": {"15"}, "enabled": {"on"},
	}
}

func TestMagento1ChannelThroughTheForms(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newTestApp(t, d)
		const key = "Api-k3y-of-the-old-store"
		sim, err := magesim.New(magesim.Options{Customers: 12, SOAPKey: key})
		if err != nil {
			t.Fatal(err)
		}
		base := serveSim(t, sim)
		admin := app.browser()
		admin.login("admin", app.AdminPassword)

		// Without JavaScript every field shows, under headings naming its type.
		form := admin.get("/channels/new")
		for _, want := range []string{"<h2>Magento 2 only: signing in</h2>", "<h2>Magento 1 only: SOAP API user</h2>",
			`<label for="type-magento1">Magento 1 / OpenMage</label>`, `id="api_key" name="api_key" type="password"`, "index.php/"} {
			if !strings.Contains(form.body, want) {
				t.Errorf("new channel form lacks %q", want)
			}
		}
		if _, ok := attrOf(form.body, "type-magento2", "checked"); !ok {
			t.Error("Magento 2 is not the type chosen by default")
		}

		bad := magento1Form(base, app.adminID(), key)
		bad.Set("api_user", "")
		bad.Set("base_url", base+"/index.php/api/v2_soap/")
		p := admin.post("/channels", bad)
		if p.status != http.StatusUnprocessableEntity {
			t.Fatalf("bad input: status %d", p.status)
		}
		expectFieldError(t, p.body, "api_user", "SOAP/XML-RPC Users")
		expectFieldError(t, p.body, "base_url", "without /api/v2_soap: magecrm adds /api/v2_soap/ itself")
		if _, ok := attrOf(p.body, "type-magento1", "checked"); !ok || value(p.body, "name") != "Old store" {
			t.Error("the typed type and name were not kept")
		}

		checks := []struct {
			name   string
			change url.Values
			want   []string
		}{
			{"works", url.Values{}, []string{"The connection works", "store views", "customer list readable"}},
			{"wrong key", url.Values{"api_key": {"wrong-key"}}, []string{"The connection does not work yet",
				`Magento refused the API user or key (fault 2 "Access denied.")`, "SOAP/XML-RPC Users"}},
			{"WS-I mismatch", url.Values{"wsi": {"on"}}, []string{"The store answers with WS-I compliance off, but the channel has it on"}},
		}
		for _, c := range checks {
			f := magento1Form(base, app.adminID(), key)
			for k, v := range c.change {
				f[k] = v
			}
			f.Set("action", "check")
			p := admin.post("/channels", f)
			text := html.UnescapeString(checkText(p.body))
			for _, want := range c.want {
				if p.status != http.StatusOK || !strings.Contains(text, want) {
					t.Errorf("check %s: status %d; lacks %q:\n%s", c.name, p.status, want, text)
				}
			}
		}
		// A store whose web server blocks the XML-RPC endpoint works, with a
		// warning saying what to allow.
		blocked := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.Contains(r.URL.Path, "/api/xmlrpc") {
				http.Error(w, "Forbidden", http.StatusForbidden)
				return
			}
			sim.Handler().ServeHTTP(w, r)
		}))
		t.Cleanup(blocked.Close)
		f := magento1Form(blocked.URL, app.adminID(), key)
		f.Set("action", "check")
		p = admin.post("/channels", f)
		warning := p.dom(t).Find(".check-steps li.warning")
		if !strings.Contains(p.body, "The connection works") || warning.Length() != 1 ||
			!strings.Contains(warning.Text(), "HTTP 403") || !strings.Contains(warning.Text(), "Allow POST requests to /api/xmlrpc/") {
			t.Errorf("check with XML-RPC blocked: %d warnings\n%s", warning.Length(), html.UnescapeString(checkText(p.body)))
		}
		if n := count(t, d, "SELECT COUNT(*) FROM channels"); n != 0 {
			t.Fatal("checking or refusing saved a channel")
		}

		p = admin.post("/channels", magento1Form(base, app.adminID(), key))
		if p.status != http.StatusSeeOther {
			t.Fatalf("create: status %d, %q", p.status, summary(p.body))
		}
		path := p.resp.Header.Get("Location")
		show := admin.get(path)
		for _, want := range []string{"<dd>Magento 1 / OpenMage</dd>", "SOAP API user and key as magecrm", "Off (RPC/encoded)"} {
			if !strings.Contains(show.body, want) {
				t.Errorf("channel page lacks %q", want)
			}
		}
		edit := admin.get(path + "/edit")
		if value(edit.body, "api_key") != "" || value(edit.body, "api_user") != magesim.DefaultSOAPUser ||
			!strings.Contains(edit.body, "Stored — leave blank to keep. The API user's key") ||
			strings.Contains(edit.body, `name="type"`) || strings.Contains(edit.body, `name="auth_kind"`) || strings.Contains(edit.body, "Magento 1 only") {
			t.Errorf("edit form of a Magento 1 channel: key %q, user %q\n%s", value(edit.body, "api_key"), value(edit.body, "api_user"), edit.body)
		}
		list := admin.get("/channels")
		if list.dom(t).Find(`td:contains("Magento 1 / OpenMage")`).Length() == 0 {
			t.Error("the list does not show the channel's type")
		}
		for name, body := range map[string]string{"view": show.body, "edit": edit.body, "list": list.body,
			"checked": admin.post(path+"/check", nil).body, "delete": admin.get(path + "/delete").body} {
			if strings.Contains(body, key) {
				t.Errorf("the %s page shows the API key", name)
			}
		}
		if strings.Contains(app.TableText("channels"), key) || strings.Contains(app.logs.String(), key) {
			t.Error("the API key is in the database or the logs in plain text")
		}

		// Saving with the key left blank keeps it; the check from the
		// channel's page uses it.
		keep := magento1Form(base, app.adminID(), "")
		keep.Del("type")
		keep.Set("name", "Renamed store")
		keep.Set("two_way", "on")
		expectRedirect(t, admin.post(path, keep), path)
		checked := admin.post(path+"/check", nil)
		if !strings.Contains(checked.body, "The connection works") || !strings.Contains(checked.body, "customer list readable") {
			t.Fatalf("check after saving with a blank key:\n%s", checkText(checked.body))
		}

		id := int64(count(t, d, "SELECT id FROM channels"))
		engine := magentosync.NewEngine(app.CRM.Store, slog.New(slog.NewTextHandler(io.Discard, nil)))
		sum, err := engine.Run(context.Background(), id, magentosync.RunOptions{Full: true})
		if err != nil || sum.Created != 12 || sum.Failed != 0 {
			t.Fatalf("sync: %+v, %v", sum, err)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM magento_customers WHERE channel_id = $1 AND email <> ''", id); n != 12 {
			t.Fatalf("%d customers imported, want 12", n)
		}
		if page := admin.get(path); !strings.Contains(page.body, `<span class="badge good">finished</span>`) || strings.Join(runStep(t, page, "all customers"), " ") != "12 12 0 0 0 0" {
			t.Errorf("channel page after the sync:\n%s", page.body)
		}
		if tw := admin.get(path).text(t, "#two-way"); !strings.Contains(tw, "sent to Magento within seconds through its SOAP API") ||
			!strings.Contains(tw, "not sent: the newsletter state") {
			t.Errorf("the channel page's two-way sync: %q", tw)
		}
		// Magento 1's API has no newsletter call: the page says so instead
		// of offering the buttons, and the service refuses.
		customer := int64(count(t, d, "SELECT MIN(id) FROM magento_customers WHERE channel_id = $1", id))
		page := admin.get(fmt.Sprintf("/customers/%d", customer))
		if !strings.Contains(page.body, "API has no newsletter call, so magecrm could not send the change") || strings.Contains(page.body, `id="newsletter-form"`) {
			t.Errorf("a Magento 1 customer's page offers the newsletter buttons:\n%s", page.body)
		}
		cpath := fmt.Sprintf("/customers/%d", customer)
		if r := admin.post(cpath+"/newsletter", url.Values{"subscribe": {"1"}}); !strings.Contains(r.body, "no newsletter call") {
			t.Errorf("subscribing a Magento 1 customer: %d\n%s", r.resp.StatusCode, r.body)
		}
		mass := url.Values{"action": {"subscribe"}, "scope": {"all"}, "query": {""}}
		admin.post("/customers/mass/apply", mass)
		if flash := admin.get("/customers").text(t, ".flash"); !strings.Contains(flash, "Changed 0 customers") || !strings.Contains(flash, "no newsletter call") {
			t.Errorf("mass subscribe on Magento 1: %q", flash)
		}
		// Nor can it set the password of a customer it has or mail a reset
		// link: the page and the form say so, and the actions refuse.
		if !hasID(page.body, "password-reset-blocked") || hasID(page.body, "password-reset") || !strings.Contains(page.body, "Forgot your password?") {
			t.Errorf("a Magento 1 customer's page offers a password reset:\n%s", page.body)
		}
		if r := admin.post(cpath+"/password-reset", nil); !strings.Contains(r.body, "cannot send a password reset email") {
			t.Errorf("password reset on Magento 1: %d\n%s", r.resp.StatusCode, r.body)
		}
		cedit := admin.get(cpath + "/edit")
		if hasID(cedit.body, "password") || !strings.Contains(byID(cedit.body, "password-note").Text(), "Magento 1's API cannot set the password") {
			t.Errorf("the edit form of a Magento 1 customer: %q", byID(cedit.body, "password-note").Text())
		}
		if n := count(t, d, "SELECT COUNT(*) FROM magento_customers WHERE channel_id = $1 AND (sync_state <> 0 OR is_subscribed IS NOT NULL)", id); n != 0 {
			t.Errorf("%d customers changed by the refused actions", n)
		}
	})
}
