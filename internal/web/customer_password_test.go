package web_test

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"magecrm/internal/crm"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/magentosync"
	"magecrm/internal/magesim"
	"magecrm/internal/model"
	"magecrm/internal/push"
)

// TestNewPasswordOfAMagento2Customer: the edit form of a customer Magento 2
// already has offers a new password. One that breaks Magento's rule is
// refused with a message at the field, keeping what else was typed; a good
// one is saved, sent, and the customer signs in to Magento with it. The
// password appears in no page, history entry or log line.
func TestNewPasswordOfAMagento2Customer(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		app := newTestApp(t, d)
		sim, err := magesim.New(magesim.Options{Customers: 2, OrdersPerCustomer: -1})
		if err != nil {
			t.Fatal(err)
		}
		base := serveSim(t, sim)
		ch, err := app.CRM.AddChannel(ctx, crm.ChannelInput{Name: "Shop", BaseURL: base + "/", AuthKind: "admin_token",
			Credentials: model.Credentials{Username: "admin", Password: "magento123"}, Website: "-1",
			SyncStartDate: crm.DefaultSyncStartDate, TwoWay: true, Priority: string(model.RemoteWins), SyncInterval: "60",
			Enabled: true}, "admin")
		if err != nil {
			t.Fatal(err)
		}
		log := slog.New(slog.DiscardHandler)
		if _, err := magentosync.NewEngine(app.CRM.Store, log).Run(ctx, ch.ID, magentosync.RunOptions{Full: true}); err != nil {
			t.Fatal(err)
		}
		remote, _ := sim.Customer(1)
		id := count(t, d, "SELECT id FROM magento_customers WHERE channel_id = $1 AND origin_id = 1", ch.ID)
		path := "/customers/" + idString(int64(id))
		admin := app.browser()
		admin.login("admin", app.AdminPassword)

		edit := admin.get(path + "/edit")
		hint := edit.text(t, "#password-hint")
		if !hasID(edit.body, "password") || hasID(edit.body, "password-note") || !strings.Contains(hint, "Magento's own hash") ||
			!strings.Contains(hint, "2.3.2 or later with PHP's sodium extension") || !strings.Contains(hint, "stays locked until the lock expires") {
			t.Fatalf("the edit form offers no new password:\n%s", summary(edit.body))
		}
		form := editForm(edit)
		form.Set("last_name", "Typed")
		form.Set("password", "alllowercase1")
		refused := admin.post(path, form)
		if refused.status != http.StatusUnprocessableEntity {
			t.Fatalf("a password against Magento's rule: %d", refused.status)
		}
		expectFieldError(t, refused.body, "password", "at least 3 of these 4")
		if value(refused.body, "last_name") != "Typed" || strings.Contains(refused.body, "alllowercase1") {
			t.Errorf("the refused form lost the typed last name (%q) or shows the password", value(refused.body, "last_name"))
		}

		form.Set("password", "Second-Pass-2")
		expectRedirect(t, admin.post(path, form), path)
		w, err := push.New(app.CRM.Store, log).Worker(ch)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		page := admin.get(path)
		if page.text(t, "#sync-badge") != "In sync" {
			t.Errorf("after the send: %q", page.text(t, "#sync-badge"))
		}
		signIn := func(password string) int {
			body := `{"username":"` + remote.Email + `","password":"` + password + `"}`
			resp, err := http.Post(base+"/rest/V1/integration/customer/token", "application/json", strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			return resp.StatusCode
		}
		if s := signIn("Second-Pass-2"); s != http.StatusOK {
			t.Errorf("Magento refuses the new password at sign-in: %d", s)
		}
		if !strings.Contains(page.text(t, "#history"), "(changed)") {
			t.Errorf("the history does not show the password change")
		}
		for where, text := range map[string]string{"the page": page.body, "the edit form": admin.get(path + "/edit").body,
			"the log": app.logs.String()} {
			if strings.Contains(text, "Second-Pass-2") || strings.Contains(text, "alllowercase1") {
				t.Errorf("%s shows the password", where)
			}
		}
	})
}
