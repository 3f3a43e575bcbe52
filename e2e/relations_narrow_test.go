package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestContactAndAccountFormsAt420Pixels fills the contact and account
// forms in a 420 px window: nothing scrolls sideways, "Add another email"
// adds a slot, a wrong field is named next to it with everything typed
// kept, and the saved pages show what was typed.
func TestContactAndAccountFormsAt420Pixels(t *testing.T) {
	b := NewBrowser(t)
	srv := StartServer(t)
	b.resize(420, 900)
	b.SignIn(srv.URL, "admin", srv.AdminPassword)
	noSideways := func(where string) {
		t.Helper()
		if page, _ := b.sidewaysScroll(); page != "0" {
			t.Errorf("%s at 420 px scrolls sideways by %s px", where, page)
		}
	}

	b.Open(srv.URL + "/contacts/new")
	noSideways("the new contact form")
	b.Do("type a contact", chromedp.SendKeys("#first_name", "Ann"), chromedp.SendKeys("#last_name", "Lee-Hohenzollern-Sigmaringen"),
		chromedp.SendKeys(byID("email.0"), "not an email"))
	if status := b.Submit(`button[name="add"][value="email"]`); status != 200 {
		t.Fatalf("add another email: %d", status)
	}
	b.Do("type the second email", chromedp.SendKeys(byID("email.1"), "ann.lee-hohenzollern@a-rather-long-company-name.example.com"),
		chromedp.Click(`input[name="email_primary"][value="1"]`))
	if status := b.Submit("#save"); status != 422 {
		t.Fatalf("save with a wrong email: %d", status)
	}
	noSideways("the contact form with an error")
	if got := b.Text(`[id="email.0-error"]`); got != "Enter an email address like name@example.com." {
		t.Errorf("the wrong email's message: %q", got)
	}
	if got := b.eval(`document.getElementById("email.1").value + "|" + document.getElementById("first_name").value`); got != "ann.lee-hohenzollern@a-rather-long-company-name.example.com|Ann" {
		t.Errorf("what was typed is not kept: %q", got)
	}
	b.Do("fix the email", chromedp.SetValue(byID("email.0"), "ann@example.com"))
	if status := b.Submit("#save"); status != 200 || !strings.Contains(b.Location(), "/contacts/") {
		t.Fatalf("save: %d at %s", status, b.Location())
	}
	noSideways("the contact's page")
	if got := b.Text("#contact-emails"); !strings.Contains(got, "ann@example.com") || !strings.Contains(got, "(primary)") {
		t.Errorf("the contact's emails: %q", got)
	}

	b.Open(srv.URL + "/accounts/new")
	noSideways("the new account form")
	b.Do("type an account", chromedp.SendKeys("#name", "Hohenzollern-Sigmaringen Trading Company International"),
		chromedp.SendKeys(byID("address.city"), "Austin"), chromedp.SendKeys("#website", "trading.example"))
	if status := b.Submit("#save"); status != 422 {
		t.Fatalf("save without the country: %d", status)
	}
	noSideways("the account form with an error")
	if got := b.Text(`[id="address.country-error"]`); got != "Choose the country." {
		t.Errorf("the address's message: %q", got)
	}
	b.choose("address.country", "US")
	if status := b.Submit("#save"); status != 200 || !strings.Contains(b.Location(), "/accounts/") {
		t.Fatalf("save the account: %d at %s", status, b.Location())
	}
	noSideways("the account's page")
	if got := b.Text("#account-details"); !strings.Contains(got, "https://trading.example") || !strings.Contains(got, "Austin") {
		t.Errorf("the account's details: %q", got)
	}
}
