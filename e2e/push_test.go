package e2e

import (
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"magecrm/internal/crm"
	"magecrm/internal/magentosync"
	"magecrm/internal/magesim"
	"magecrm/internal/model"
	"magecrm/internal/push"
)

// TestPushInBrowser creates a customer with a password in the form and sees
// it reach Magento (in sync, with its Magento id and a working Create
// Order link), subscribes it, and sees a conflict listed on the channel
// page after both sides changed its first name.
func TestPushInBrowser(t *testing.T) {
	b := NewBrowser(t)
	srv := StartServer(t)
	ctx := context.Background()
	sim, err := magesim.New(magesim.Options{Customers: 3, OrdersPerCustomer: -1, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	shop := httptest.NewServer(sim.Handler())
	t.Cleanup(shop.Close)
	ch, err := srv.CRM.AddChannel(ctx, crm.ChannelInput{Name: "Shop", Type: string(model.Magento2), BaseURL: shop.URL,
		AdminURL: shop.URL + "/admin", AuthKind: string(model.AuthAdminToken),
		Credentials: model.Credentials{Username: "admin", Password: "magento123"}, Website: "-1",
		SyncStartDate: crm.DefaultSyncStartDate, TwoWay: true, Priority: string(model.RemoteWins), SyncInterval: "60", Enabled: true}, "admin")
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	if _, err := magentosync.NewEngine(srv.CRM.Store, log).Run(ctx, ch.ID, magentosync.RunOptions{Full: true}); err != nil {
		t.Fatal(err)
	}
	pusher := push.New(srv.CRM.Store, log)
	pusher.Poll = 200 * time.Millisecond
	srv.CRM.WakePush = pusher.Wake
	pctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { pusher.Run(pctx); close(done) }()
	t.Cleanup(func() { stop(); <-done })

	b.SignIn(srv.URL, "admin", srv.AdminPassword)
	b.Open(srv.URL + "/customers/new")
	b.choose("channel", strconv.FormatInt(ch.ID, 10))
	b.choose("store", b.eval(`[...document.querySelectorAll('#store option')].find(o => o.textContent == 'Default Store View').value`))
	b.choose("group", b.eval(`[...document.querySelectorAll('#group option')].find(o => o.textContent == 'General').value`))
	b.Do("fill the customer",
		chromedp.SendKeys(chromedp.ID("first_name"), "Paula"),
		chromedp.SendKeys(chromedp.ID("last_name"), "Push"),
		chromedp.SendKeys(chromedp.ID("email"), "paula@example.com"),
		chromedp.SendKeys(chromedp.ID("password"), "Str0ng-pass!"),
		chromedp.SendKeys(byID("address.0.first_name"), "Paula"),
		chromedp.SendKeys(byID("address.0.last_name"), "Push"),
		chromedp.SendKeys(byID("address.0.street1"), "1 Torstraße"),
		chromedp.SendKeys(byID("address.0.city"), "Berlin"),
		chromedp.SendKeys(byID("address.0.postcode"), "10119"),
		chromedp.SendKeys(byID("address.0.telephone"), "030 1234567"))
	b.choose("address.0.country", "DE")
	if status := b.Submit("#save"); status != 200 {
		t.Fatalf("save: status %d, page %q", status, b.Text("main"))
	}
	page := b.Location()
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(20 * time.Second); !ok(); time.Sleep(200 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%s: never; sync %q, page %q", what, b.Text("#sync-badge"), b.Text("main"))
			}
			b.Open(page)
		}
	}
	waitFor("in sync with a Magento id", func() bool { return b.Text("#sync-badge") == "In sync" && b.Text("#magento-id") != "" })
	origin, _ := strconv.Atoi(b.Text("#magento-id"))
	remote, ok := sim.Customer(origin)
	if !ok || remote.Email != "paula@example.com" || remote.PasswordHash == "" || len(remote.Addresses) != 1 {
		t.Fatalf("Magento's customer %d: %+v", origin, remote)
	}
	want := fmt.Sprintf("%s/admin/sales/order_create/start/customer_id/%d/", shop.URL, origin)
	if got := b.eval(`document.getElementById('create-order').href`); got != want {
		t.Fatalf("Create Order opens %q, want %q", got, want)
	}
	if status := b.Open(want); status != 200 {
		t.Fatalf("Create Order link: status %d", status)
	}

	b.Open(page)
	if status := b.Submit("#newsletter-button"); status != 200 {
		t.Fatalf("subscribe: %d", status)
	}
	waitFor("subscribed in Magento", func() bool {
		c, _ := sim.Customer(origin)
		return c.Subscribed && b.Text("#newsletter-badge") == "Newsletter: Subscribed"
	})

	if err := sim.EditCustomer(origin, magesim.CustomerEdit{Firstname: "Paulina"}); err != nil {
		t.Fatal(err)
	}
	b.Open(strings.TrimSuffix(page, "/") + "/edit")
	b.Do("change the first name", chromedp.Clear(chromedp.ID("first_name")), chromedp.SendKeys(chromedp.ID("first_name"), "Pauline"))
	if status := b.Submit("#save"); status != 200 {
		t.Fatalf("edit: status %d", status)
	}
	waitFor("the conflict", func() bool { return strings.Contains(b.Text("#sync-badge"), "Conflict") })
	if h := b.Text("#history"); !strings.Contains(h, "Conflict: First name") || !strings.Contains(h, "Pauline") {
		t.Fatalf("history does not show the value that lost: %q", h)
	}
	b.Open(fmt.Sprintf("%s/channels/%d", srv.URL, ch.ID))
	if list := b.Text("table.conflicts"); !strings.Contains(list, "paula@example.com") {
		t.Fatalf("the channel's conflicts: %q", list)
	}
	if status := b.Submit("table.conflicts button.take-other"); status != 200 {
		t.Fatalf("take the other value: status %d", status)
	}
	waitFor("magecrm's name that lost in Magento", func() bool {
		c, _ := sim.Customer(origin)
		return c.Firstname == "Pauline"
	})
}
