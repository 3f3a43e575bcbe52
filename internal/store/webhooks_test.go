package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/model"
	"magecrm/internal/store"
	"magecrm/internal/testrig"
)

// The sync's own writes queue their webhook events in their transaction:
// an import batch (created, updated), the reconcile (removed in Magento)
// and a run's end (finished, once).
func TestSyncWritesQueueTheirWebhookEvents(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		rig := testrig.New(t, d, nil)
		st := rig.Store
		shop := rig.Shop(testrig.ShopSpec{Name: "Shop", Website: "Main", Stores: []string{"Default"}, Groups: []string{"General"}})
		now := time.Now().UTC()
		events := []string{model.EventCustomerCreated, model.EventCustomerUpdated, model.EventCustomerRemoved, model.EventSyncRunFinished}
		hook := &model.Webhook{OrganizationID: rig.OrgID, URL: "https://erp.test/in", Events: events, CreatedAt: now, UpdatedAt: now}
		if err := st.CreateWebhook(ctx, hook, "whsec_test"); err != nil {
			t.Fatal(err)
		}
		imp := store.CustomerImport{ChannelID: shop.Channel, OrganizationID: rig.OrgID, OwnerID: rig.Admin.ID, Now: now}
		batch := []store.ImportCustomer{
			{OriginID: 7, StoreID: shop.Stores[0], GroupID: shop.Groups[0], Email: "a@shop.test", Hash: "h1"},
			{OriginID: 8, StoreID: shop.Stores[0], GroupID: shop.Groups[0], Email: "b@shop.test", Hash: "h1"},
		}
		if _, err := st.ImportCustomers(ctx, imp, batch); err != nil {
			t.Fatal(err)
		}
		batch[0].Hash, batch[0].FirstName = "h2", "Ann"
		if _, err := st.ImportCustomers(ctx, imp, batch); err != nil {
			t.Fatal(err)
		}
		if n, err := st.MarkRemovedInMagento(ctx, shop.Channel, []int64{8}, now); err != nil || n != 1 {
			t.Fatalf("marked %d: %v", n, err)
		}
		run := &store.SyncRun{ChannelID: shop.Channel, Connector: "customers", Kind: store.RunIncremental, StartedAt: now}
		if err := st.StartSyncRun(ctx, run); err != nil {
			t.Fatal(err)
		}
		run.Status, run.Created, run.FinishedAt = store.RunFinished, 2, now
		for range 2 { // saved twice, announced once
			if err := st.UpdateSyncRun(ctx, run); err != nil {
				t.Fatal(err)
			}
		}
		dl, err := st.WebhookDeliveries(ctx, hook.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for i := len(dl) - 1; i >= 0; i-- {
			got = append(got, dl[i].Event+" "+dl[i].Payload)
		}
		want := []string{`customer.created {"id":`, `customer.created {"id":`, `customer.updated {"id":`, `customer.removed_in_magento {"id":`, `sync_run.finished {"id":`}
		if len(got) != len(want) {
			t.Fatalf("deliveries:\n%s", strings.Join(got, "\n"))
		}
		for i := range want {
			if !strings.HasPrefix(got[i], want[i]) {
				t.Errorf("delivery %d: %s, want %s…", i, got[i], want[i])
			}
		}
		if !strings.Contains(got[3], `"magento_id":8`) || !strings.Contains(got[2], `"magento_id":7`) || !strings.Contains(got[4], `"created":2`) {
			t.Errorf("payloads:\n%s", strings.Join(got, "\n"))
		}
	})
}
