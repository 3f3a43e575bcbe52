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
// screenshots of the dashboard, the customers grid and a customer's page
// at 1,400 px into the folder MAGECRM_SCREENSHOTS names (scripts/screenshots
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
	for _, shot := range []struct{ name, path string }{
		{"customer.png", "/customers/" + id},
		{"dashboard.png", "/"},
		{"customers-grid.png", "/customers?country=US&sort=lifetime&dir=desc"},
		{"channel.png", "/channels/" + strconv.FormatInt(ch.ID, 10)},
	} {
		b.Open(srv.URL + shot.path)
		png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot of %s: %v", shot.path, err)
		}
		if err := os.WriteFile(filepath.Join(dir, shot.name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
