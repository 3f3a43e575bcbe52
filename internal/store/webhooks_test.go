package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"magecrm/internal/acl"
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
		if err := st.CreateWebhook(ctx, hook, "whsec_test", store.SecretReveal{}); err != nil {
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

// A send that finds the customer gone from Magento announces
// customer.removed_in_magento (once, however often it is found gone);
// linking to a Magento customer and creating it again announce
// customer.updated; and runs a dead process left "running" announce
// sync_run.finished as interrupted when the next run closes them.
func TestSendsAndInterruptedRunsQueueTheirWebhookEvents(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		rig := testrig.New(t, d, nil)
		st := rig.Store
		shop := rig.Shop(testrig.ShopSpec{Name: "Shop", TwoWay: true, Website: "Main", Stores: []string{"Default"}, Groups: []string{"General"}})
		gone := rig.Customer(shop, testrig.CustomerSpec{Store: shop.Stores[0], Group: shop.Groups[0], Owner: rig.Admin.ID, OriginID: 7, Email: "gone@shop.test"})
		refused := rig.Customer(shop, testrig.CustomerSpec{Store: shop.Stores[0], Group: shop.Groups[0], Owner: rig.Admin.ID, Email: "taken@shop.test"})
		now := time.Now().UTC()
		events := []string{model.EventCustomerUpdated, model.EventCustomerRemoved, model.EventSyncRunFinished}
		hook := &model.Webhook{OrganizationID: rig.OrgID, URL: "https://erp.test/in", Events: events, CreatedAt: now, UpdatedAt: now}
		if err := st.CreateWebhook(ctx, hook, "whsec_test", store.SecretReveal{}); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if err := st.Tx(ctx, func(tx *sql.Tx) error {
				return st.RecordPushFailure(ctx, tx, gone, store.PushFailure{Message: "deleted in Magento", Removed: true, At: now})
			}); err != nil {
				t.Fatal(err)
			}
		}
		scope := store.CustomerScope{Customers: acl.WholeOrganization(rig.OrgID)}
		load := func(id int64) *model.Customer {
			c, err := st.Customer(ctx, scope, id)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		if err := st.CreateAgain(ctx, load(gone), rig.Admin.ID, now); err != nil {
			t.Fatal(err)
		}
		if err := st.LinkToMagento(ctx, load(refused), 9, rig.Admin.ID, now); err != nil {
			t.Fatal(err)
		}
		run := &store.SyncRun{ChannelID: shop.Channel, Connector: "customers", Kind: store.RunIncremental, StartedAt: now}
		if err := st.StartSyncRun(ctx, run); err != nil {
			t.Fatal(err)
		}
		run.Created = 3
		if err := st.UpdateSyncRun(ctx, run); err != nil {
			t.Fatal(err)
		}
		for range 2 { // the second finds nothing left running
			if err := st.InterruptStaleRuns(ctx, shop.Channel, "customers", now.Add(time.Hour)); err != nil {
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
		want := []string{
			fmt.Sprintf(`customer.removed_in_magento {"id":%d,"channel_id":%d,"magento_id":7,"email":"gone@shop.test"}`, gone, shop.Channel),
			fmt.Sprintf(`customer.updated {"id":%d,"channel_id":%d,"email":"gone@shop.test","changed":["magento_id"]}`, gone, shop.Channel),
			fmt.Sprintf(`customer.updated {"id":%d,"channel_id":%d,"magento_id":9,"email":"taken@shop.test","changed":["magento_id"]}`, refused, shop.Channel),
			fmt.Sprintf(`sync_run.finished {"id":%d,"channel_id":%d,"kind":"incremental","status":"interrupted","created":3,`, run.ID, shop.Channel),
		}
		if len(got) != len(want) {
			t.Fatalf("deliveries:\n%s", strings.Join(got, "\n"))
		}
		for i := range want {
			if !strings.HasPrefix(got[i], want[i]) {
				t.Errorf("delivery %d:\n%s\nwant\n%s…", i, got[i], want[i])
			}
		}
		if !strings.Contains(got[3], `"error":"the process running it stopped before it finished"`) {
			t.Errorf("the interrupted run's event: %s", got[3])
		}
	})
}
