package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/chromedp/chromedp"

	"magecrm/e2e"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/magesim"
)

// websiteOptions lists the website select's options as "value=label", and
// the chosen one's value.
func websiteOptions(t *testing.T, body string) ([]string, string) {
	t.Helper()
	var out []string
	chosen := ""
	parse(body).Find(`select#website option`).Each(func(_ int, o *goquery.Selection) {
		v, _ := o.Attr("value")
		out = append(out, v+"="+strings.TrimSpace(o.Text()))
		if _, ok := o.Attr("selected"); ok {
			chosen = v
		}
	})
	return out, chosen
}

// TestChannelFormOffersWebsitesByNameAfterCheck: before Check connection
// the website is an id field; after a check that passed it is a choice of
// the store's websites by name (a typed id the store lacks stays offered),
// and what is chosen is saved; the edit form's check does the same.
func TestChannelFormOffersWebsitesByNameAfterCheck(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newChannelApp(t, d)
		admin := app.browser()
		admin.login("admin", app.AdminPassword)
		sim := newSim(t, magesim.Options{Customers: 1})

		if p := admin.get("/channels/new"); parse(p.body).Find(`input#website`).Length() != 1 {
			t.Fatal("the new channel form should ask the website id before a check")
		}
		form := channelForm(sim.URL, app.adminID())
		form.Set("action", "check")
		p := admin.post("/channels", form)
		opts, chosen := websiteOptions(t, p.body)
		want := "-1=All websites|1=Main Website (Default Store View)|2=EU Website (EU English, EU Deutsch)"
		if p.status != http.StatusOK || strings.Join(opts, "|") != want || chosen != "-1" {
			t.Fatalf("after the check: status %d, options %q chosen %q\n%s", p.status, opts, chosen, checkText(p.body))
		}
		form.Set("website", "7")
		if opts, chosen := websiteOptions(t, admin.post("/channels", form).body); chosen != "7" || !strings.Contains(opts[len(opts)-1], "not in this store's list") {
			t.Errorf("a typed id the store lacks: options %q chosen %q", opts, chosen)
		}

		form.Del("action")
		form.Set("website", "2")
		id := created(t, admin.post("/channels", form), "/channels/")
		if n := count(t, app.DB, "SELECT website_id FROM channels WHERE id = "+id); n != 2 {
			t.Fatalf("saved website %d, want 2", n)
		}
		edit := admin.get("/channels/" + id + "/edit")
		if value(edit.body, "website") != "2" {
			t.Fatalf("the edit form before a check shows website %q", value(edit.body, "website"))
		}
		form.Set("action", "check")
		form.Set("password", "")
		opts, chosen = websiteOptions(t, admin.post("/channels/"+id, form).body)
		if chosen != "2" {
			t.Errorf("the edit form's check chose website %q, want 2 (EU Website)", chosen)
		}
		// Once a sync read the websites, the edit form names them at once.
		var website int64
		if err := app.DB.QueryRow(`INSERT INTO magento_websites (channel_id, origin_id, code, name) VALUES ($1, 2, 'eu', 'EU Website')
			RETURNING id`, id).Scan(&website); err != nil {
			t.Fatal(err)
		}
		if _, err := app.DB.Exec(`INSERT INTO magento_stores (channel_id, origin_id, website_id, code, name) VALUES ($1, 3, $2, 'eu_de', 'EU Deutsch')`, id, website); err != nil {
			t.Fatal(err)
		}
		opts, chosen = websiteOptions(t, admin.get("/channels/"+id+"/edit").body)
		if strings.Join(opts, "|") != "-1=All websites|2=EU Website (EU Deutsch)" || chosen != "2" {
			t.Errorf("the edit form after a sync: options %q chosen %q", opts, chosen)
		}
	})
}

// TestChannelWebsiteChosenByNameInBrowser types a new channel as a person
// does, presses Check connection, picks "EU Website" by its name and
// creates the channel: it imports website 2.
func TestChannelWebsiteChosenByNameInBrowser(t *testing.T) {
	b := e2e.NewBrowser(t)
	app := newChannelApp(t, dbtest.SQLiteOnly(t, "a browser test of the channel form; the website choice runs on both databases in TestChannelFormOffersWebsitesByNameAfterCheck"))
	sim := newSim(t, magesim.Options{Customers: 1})
	b.SignIn(app.srv.URL, "admin", app.AdminPassword)
	b.Open(app.srv.URL + "/channels/new")
	b.Do("type the channel",
		chromedp.SendKeys("#name", "EU shop"),
		chromedp.Click("#type-magento2"),
		chromedp.SendKeys("#base_url", sim.URL+"/"),
		chromedp.Click("#auth_kind-admin_token"),
		chromedp.SendKeys("#username", "admin"),
		chromedp.SendKeys("#password", "magento123"))
	if got := b.Text(`label[for="website"]`); got != "Website" || b.Text("select#website") != "" {
		t.Fatalf("before the check the website should be an id field (label %q)", got)
	}
	if status := b.Submit(`button[name="action"][value="check"]`); status != http.StatusOK {
		t.Fatalf("Check connection: %d", status)
	}
	if got := b.Text(".check-result h2"); got != "The connection works" {
		t.Fatalf("check: %q", got)
	}
	label := "EU Website (EU English, EU Deutsch)"
	b.Do("choose the website by name", chromedp.SetValue("select#website", "2"))
	if got := b.Text("select#website option:checked"); got != label {
		t.Fatalf("the chosen website reads %q, want %q", got, label)
	}
	if status := b.Submit(`button[name="action"][value="save"]`); status != http.StatusOK {
		t.Fatalf("Create channel: %d", status)
	}
	if n := count(t, app.DB, "SELECT website_id FROM channels WHERE name = 'EU shop'"); n != 2 {
		t.Fatalf("the channel imports website %d, want 2", n)
	}
}
