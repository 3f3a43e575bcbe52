package push_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/magesim"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

// TestASendThatFindsTheCustomerGoneAnnouncesIt: when a send to Magento 2
// or Magento 1 finds the customer deleted there, the customer is marked
// removed with its customer.removed_in_magento webhook event, as when the
// reconciliation finds it gone; a later edit and send announce no second.
func TestASendThatFindsTheCustomerGoneAnnouncesIt(t *testing.T) {
	for _, typ := range []model.ChannelType{model.Magento2, model.Magento1} {
		t.Run(string(typ), func(t *testing.T) {
			dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
				ctx := context.Background()
				e := newEnvOf(t, d, typ, magesim.Options{Customers: 3}, model.RemoteWins)
				now := time.Now().UTC()
				hook := &model.Webhook{OrganizationID: e.ch.OrganizationID, URL: "https://erp.test/in",
					Events: []string{model.EventCustomerRemoved}, CreatedAt: now, UpdatedAt: now}
				if err := e.st.CreateWebhook(ctx, hook, "whsec_test", store.SecretReveal{}); err != nil {
					t.Fatal(err)
				}
				id := e.byOrigin(2)
				if err := e.sim.DeleteCustomer(2); err != nil {
					t.Fatal(err)
				}
				e.edit(id, func(c *model.Customer) { c.LastName = "Gone" })
				e.sendAll()
				e.edit(id, func(c *model.Customer) { c.LastName = "Still gone" })
				e.sendAll()
				if !e.load(id).Removed() {
					t.Fatalf("customer %d is not marked removed in Magento", id)
				}
				dl, err := e.st.WebhookDeliveries(ctx, hook.ID, 10)
				if err != nil {
					t.Fatal(err)
				}
				if len(dl) != 1 || dl[0].Event != model.EventCustomerRemoved ||
					!strings.Contains(dl[0].Payload, `"magento_id":2,`) || !strings.HasPrefix(dl[0].Payload, `{"id":`) {
					t.Fatalf("deliveries %+v, want one customer.removed_in_magento of Magento customer 2", dl)
				}
			})
		})
	}
}

// TestChangesASendBroughtAndATakenValueAnnounceCustomerUpdated: a send
// whose merge took Magento's value changes the customer here, and taking
// the other value of the conflict changes it again: each announces
// customer.updated with the field.
func TestChangesASendBroughtAndATakenValueAnnounceCustomerUpdated(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, magesim.Options{Customers: 3}, model.RemoteWins)
		id := e.byOrigin(1)
		e.edit(id, func(c *model.Customer) { c.FirstName = "LocalFirst" })
		if err := e.sim.EditCustomer(1, magesim.CustomerEdit{Firstname: "RemoteFirst"}); err != nil {
			t.Fatal(err)
		}
		now := time.Now().UTC()
		hook := &model.Webhook{OrganizationID: e.ch.OrganizationID, URL: "https://erp.test/in",
			Events: []string{model.EventCustomerUpdated}, CreatedAt: now, UpdatedAt: now}
		if err := e.st.CreateWebhook(ctx, hook, "whsec_test", store.SecretReveal{}); err != nil {
			t.Fatal(err)
		}
		e.sendAll()
		if c := e.load(id); c.FirstName != "RemoteFirst" {
			t.Fatalf("after the send: %q, want Magento's RemoteFirst", c.FirstName)
		}
		list := e.conflicts()
		if len(list) != 1 {
			t.Fatalf("conflicts %+v, want one", list)
		}
		if err := e.st.TakeConflictValue(ctx, id, list[0].ID, e.owner, time.Now()); err != nil {
			t.Fatal(err)
		}
		dl, err := e.st.WebhookDeliveries(ctx, hook.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(dl) != 2 {
			t.Fatalf("deliveries %+v, want two customer.updated", dl)
		}
		for _, d := range dl {
			if d.Event != model.EventCustomerUpdated || !strings.Contains(d.Payload, `"changed":["firstname"]`) {
				t.Errorf("delivery %s %s, want customer.updated of the first name", d.Event, d.Payload)
			}
		}
	})
}
