package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"magecrm/e2e"
	"magecrm/internal/crm"
	"magecrm/internal/dbtest"
)

// TestAccountParentPickerOffersNoAccountBelowInBrowser searches the parent
// picker of an account's form in Chromium: the search leaves out the
// account and those below it, which could not become its parent.
func TestAccountParentPickerOffersNoAccountBelowInBrowser(t *testing.T) {
	b := e2e.NewBrowser(t)
	app := newTestApp(t, dbtest.SQLiteOnly(t, "the picker's script is what this test checks; the option lists run the same query on both databases"))
	ctx, admin := context.Background(), app.SignIn("admin", app.AdminPassword)
	save := func(name string, parent int64) int64 {
		a, err := app.CRM.SaveAccount(ctx, admin, 0, crm.AccountInput{Name: name, ParentID: parent})
		if err != nil {
			t.Fatal(err)
		}
		return a.ID
	}
	group := save("Acme Group", 0)
	shop := save("Acme Shop", group)
	save("Acme Outlet", shop)
	save("Acme Other", 0)
	save("Zeta Corp", 0)

	b.SignIn(app.srv.URL, "admin", app.AdminPassword)
	b.Open(app.srv.URL + "/accounts/" + idString(shop) + "/edit")
	if got := b.Text("#parent"); strings.Contains(got, "Acme Shop") || strings.Contains(got, "Acme Outlet") || !strings.Contains(got, "Zeta Corp") {
		t.Fatalf("the shop's parent choices before a search: %q", got)
	}
	b.Do("search parents for “Acme O”",
		chromedp.SendKeys(chromedp.CSS(`input[data-picker="parent"]`), "Acme O"),
		chromedp.Poll[chromedp.Void](`![...document.querySelectorAll("#parent option")].some(o => o.textContent === "Zeta Corp")`))
	if got := b.Text("#parent"); !strings.Contains(got, "Acme Other") || strings.Contains(got, "Acme Outlet") || !strings.Contains(got, "Acme Group") {
		t.Errorf("the shop's parent choices after searching “Acme O”: %q; want Acme Other and the current parent, not the outlet below the shop", got)
	}
}
