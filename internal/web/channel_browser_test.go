package web_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"magecrm/e2e"
	"magecrm/internal/dbtest"
	"magecrm/internal/magentosync"
	"magecrm/internal/magesim"
)

// TestChannelPageFollowsRunInBrowser checks the scripts of the channel
// pages: the form shows only the chosen type's and sign-in's fields, and the channel
// page follows a run started with "Sync now" until it shows it finished,
// without anyone reloading it.
func TestChannelPageFollowsRunInBrowser(t *testing.T) {
	b := e2e.NewBrowser(t)
	app := newChannelApp(t, dbtest.SQLiteOnly(t, "a browser test of the pages' scripts; the channel pages run on both databases in channel_pages_test.go"), func(e *magentosync.Engine) { e.PageSize = 20 })
	sim, err := magesim.New(magesim.Options{Customers: 100})
	if err != nil {
		t.Fatal(err)
	}
	// The run stops before its second page of customers until the page has
	// shown its progress: the test waits for the page, not for a clock.
	progressShown := make(chan struct{})
	showOnce := sync.OnceFunc(func() { close(progressShown) })
	var searches atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/V1/customers/search") && searches.Add(1) > 1 {
			select {
			case <-progressShown:
			case <-r.Context().Done():
				return
			}
		}
		sim.Handler().ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(showOnce)
	ch := app.addChannel("Slow store", srv.URL)
	b.SignIn(app.srv.URL, "admin", app.AdminPassword)

	b.Open(app.srv.URL + "/channels/new")
	// The script hides the fields of other sign-ins with the hidden attribute.
	visible := func(id string) bool {
		return b.Text(`[data-auth-kinds]:not([hidden]) > label[for="`+id+`"]`) != ""
	}
	if !visible("password") || visible("access_token") {
		t.Fatal("with admin sign-in chosen the form should show the password, not the access token")
	}
	b.Do("choose Bearer", chromedp.Click(chromedp.CSS("#auth_kind-bearer")))
	if visible("password") || !visible("access_token") || visible("consumer_key") {
		t.Fatal("with Bearer chosen the form should show the access token only")
	}
	// Choosing the type of store shows that type's fields only.
	shown := func(typ, id string) bool {
		return b.Text(`[data-channel-type="`+typ+`"]:not([hidden]) label[for="`+id+`"]`) != ""
	}
	if !shown("magento2", "access_token") || shown("magento1", "api_key") {
		t.Fatal("with Magento 2 chosen the form should show its sign-in, not the API key")
	}
	b.Do("choose Magento 1", chromedp.Click(chromedp.CSS("#type-magento1")))
	if shown("magento2", "access_token") || !shown("magento1", "api_key") || !shown("magento1", "wsi") {
		t.Fatal("with Magento 1 chosen the form should show the API user, key and WS-I setting only")
	}

	path := app.srv.URL + "/channels/" + idString(ch.ID)
	b.Open(path)
	if status := b.Submit(`form[action$="/sync/now"] button`); status != 200 {
		t.Fatalf("Sync now: status %d", status)
	}
	deadline := time.Now().Add(60 * time.Second)
	for !strings.Contains(b.Text("[data-progress-text]"), " read") {
		if time.Now().After(deadline) {
			t.Fatalf("the page never showed the run's progress; it shows %q", b.Text("[data-progress-text]"))
		}
		time.Sleep(100 * time.Millisecond)
	}
	showOnce()
	for !strings.Contains(b.Text("table.runs tbody"), "finished") {
		if time.Now().After(deadline) {
			t.Fatalf("the page never showed the run finished; progress %q, runs %q", b.Text("[data-progress-text]"), b.Text("table.runs"))
		}
		time.Sleep(100 * time.Millisecond)
	}
	if got := b.Text("[data-progress-text]"); got != "No sync is running." {
		t.Errorf("after the run the progress says %q", got)
	}
}
