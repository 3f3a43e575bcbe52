package web_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"magecrm/internal/crm"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/magentosync"
	"magecrm/internal/magesim"
	"magecrm/internal/model"
	"magecrm/internal/testrig"
	"magecrm/internal/web"
)

// newChannelApp is newTestApp with the sync engine behind "Sync now",
// set up by tune before it starts.
func newChannelApp(t *testing.T, d *db.DB, tune ...func(*magentosync.Engine)) *testApp {
	t.Helper()
	logs := &logBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	rig := testrig.New(t, d, log)
	svc := rig.CRM
	w, err := web.New(svc, log)
	if err != nil {
		t.Fatal(err)
	}
	w.Sync = magentosync.NewEngine(rig.Store, log)
	for _, f := range tune {
		f(w.Sync)
	}
	ctx, cancel := context.WithCancel(context.Background())
	w.Sync.Start(ctx)
	// The scheduler looks at the channels once as it starts, then serves
	// requests in order: once a request for a channel that does not exist
	// has failed, that first look is over, and a channel a test adds now is
	// not synced before the test asks (or the next tick).
	w.Sync.RequestRun(0, magentosync.RunOptions{})
	for deadline := time.Now().Add(30 * time.Second); !strings.Contains(logs.String(), "channel=0"); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the scheduler did not start:\n%s", logs)
		}
	}
	srv := httptest.NewServer(w.Handler())
	t.Cleanup(func() { srv.Close(); cancel() })
	return &testApp{Rig: rig, t: t, srv: srv, logs: logs}
}

// newSim serves a simulated store over real HTTP.
func newSim(t *testing.T, opts magesim.Options) *httptest.Server {
	t.Helper()
	sim, err := magesim.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sim.Handler())
	t.Cleanup(srv.Close)
	return srv
}

// serveSim serves sim over real HTTP and returns its base URL.
func serveSim(t *testing.T, sim *magesim.Sim) string {
	t.Helper()
	srv := httptest.NewServer(sim.Handler())
	t.Cleanup(srv.Close)
	return srv.URL
}

// channelForm is a complete, valid channel form for a store at base,
// owned by the user with id owner.
func channelForm(base, owner string) url.Values {
	return url.Values{
		"name": {"Main store"}, "base_url": {base + "/"}, "admin_url": {base + "/admin"}, "auth_kind": {"admin_token"},
		"username": {"admin"}, "password": {"magento123"}, "website": {"-1"}, "sync_start_date": {"2000-01-01"},
		"two_way": {"on"}, "priority": {"remote"}, "default_owner": {owner}, "sync_interval": {"15"}, "enabled": {"on"},
	}
}

// adminID returns the id of the user "admin".
func (a *testApp) adminID() string {
	a.t.Helper()
	return idString(int64(count(a.t, a.DB, "SELECT id FROM users WHERE username = 'admin'")))
}

func TestChannelCreateKeepsTypedValuesAndNeverShowsSecrets(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newChannelApp(t, d)
		sim := newSim(t, magesim.Options{Customers: 2, AdminPassword: "Sup3r-secret-pw"})
		admin := app.browser()
		admin.login("admin", app.AdminPassword)

		form := admin.get("/channels/new")
		if form.status != http.StatusOK || value(form.body, "sync_interval") != "15" || value(form.body, "website") != "-1" ||
			selected(form.body, "default_owner") != app.adminID() {
			t.Fatalf("new channel form: status %d, defaults interval %q website %q owner %q", form.status,
				value(form.body, "sync_interval"), value(form.body, "website"), selected(form.body, "default_owner"))
		}

		bad := channelForm(sim.URL, app.adminID())
		bad.Set("password", "Sup3r-secret-pw")
		bad.Set("base_url", "shop.example.com/rest")
		bad.Set("sync_interval", "0")
		p := admin.post("/channels", bad)
		if p.status != http.StatusUnprocessableEntity {
			t.Fatalf("bad input: status %d", p.status)
		}
		expectFieldError(t, p.body, "base_url", "starting with https://")
		expectFieldError(t, p.body, "sync_interval", "from 1 to 1440")
		if value(p.body, "base_url") != "shop.example.com/rest" || value(p.body, "name") != "Main store" || value(p.body, "username") != "admin" {
			t.Errorf("typed values not kept: url %q name %q user %q", value(p.body, "base_url"), value(p.body, "name"), value(p.body, "username"))
		}
		if _, ok := attrOf(p.body, "two_way", "checked"); !ok {
			t.Error("two-way sync was unticked")
		}
		if n := count(t, d, "SELECT COUNT(*) FROM channels"); n != 0 {
			t.Fatalf("a channel was saved from bad input")
		}

		good := channelForm(sim.URL, app.adminID())
		good.Set("password", "Sup3r-secret-pw")
		p = admin.post("/channels", good)
		if p.status != http.StatusSeeOther {
			t.Fatalf("create: status %d, message %q", p.status, summary(p.body))
		}
		path := p.resp.Header.Get("Location")
		show := admin.get(path)
		if !strings.Contains(show.body, "Channel Main store was created.") || !strings.Contains(show.body, "Admin user and password (token) as admin") {
			t.Errorf("channel page after create: %s", show.body)
		}
		edit := admin.get(path + "/edit")
		if value(edit.body, "password") != "" || !strings.Contains(edit.body, "Stored — leave blank to keep.") {
			t.Errorf("edit form: password value %q", value(edit.body, "password"))
		}
		list := admin.get("/channels")
		if !strings.Contains(list.body, `<a href="`+path+`">Main store</a>`) || !strings.Contains(list.body, "never synced") {
			t.Errorf("list: %s", list.body)
		}
		for name, body := range map[string]string{"view": show.body, "edit": edit.body, "list": list.body,
			"checked": admin.post(path+"/check", nil).body, "delete": admin.get(path + "/delete").body} {
			if strings.Contains(body, "Sup3r-secret-pw") {
				t.Errorf("the %s page shows the stored password", name)
			}
		}
		if strings.Contains(app.TableText("channels"), "Sup3r-secret-pw") || strings.Contains(app.logs.String(), "Sup3r-secret-pw") {
			t.Error("the password is in the database or the logs in plain text")
		}

		// Saving with the password left blank keeps it.
		keep := channelForm(sim.URL, app.adminID())
		keep.Set("password", "")
		keep.Set("name", "Renamed store")
		expectRedirect(t, admin.post(path, keep), path)
		checked := admin.post(path+"/check", nil)
		if !strings.Contains(checked.body, "The connection works") || !strings.Contains(checked.body, "2 customers") {
			t.Fatalf("check after saving with a blank password: %s", summary(checked.body)+checked.body)
		}
	})
}

// closedURL is an address where nothing listens.
func closedURL(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr
}

func TestChannelCheckConnectionSaysWhatToFix(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newChannelApp(t, d)
		admin := app.browser()
		admin.login("admin", app.AdminPassword)
		plain := newSim(t, magesim.Options{Customers: 1})
		twoFactor := newSim(t, magesim.Options{Customers: 1, TwoFactor: true})
		notMagento := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "<html>Welcome to nginx</html>", http.StatusNotFound)
		}))
		t.Cleanup(notMagento.Close)

		cases := []struct {
			name   string
			change url.Values
			want   string
		}{
			{"works", url.Values{}, "1 customers"},
			{"nothing at the URL", url.Values{"base_url": {closedURL(t) + "/"}}, "Nothing answers at"},
			{"not Magento", url.Values{"base_url": {notMagento.URL + "/"}}, "not as Magento&#39;s REST API"},
			{"bad credentials", url.Values{"password": {"wrong-password"}}, "Magento refused the admin user name or password"},
			{"two-factor", url.Values{"base_url": {twoFactor.URL + "/"}}, "two-factor authentication"},
			{"Bearer not enabled", url.Values{"auth_kind": {"bearer"}, "access_token": {magesim.DefaultAccessToken}}, "standalone Bearer tokens"},
			{"OAuth works", url.Values{"auth_kind": {"oauth"}, "access_token": {magesim.DefaultAccessToken},
				"consumer_key": {magesim.DefaultConsumerKey}, "consumer_secret": {magesim.DefaultConsumerSecret},
				"access_token_secret": {magesim.DefaultAccessTokenSecret}}, "The connection works"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				form := channelForm(plain.URL, app.adminID())
				for k, v := range c.change {
					form[k] = v
				}
				form.Set("action", "check")
				p := admin.post("/channels", form)
				if p.status != http.StatusOK || !strings.Contains(p.body, c.want) {
					t.Fatalf("status %d; page lacks %q:\n%s", p.status, c.want, checkText(p.body))
				}
				if n := count(t, app.DB, "SELECT COUNT(*) FROM channels"); n != 0 {
					t.Fatal("checking saved the channel")
				}
				// The secrets typed with a check that passed stay in the form,
				// to save next; after a failed one they are never sent back.
				passed := strings.Contains(p.body, "The connection works")
				if pw := form.Get("password"); form.Get("auth_kind") == "admin_token" && (value(p.body, "password") == pw) != passed {
					t.Errorf("check passed %v, typed password kept %v", passed, value(p.body, "password") == pw)
				}
			})
		}

		// The same check on a saved channel, from its page.
		form := channelForm(plain.URL, app.adminID())
		form.Set("password", "wrong-password")
		p := admin.post("/channels", form)
		if p.status != http.StatusSeeOther {
			t.Fatalf("create: %d %q", p.status, summary(p.body))
		}
		page := admin.post(p.resp.Header.Get("Location")+"/check", nil)
		if !strings.Contains(page.body, "The connection does not work") || !strings.Contains(page.body, "Magento refused the admin user name or password") {
			t.Fatalf("saved channel check:\n%s", checkText(page.body))
		}
	})
}

// checkText returns the connection check's part of a page.
func checkText(body string) string {
	if i := strings.Index(body, `<section class="check-result`); i >= 0 {
		if j := strings.Index(body[i:], "</section>"); j >= 0 {
			return body[i : i+j]
		}
	}
	return summary(body) + " (no check result on the page)"
}

// addChannel creates a channel to base through the service, as admin.
func (a *testApp) addChannel(name, base string) *model.Channel {
	a.t.Helper()
	ch, err := a.CRM.AddChannel(context.Background(), crm.ChannelInput{Name: name, BaseURL: base + "/", AuthKind: "admin_token",
		Credentials: model.Credentials{Username: "admin", Password: "magento123"}, Website: "-1", SyncStartDate: "2000-01-01",
		Priority: "remote", SyncInterval: "60", Enabled: true}, "admin")
	if err != nil {
		a.t.Fatalf("add channel: %v", err)
	}
	return ch
}

func TestChannelSyncNowProgressAndDelete(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		// No scheduled run or poll: the fresh channel syncs only when asked.
		app := newChannelApp(t, d, func(e *magentosync.Engine) { e.PollEvery = time.Hour })
		sim := newSim(t, magesim.Options{Customers: 40})
		ch := app.addChannel("Store", sim.URL)
		path := "/channels/" + idString(ch.ID)
		admin := app.browser()
		admin.login("admin", app.AdminPassword)

		show := admin.get(path)
		if !strings.Contains(show.body, "No sync is running.") || !strings.Contains(show.body, "has not synced yet") {
			t.Fatalf("fresh channel page: %s", show.body)
		}
		expectRedirect(t, admin.post(path+"/sync/full", nil), path)
		if page := admin.get(path); !strings.Contains(page.body, "Full re-import started") {
			t.Error("no message after starting the sync")
		}
		deadline := time.Now().Add(30 * time.Second)
		for {
			var runs int
			if runs = count(t, d, "SELECT COUNT(*) FROM sync_runs WHERE channel_id = $1 AND status = 'finished'", ch.ID); runs > 0 {
				break
			}
			p := admin.get(path + "/progress")
			var progress struct {
				Running bool   `json:"running"`
				Text    string `json:"text"`
			}
			if err := json.Unmarshal([]byte(p.body), &progress); err != nil || p.resp.Header.Get("Content-Type") != "application/json" {
				t.Fatalf("progress answer %q: %v", p.body, err)
			}
			if time.Now().After(deadline) {
				t.Fatalf("the sync did not finish; last progress %+v", progress)
			}
			time.Sleep(50 * time.Millisecond)
		}
		show = admin.get(path)
		if show.dom(t).Find(`span.badge.good:contains("finished")`).Length() == 0 || strings.Join(runStep(t, show, "all customers"), " ") != "40 40 0 0 0 0" {
			t.Fatalf("channel page after the sync:\n%s", show.body)
		}
		polling, reconcile := show.dom(t).Find("#polling").Text(), show.dom(t).Find("#reconcile").Text()
		if !strings.Contains(polling, "every 1 hour while enabled") || !strings.Contains(polling, "last asked "+time.Now().UTC().Format("2006-01-02")) {
			t.Errorf("the page says of polling %q; want the engine's interval (an hour here) and when it last asked (the sync asked)", polling)
		}
		if !strings.Contains(reconcile, "every night after 03:00 UTC") {
			t.Errorf("the page says of reconciliation %q; want every night", reconcile)
		}
		if list := admin.get("/channels"); list.dom(t).Find(`span.badge.good:contains("finished")`).Length() == 0 {
			t.Error("the list does not show the finished run")
		}

		// Disabled, the channel refuses to sync.
		expectRedirect(t, admin.post(path+"/enabled", nil), path)
		if p := admin.post(path+"/sync/now", nil); p.status != http.StatusConflict || !strings.Contains(summary(p.body), "Enable it first") {
			t.Errorf("sync of a disabled channel: %d %q", p.status, summary(p.body))
		}
		expectRedirect(t, admin.post(path+"/enabled", url.Values{"enabled": {"on"}}), path)
		if p := admin.post(path+"/sync/sideways", nil); p.status != http.StatusNotFound {
			t.Errorf("unknown sync kind: %d", p.status)
		}

		customers := count(t, d, "SELECT COUNT(*) FROM magento_customers WHERE channel_id = $1", ch.ID)
		addresses := count(t, d, "SELECT COUNT(*) FROM magento_addresses a JOIN magento_customers c ON c.id = a.customer_id WHERE c.channel_id = $1", ch.ID)
		orders := count(t, d, "SELECT COUNT(*) FROM magento_orders WHERE channel_id = $1", ch.ID)
		if customers != 40 || addresses == 0 || orders == 0 {
			t.Fatalf("after the sync: %d customers, %d addresses, %d orders", customers, addresses, orders)
		}
		confirm := admin.get(path + "/delete")
		for _, want := range []string{"<strong>40</strong> Magento customers", "<strong>" + idString(int64(addresses)) + "</strong> addresses",
			"<strong>" + idString(int64(orders)) + "</strong> orders", "<strong>1</strong> sync runs", "Nothing is deleted in Magento"} {
			if !strings.Contains(confirm.body, want) {
				t.Errorf("confirmation lacks %q", want)
			}
		}
		expectRedirect(t, admin.post(path+"/delete", nil), "/channels")
		if n := count(t, d, "SELECT COUNT(*) FROM magento_customers"); n != 0 {
			t.Errorf("%d customers left after deleting the channel", n)
		}
		if p := admin.get(path); p.status != http.StatusNotFound {
			t.Errorf("deleted channel page: %d", p.status)
		}
	})
}

func TestChannelPagesRefuseSalesRepresentative(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newChannelApp(t, d)
		sim := newSim(t, magesim.Options{})
		ch := app.addChannel("Store", sim.URL)
		path := "/channels/" + idString(ch.ID)
		app.User("kim", "kim-password-1", "Sales Representative", "")
		app.User("max", "max-password-1", "Sales Manager", "")
		rep := app.browser()
		rep.login("kim", "kim-password-1")
		for _, p := range []string{"/channels", "/channels/new"} {
			if got := rep.get(p); got.status != http.StatusForbidden {
				t.Errorf("GET %s: %d, want 403", p, got.status)
			}
		}
		if got := rep.post("/channels", channelForm(sim.URL, "1")); got.status != http.StatusForbidden {
			t.Errorf("POST /channels: %d, want 403", got.status)
		}
		for _, p := range []string{path, path + "/edit", path + "/delete", path + "/progress"} {
			if got := rep.get(p); got.status != http.StatusNotFound {
				t.Errorf("GET %s: %d, want 404 (not shared)", p, got.status)
			}
		}
		for _, p := range []string{path, path + "/check", path + "/enabled", path + "/delete", path + "/sync/now"} {
			if got := rep.post(p, nil); got.status != http.StatusNotFound {
				t.Errorf("POST %s: %d, want 404", p, got.status)
			}
		}
		if strings.Contains(rep.get("/").body, "/channels") {
			t.Error("the representative's menu shows Channels")
		}

		// A manager views but does not change.
		mgr := app.browser()
		mgr.login("max", "max-password-1")
		if got := mgr.get(path); got.status != http.StatusOK || strings.Contains(got.body, "/sync/now") || strings.Contains(got.body, path+"/edit") {
			t.Errorf("manager's view: %d, shows actions they cannot take", got.status)
		}
		for _, p := range []string{path + "/edit", path + "/delete"} {
			if got := mgr.get(p); got.status != http.StatusForbidden {
				t.Errorf("manager GET %s: %d, want 403", p, got.status)
			}
		}
		if strings.Contains(mgr.get(path).body, path+"/check") {
			t.Error("the manager's view offers Check connection")
		}
		for _, p := range []string{path + "/enabled", path + "/delete", path + "/sync/now", path + "/check"} {
			if got := mgr.post(p, nil); got.status != http.StatusForbidden {
				t.Errorf("manager POST %s: %d, want 403", p, got.status)
			}
		}
		if n := count(t, app.DB, "SELECT COUNT(*) FROM channels WHERE enabled"); n != 1 {
			t.Error("the manager changed the channel")
		}
	})
}
