package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/store"
	"magecrm/internal/testrig"
)

// A record a sync took with changes is shown on the channel page as a
// warning, not as an error: the error count leaves it out and its row says
// "warning".
func TestChannelPageShowsImportWarningsApartFromErrors(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		app := newTestApp(t, d)
		shop := app.Shop(testrig.ShopSpec{Name: "Shop"})
		run := &store.SyncRun{ChannelID: shop.Channel, Connector: "customers", Kind: store.RunFull, StartedAt: time.Now()}
		if err := app.Store.StartSyncRun(ctx, run); err != nil {
			t.Fatal(err)
		}
		if err := app.Store.AddSyncErrors(ctx, []store.SyncError{
			{RunID: run.ID, ChannelID: shop.Channel, Entity: "customer", RemoteID: "21", Message: `invalid dob "1985-02-30"`},
			{RunID: run.ID, ChannelID: shop.Channel, Entity: "customer", RemoteID: "22", Message: store.ImportWarning + "last name: 1 control character (such as NUL) removed."},
			{RunID: run.ID, ChannelID: shop.Channel, Entity: "customer", RemoteID: "23", Message: store.ImportWarning + "email: bytes that are not UTF-8 replaced."},
		}); err != nil {
			t.Fatal(err)
		}
		admin := app.browser()
		admin.login("admin", app.AdminPassword)
		page := admin.get("/channels/" + idString(shop.Channel))
		if got := page.text(t, "#error-count"); got != "1" {
			t.Errorf("error count %q, want 1 (the two warnings left out)", got)
		}
		if got := page.text(t, "#warning-count"); got != "2 warnings" {
			t.Errorf("warning count %q, want 2 warnings", got)
		}
		rows := page.dom(t).Find("table.errors tbody tr")
		if rows.Length() != 3 {
			t.Fatalf("%d rows of errors and warnings, want 3", rows.Length())
		}
		warnings := page.dom(t).Find("table.errors tbody tr.warning")
		if warnings.Length() != 2 || !strings.HasPrefix(strings.TrimSpace(warnings.Find("td").Last().Text()), "warning Imported with changes") {
			t.Errorf("%d rows marked warning (%q), want customers 22 and 23's", warnings.Length(), warnings.Text())
		}
		if got := strings.TrimSpace(page.dom(t).Find("table.errors tbody tr:not(.warning) td").Last().Text()); !strings.HasPrefix(got, "error invalid dob") {
			t.Errorf("the error's row says %q", got)
		}
	})
}
