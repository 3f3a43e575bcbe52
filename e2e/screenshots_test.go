package e2e

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"magecrm/internal/crm"
	"magecrm/internal/magentosync"
	"magecrm/internal/magesim"
	"magecrm/internal/model"
)

// TestScreenshots imports a simulated store of 300 customers and saves
// screenshots of the dashboard, the customers grid, a customer's page, a
// channel's page, a contact's page and the channel form after Check
// connection at 1,400 px into the folder MAGECRM_SCREENSHOTS names (scripts/screenshots
// sets it to docs/screenshots). Without it the test does nothing: it makes
// pictures for the README, it checks nothing the other tests do not.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("MAGECRM_SCREENSHOTS")
	if dir == "" {
		t.Skip("MAGECRM_SCREENSHOTS is not set: no screenshots wanted")
	}
	b := NewBrowser(t)
	srv := StartServer(t)
	ctx := context.Background()
	sim, err := magesim.New(magesim.Options{Customers: 300, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	shop := httptest.NewServer(sim.Handler())
	t.Cleanup(shop.Close)
	ch, err := srv.CRM.AddChannel(ctx, crm.ChannelInput{Name: "Demo store", Type: string(model.Magento2), BaseURL: shop.URL,
		AdminURL: shop.URL + "/admin", AuthKind: string(model.AuthAdminToken),
		Credentials: model.Credentials{Username: "admin", Password: "magento123"}, Website: "-1",
		SyncStartDate: crm.DefaultSyncStartDate, TwoWay: true, SyncInterval: "60", Enabled: true, Priority: string(model.RemoteWins)}, "admin")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := magentosync.NewEngine(srv.CRM.Store, slog.New(slog.DiscardHandler)).Run(ctx, ch.ID, magentosync.RunOptions{}); err != nil {
		t.Fatal(err)
	}
	b.resize(1400, 900)
	b.SignIn(srv.URL, "admin", srv.AdminPassword)
	var id string
	if err := srv.DB.QueryRow("SELECT CAST(id AS TEXT) FROM magento_customers WHERE origin_id = 7").Scan(&id); err != nil {
		t.Fatal(err)
	}
	contact := addScreenshotContact(t, srv)
	save := func(name, what string) {
		png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot of %s: %v", what, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, shot := range []struct{ name, path string }{
		{"customer.png", "/customers/" + id},
		{"dashboard.png", "/"},
		{"customers-grid.png", "/customers?country=US&sort=lifetime&dir=desc"},
		{"channel.png", "/channels/" + strconv.FormatInt(ch.ID, 10)},
		{"contact.png", "/contacts/" + strconv.FormatInt(contact, 10)},
	} {
		b.Open(srv.URL + shot.path)
		save(shot.name, shot.path)
	}
	// The channel form after Check connection offers the store's websites by name.
	b.Open(srv.URL + "/channels/" + strconv.FormatInt(ch.ID, 10) + "/edit")
	if status := b.Submit(`button[name="action"][value="check"]`); status != 200 {
		t.Fatalf("Check connection: %d", status)
	}
	b.Do("choose a website by name", chromedp.SetValue("select#website", "2"))
	save("channel-check.png", "the channel form after Check connection")
}

// addScreenshotContact adds an account with one below it and a contact of
// the upper one, changed once, for the contact's picture; it returns the
// contact's id.
func addScreenshotContact(t *testing.T, srv *Server) int64 {
	t.Helper()
	ctx := context.Background()
	token, err := srv.CRM.Login(ctx, crm.SignIn{Username: "admin", Password: srv.AdminPassword})
	if err != nil {
		t.Fatal(err)
	}
	sess, err := srv.CRM.Authenticate(ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	group, err := srv.CRM.SaveAccount(ctx, sess, 0, crm.AccountInput{Name: "Lone Star Outfitters", Industry: "retail",
		Website: "lonestar-outfitters.example", Phone: "+1 512 555 0142", Address: model.PostalAddress{Street: "401 Congress Ave",
			City: "Austin", Region: "Texas", PostCode: "78701", Country: "US"}})
	if err != nil {
		t.Fatal(err)
	}
	in := crm.ContactInput{FirstName: "Ann", LastName: "Lee", JobTitle: "Buyer", Birthday: "1985-04-23", Source: "event",
		Emails: []model.ContactMethod{{Value: "ann.lee@lonestar-outfitters.example", Primary: true}, {Value: "ann.lee@example.com"}},
		Phones: []model.ContactMethod{{Value: "+1 512 555 0143", Primary: true}, {Value: "+1 512 555 0199"}},
		Addresses: []model.ContactAddress{{PostalAddress: model.PostalAddress{Street: "401 Congress Ave\nSuite 1540", City: "Austin",
			Region: "Texas", PostCode: "78701", Country: "US"}}}, AccountID: group.ID}
	c, err := srv.CRM.SaveContact(ctx, sess, 0, in)
	if err != nil {
		t.Fatal(err)
	}
	in.JobTitle = "Head of buying"
	if _, err := srv.CRM.SaveContact(ctx, sess, c.ID, in); err != nil {
		t.Fatal(err)
	}
	return c.ID
}
