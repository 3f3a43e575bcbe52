package crm_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"magecrm/internal/crm"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/model"
	"magecrm/internal/store"
	"magecrm/internal/testrig"
)

// hookEvents lists a webhook's deliveries oldest first, as
// "event customer-id changed-fields".
func hookEvents(t *testing.T, st *store.Store, hookID int64) []string {
	t.Helper()
	dl, err := st.WebhookDeliveries(context.Background(), hookID, 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range slices.Backward(dl) {
		var e store.CustomerEvent
		if err := json.Unmarshal([]byte(d.Payload), &e); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s %d %v", d.Event, e.ID, e.Changed))
	}
	return out
}

// Newsletter subscribe/unsubscribe, one customer's or many at once, and an
// owner given by mass assign each announce customer.updated, as the edit
// form's saves do: every change of a customer reaches the webhooks.
func TestNewsletterAndOwnerChangesAnnounceCustomerUpdated(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		rig := testrig.New(t, d, nil)
		admin := rig.SignIn("admin", rig.AdminPassword)
		shop := rig.Shop(testrig.ShopSpec{Name: "Shop", TwoWay: true, Website: "Main", Stores: []string{"Default"}, Groups: []string{"General"}})
		var ids []int64
		for i, email := range []string{"a@shop.test", "b@shop.test"} {
			ids = append(ids, rig.Customer(shop, testrig.CustomerSpec{Store: shop.Stores[0], Group: shop.Groups[0], Owner: rig.Admin.ID,
				OriginID: int64(i + 1), Email: email, Subscribed: testrig.Bool(false)}))
		}
		rep := rig.AddUser(testrig.UserSpec{Username: "rep"})
		now := time.Now().UTC()
		hook := &model.Webhook{OrganizationID: rig.OrgID, URL: "https://erp.test/in", Events: []string{model.EventCustomerUpdated},
			CreatedAt: now, UpdatedAt: now}
		if err := rig.Store.CreateWebhook(ctx, hook, "whsec_test", store.SecretReveal{}); err != nil {
			t.Fatal(err)
		}
		if err := rig.CRM.SetNewsletter(ctx, admin, ids[0], true); err != nil {
			t.Fatal(err)
		}
		if _, err := rig.CRM.MassSetNewsletter(ctx, admin, crm.CustomerSelection{IDs: ids}, false); err != nil {
			t.Fatal(err)
		}
		if r, err := rig.CRM.MassAssignCustomers(ctx, admin, crm.CustomerSelection{IDs: ids}, rep.ID); err != nil || r.Changed != 2 {
			t.Fatalf("mass assign: %+v %v", r, err)
		}
		a, b := ids[0], ids[1]
		want := []string{
			fmt.Sprintf("customer.updated %d [newsletter]", a),
			fmt.Sprintf("customer.updated %d [newsletter]", a), // the mass unsubscribe; b was not subscribed
			fmt.Sprintf("customer.updated %d [owner]", a),
			fmt.Sprintf("customer.updated %d [owner]", b),
		}
		got := hookEvents(t, rig.Store, hook.ID)
		if len(got) == len(want) {
			slices.Sort(got[2:]) // the mass assign's order is the grid's
		}
		if !slices.Equal(got, want) {
			t.Errorf("deliveries:\n%v\nwant\n%v", got, want)
		}
	})
}

// The delivery log keeps delivered deliveries for WebhookLogRetention and
// those given up on for WebhookFailedLogRetention, with their attempts;
// deliveries still to be sent (pending, held) are kept however old.
func TestWebhookLogIsPrunedByAgeAndState(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		rig := testrig.New(t, d, nil)
		now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
		rig.CRM.Now = func() time.Time { return now }
		rig.CRM.WebhookLogRetention, rig.CRM.WebhookFailedLogRetention = 30*24*time.Hour, 90*24*time.Hour
		hook := &model.Webhook{OrganizationID: rig.OrgID, URL: "https://erp.test/in", Events: []string{model.EventActivityCreated},
			CreatedAt: now, UpdatedAt: now}
		if err := rig.Store.CreateWebhook(ctx, hook, "whsec_test", store.SecretReveal{}); err != nil {
			t.Fatal(err)
		}
		days := func(n int) int64 { return now.AddDate(0, 0, -n).UnixMilli() }
		kept := map[string]bool{}
		for _, c := range []struct {
			name, state string
			age         int64
			keep        bool
		}{
			{"delivered yesterday", model.DeliveryDelivered, days(1), true},
			{"delivered 31 days ago", model.DeliveryDelivered, days(31), false},
			{"failed 31 days ago", model.DeliveryFailed, days(31), true},
			{"failed 91 days ago", model.DeliveryFailed, days(91), false},
			{"pending 200 days", model.DeliveryPending, days(200), true},
			{"held 200 days", model.DeliveryHeld, days(200), true},
		} {
			var id int64
			if err := d.QueryRowContext(ctx, `INSERT INTO webhook_deliveries (webhook_id, event, payload, state, attempts, created_at, updated_at)
				VALUES ($1, 'activity.created', $2, $3, 1, $4, $4) RETURNING id`, hook.ID, `{"name":"`+c.name+`"}`, c.state, c.age).Scan(&id); err != nil {
				t.Fatal(err)
			}
			if _, err := d.ExecContext(ctx, `INSERT INTO webhook_attempts (delivery_id, attempt, status_code, duration_ms, attempted_at)
				VALUES ($1, 1, 500, 3, $2)`, id, c.age); err != nil {
				t.Fatal(err)
			}
			kept[c.name] = c.keep
		}
		if n, err := rig.CRM.PruneWebhookLog(ctx); err != nil || n != 2 {
			t.Fatalf("pruned %d: %v, want 2", n, err)
		}
		dl, err := rig.Store.WebhookDeliveries(ctx, hook.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		for _, dv := range dl {
			var p struct{ Name string }
			json.Unmarshal([]byte(dv.Payload), &p)
			if !kept[p.Name] {
				t.Errorf("%s was kept", p.Name)
			}
			delete(kept, p.Name)
		}
		for name, keep := range kept {
			if keep {
				t.Errorf("%s was pruned", name)
			}
		}
		var attempts int
		d.QueryRowContext(ctx, "SELECT COUNT(*) FROM webhook_attempts").Scan(&attempts)
		if attempts != 4 {
			t.Errorf("%d attempts left, want the 4 of the deliveries kept", attempts)
		}
	})
}
