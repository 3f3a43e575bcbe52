package e2e

import (
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"magecrm/internal/crm"
	"magecrm/internal/magentosync"
	"magecrm/internal/magesim"
	"magecrm/internal/model"
)

// TestImportedCustomerShowsMagentosDates imports a simulated store and
// opens a customer in the browser: Created and Updated are the times
// Magento gave it, not when magecrm imported it, on the view page and in
// the grid.
func TestImportedCustomerShowsMagentosDates(t *testing.T) {
	b := NewBrowser(t)
	srv := StartServer(t)
	ctx := context.Background()
	sim, err := magesim.New(magesim.Options{Customers: 5, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	shop := httptest.NewServer(sim.Handler())
	t.Cleanup(shop.Close)
	ch, err := srv.CRM.AddChannel(ctx, crm.ChannelInput{Name: "Shop", Type: string(model.Magento2), BaseURL: shop.URL,
		AdminURL: shop.URL + "/admin", AuthKind: string(model.AuthAdminToken),
		Credentials: model.Credentials{Username: "admin", Password: "magento123"}, Website: "-1",
		SyncStartDate: crm.DefaultSyncStartDate, SyncInterval: "60", Enabled: true, Priority: string(model.RemoteWins)}, "admin")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := magentosync.NewEngine(srv.CRM.Store, slog.New(slog.DiscardHandler)).Run(ctx, ch.ID, magentosync.RunOptions{}); err != nil {
		t.Fatal(err)
	}
	remote, ok := sim.Customer(3)
	if !ok {
		t.Fatal("the simulated store has no customer 3")
	}
	created := time.Unix(remote.CreatedAt, 0).UTC()
	updated := time.Unix(remote.UpdatedAt, 0).UTC()
	if time.Since(created) < 24*time.Hour {
		t.Fatalf("the simulated customer was created %s: too recent to tell Magento's time from the import's", created)
	}
	var id int64
	if err := srv.DB.QueryRow("SELECT id FROM magento_customers WHERE origin_id = 3").Scan(&id); err != nil {
		t.Fatal(err)
	}
	b.SignIn(srv.URL, "admin", srv.AdminPassword)
	b.Open(fmt.Sprintf("%s/customers/%d", srv.URL, id))
	if got, want := b.Text("#created-at"), created.Format("2006-01-02 15:04 UTC"); got != want {
		t.Errorf("Created shows %q, Magento says %q", got, want)
	}
	if got, want := b.Text("#updated-at"), updated.Format("2006-01-02 15:04 UTC"); got != want {
		t.Errorf("Updated shows %q, Magento says %q", got, want)
	}
	if got := b.Text("#imported-at"); got[:10] != time.Now().UTC().Format("2006-01-02") {
		t.Errorf("Imported shows %q, want today", got)
	}
	b.Open(fmt.Sprintf("%s/customers?created_from=%s&created_to=%s", srv.URL, created.Format("2006-01-02"), created.Format("2006-01-02")))
	if got := b.Text(fmt.Sprintf(`#customers tr[data-id="%d"] td.c-created`, id)); got != created.Format("2006-01-02") {
		t.Errorf("the grid filtered on Magento's created day shows %q for the customer", got)
	}
}
