package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
)

// TestContactFormKeepsWhatWasTypedAndShowsEveryField: a contact with two
// emails, a phone and an address; a wrong second email is named next to
// it with everything typed kept; "Add another email" works without
// JavaScript; the view page, list and search show the fields; the
// history records the change.
func TestContactFormKeepsWhatWasTypedAndShowsEveryField(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newTestApp(t, d)
		admin := app.browser()
		admin.login("admin", app.AdminPassword)
		form := url.Values{"first_name": {"Ann"}, "last_name": {"Lee"}, "job_title": {"Buyer"}, "birthday": {"1985-04-23"},
			"source": {"referral"}, "email_count": {"2"}, "email.0": {"ann@example.com"}, "email.1": {"ann at work"},
			"email_primary": {"1"}, "phone_count": {"1"}, "phone.0": {"+1 512 555 0100"}, "address_count": {"1"},
			"address.0.street": {"1 Main St"}, "address.0.city": {"Austin"}, "address.0.region": {"Texas"},
			"address.0.postcode": {"78701"}, "address.0.country": {"US"}}
		p := admin.post("/contacts", form)
		if p.status != http.StatusUnprocessableEntity {
			t.Fatalf("bad email: status %d", p.status)
		}
		expectFieldError(t, p.body, "email.1", "Enter an email address like name@example.com.")
		for id, want := range map[string]string{"email.0": "ann@example.com", "email.1": "ann at work", "job_title": "Buyer",
			"address.0.city": "Austin", "phone.0": "+1 512 555 0100"} {
			if got := value(p.body, id); got != want {
				t.Errorf("%s shows %q, want %q", id, got, want)
			}
		}
		if selected(p.body, "address.0.country") != "US" || selected(p.body, "source") != "referral" {
			t.Error("the country or source chosen is not kept")
		}
		if v, _ := parse(p.body).Find(`input[name="email_primary"][checked]`).Attr("value"); v != "1" {
			t.Errorf("primary email radio: %q", v)
		}

		form.Set("add", "phone")
		p = admin.post("/contacts", form)
		if p.status != http.StatusOK || !hasID(p.body, "phone.1") || value(p.body, "phone.0") != "+1 512 555 0100" || fieldError(p.body, "email.1") != "" {
			t.Fatalf("add another phone: status %d, phone.1 %v", p.status, hasID(p.body, "phone.1"))
		}
		form.Del("add")
		form.Set("email.1", "ann@work.example")
		id := created(t, admin.post("/contacts", form), "/contacts/")

		shown := admin.get("/contacts/" + id)
		var shownEmails []string
		shown.dom(t).Find("#contact-emails div").Each(func(_ int, s *goquery.Selection) {
			shownEmails = append(shownEmails, strings.Join(strings.Fields(s.Text()), " "))
		})
		if emails := strings.Join(shownEmails, "; "); emails != "ann@example.com; ann@work.example (primary)" {
			t.Errorf("emails shown: %q", emails)
		}
		if got := strings.Join(strings.Fields(shown.text(t, "#contact-addresses")), " "); !strings.Contains(got, "Austin, Texas 78701") {
			t.Errorf("address shown: %q", got)
		}
		if !strings.Contains(shown.text(t, "#contact-details"), "Referral") || !strings.Contains(shown.text(t, "#history"), "Buyer") {
			t.Error("the view page misses the source or the history of the create")
		}

		list := admin.get("/contacts?q=ann@example")
		if got := list.text(t, "#contacts tbody"); !strings.Contains(got, "ann@work.example") || !strings.Contains(got, "Buyer") {
			t.Errorf("search by the second email: %q", got)
		}
		if got := admin.get("/contacts?q=5125550100").text(t, "#contacts tbody"); !strings.Contains(got, "Ann Lee") {
			t.Errorf("search by the phone's digits: %q", got)
		}

		edit := admin.get("/contacts/" + id + "/edit")
		if value(edit.body, "email.1") != "ann@work.example" || value(edit.body, "birthday") != "1985-04-23" {
			t.Fatal("the edit form does not show the saved values")
		}
		form.Set("job_title", "Head buyer")
		expectRedirect(t, admin.post("/contacts/"+id, form), "/contacts/"+id)
		if got := admin.get("/contacts/"+id).text(t, "#history li:first-child"); !strings.Contains(got, "Job title") || !strings.Contains(got, "Head buyer") {
			t.Errorf("history of the change: %q", got)
		}
	})
}

// TestAccountFormParentAddressAndHistory: an account below another, with
// its address and website; a parent below it is refused with the values
// kept.
func TestAccountFormParentAddressAndHistory(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newTestApp(t, d)
		admin := app.browser()
		admin.login("admin", app.AdminPassword)
		group := created(t, admin.post("/accounts", url.Values{"name": {"Acme Group"}, "industry": {"retail"}, "website": {"acme.example"},
			"phone": {"+1 512 555 0199"}, "address.street": {"1 Main St"}, "address.city": {"Austin"}, "address.region": {"Texas"},
			"address.postcode": {"78701"}, "address.country": {"US"}}), "/accounts/")
		shop := created(t, admin.post("/accounts", url.Values{"name": {"Acme Shop"}, "parent": {group}}), "/accounts/")

		page := admin.get("/accounts/" + group)
		if got := page.text(t, "#account-details"); !strings.Contains(got, "Retail and e-commerce") || !strings.Contains(got, "https://acme.example") {
			t.Errorf("account details: %q", got)
		}
		if got := page.text(t, "#account-address"); !strings.Contains(got, "Austin, Texas 78701") {
			t.Errorf("address: %q", got)
		}
		if page.text(t, "#account-below") != "Acme Shop" {
			t.Errorf("accounts below: %q", page.text(t, "#account-below"))
		}
		p := admin.post("/accounts/"+group, url.Values{"name": {"Acme Group Renamed"}, "parent": {shop}, "address.city": {"Austin"}, "address.country": {"US"}})
		if p.status != http.StatusUnprocessableEntity || value(p.body, "name") != "Acme Group Renamed" {
			t.Fatalf("cycle: status %d, name %q", p.status, value(p.body, "name"))
		}
		expectFieldError(t, p.body, "parent", "cannot sit below itself")
		list := admin.get("/accounts?q=austin")
		if got := list.text(t, "#accounts tbody"); !strings.Contains(got, "Acme Group") || !strings.Contains(got, "Retail") {
			t.Errorf("search by city: %q", got)
		}
		if got := admin.get("/accounts/"+shop).text(t, "#history"); !strings.Contains(got, "Parent account") || !strings.Contains(got, "Acme Group") {
			t.Errorf("history of the shop: %q", got)
		}
	})
}
