package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
)

// TestCustomerPageHidesContactAndAccountOutOfScope: a Sales Representative
// sees their own customer's page, but not the name or a link of a contact
// or account only the administrator may view — and saving the customer
// keeps those links.
func TestCustomerPageHidesContactAndAccountOutOfScope(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		s := newCustomerShop(t, d)
		admin := s.admin()
		acct := created(t, admin.post("/accounts", url.Values{"name": {"Zebra Holdings"}}), "/accounts/")
		contact := created(t, admin.post("/contacts", url.Values{"first_name": {"Quentin"}, "last_name": {"Quill"}, "account": {acct}}), "/contacts/")
		customerPath := fmt.Sprintf("/customers/%d", s.repCustomer)
		edit := admin.get(customerPath + "/edit")
		p := admin.post(customerPath, url.Values{"store": {idString(s.storeA)}, "group": {idString(s.general)}, "first_name": {"Rhea"},
			"last_name": {"Adler"}, "email": {"rhea@example.com"}, "contact": {contact}, "account": {acct},
			"row_version": {value(edit.body, "row_version")}})
		expectRedirect(t, p, customerPath)

		shown := admin.get(customerPath).dom(t)
		if shown.Find(`a[href="/contacts/`+contact+`"]`).Text() != "Quentin Quill" || shown.Find(`a[href="/accounts/`+acct+`"]`).Text() != "Zebra Holdings" {
			t.Fatal("the administrator does not see the linked contact and account")
		}

		rep := s.repBrowser("rita")
		for _, path := range []string{customerPath, customerPath + "/edit", "/customers", "/contacts", "/accounts"} {
			page := rep.get(path)
			if page.status != http.StatusOK {
				t.Fatalf("%s: status %d", path, page.status)
			}
			doc := page.dom(t)
			if n := doc.Find(`a[href^="/contacts/` + contact + `"], a[href^="/accounts/` + acct + `"]`).Length(); n != 0 {
				t.Errorf("%s links the contact or account out of scope (%d links)", path, n)
			}
			if text := doc.Find("main").Text(); strings.Contains(text, "Quentin") || strings.Contains(text, "Quill") || strings.Contains(text, "Zebra") {
				t.Errorf("%s names the contact or account out of scope", path)
			}
		}
		if got := rep.get(customerPath).text(t, "dd:contains('A contact you may not view')"); got == "" {
			t.Error("the customer page does not say a contact is linked")
		}

		// The rep saves their customer: the hidden links are kept, unnamed.
		edit = rep.get(customerPath + "/edit")
		if selected(edit.body, "contact") != contact || selected(edit.body, "account") != acct {
			t.Fatalf("edit form chooses contact %q and account %q", selected(edit.body, "contact"), selected(edit.body, "account"))
		}
		p = rep.post(customerPath, url.Values{"store": {idString(s.storeA)}, "group": {idString(s.general)}, "first_name": {"Rhea"},
			"last_name": {"Adler-Berg"}, "email": {"rhea@example.com"}, "contact": {selected(edit.body, "contact")},
			"account": {selected(edit.body, "account")}, "row_version": {value(edit.body, "row_version")}})
		expectRedirect(t, p, customerPath)
		shown = admin.get(customerPath).dom(t)
		if shown.Find(`a[href="/contacts/`+contact+`"]`).Length() != 1 || shown.Find(`a[href="/accounts/`+acct+`"]`).Length() != 1 {
			t.Fatal("the rep's save dropped the links they may not view")
		}
	})
}

// created returns the id a create form redirected to, below prefix.
func created(t *testing.T, p page, prefix string) string {
	t.Helper()
	loc := p.resp.Header.Get("Location")
	if p.status != http.StatusSeeOther || !strings.HasPrefix(loc, prefix) {
		t.Fatalf("create: status %d to %q, message %q", p.status, loc, summary(p.body))
	}
	return strings.TrimPrefix(loc, prefix)
}
