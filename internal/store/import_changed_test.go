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

// Changed customers are rewritten whole (on PostgreSQL by one merge of a
// staged batch): fields Magento did not say keep their stored value, an
// address Magento no longer has goes, a changed one is updated, a new one
// added, "removed in Magento" is cleared, unchanged customers are not
// written, and each rewritten customer gets one audit entry of what changed.
func TestChangedCustomersAreRewrittenWithTheirAddressesAndAudited(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		rig := testrig.New(t, d, nil)
		st := rig.Store
		shop := rig.Shop(testrig.ShopSpec{Name: "Shop", Website: "Main", Stores: []string{"Default"}, Groups: []string{"General"}})
		yes := true
		customer := func(origin int64, last, hash string, addrs ...store.ImportAddress) store.ImportCustomer {
			return store.ImportCustomer{OriginID: origin, StoreID: shop.Stores[0], GroupID: shop.Groups[0], FirstName: "Ann",
				LastName: last, Email: last + "@shop.test", Gender: 2, IsSubscribed: &yes, Hash: hash, Addresses: addrs}
		}
		street := func(origin int64, s string) store.ImportAddress {
			return store.ImportAddress{OriginID: origin, Street: s, City: "Town", CountryID: "DE"}
		}
		imp := store.CustomerImport{ChannelID: shop.Channel, OrganizationID: rig.OrgID, OwnerID: rig.Admin.ID, Now: time.Now()}
		first := []store.ImportCustomer{
			customer(1, "Alpha", "a1", street(11, "1 Old Road"), street(12, "2 Gone Lane")),
			customer(2, "Beta", "b1", street(21, "3 Same Street")),
			customer(3, "Gamma", "g1"),
		}
		if n, err := st.ImportCustomers(ctx, imp, first); err != nil || n.Created != 3 {
			t.Fatalf("first batch: %+v, %v", n, err)
		}
		if _, err := d.ExecContext(ctx, "UPDATE magento_customers SET sync_state = $1 WHERE origin_id = 3", model.SyncRemovedRemote); err != nil {
			t.Fatal(err)
		}
		var before int
		if err := d.QueryRowContext(ctx, "SELECT row_version FROM magento_customers WHERE origin_id = 2").Scan(&before); err != nil {
			t.Fatal(err)
		}

		changed := customer(1, "Alphonse", "a2", street(11, "1 New Road"), street(13, "4 Added Way"))
		changed.IsSubscribed = nil // Magento did not say: stays subscribed
		imp.Now = imp.Now.Add(time.Minute)
		imp.WithoutGenderAndVAT = true // gender not said either: stays 2
		second := []store.ImportCustomer{changed, customer(2, "Beta", "b1", street(21, "3 Same Street")), customer(3, "Gamma", "g1")}
		n, err := st.ImportCustomers(ctx, imp, second)
		if err != nil || n.Updated != 2 || n.Unchanged != 1 {
			t.Fatalf("second batch: %+v, %v; want 2 updated (a change and one removed in Magento seen again), 1 unchanged", n, err)
		}

		var last string
		var gender, state, after int
		var subscribed bool
		if err := d.QueryRowContext(ctx, "SELECT last_name, gender, is_subscribed, sync_state FROM magento_customers WHERE origin_id = 1").
			Scan(&last, &gender, &subscribed, &state); err != nil {
			t.Fatal(err)
		}
		if last != "Alphonse" || gender != 2 || !subscribed || state != 0 {
			t.Errorf("customer 1: %q, gender %d, subscribed %v, state %d; want Alphonse, 2, true, 0", last, gender, subscribed, state)
		}
		if err := d.QueryRowContext(ctx, "SELECT sync_state FROM magento_customers WHERE origin_id = 3").Scan(&state); err != nil || state != 0 {
			t.Errorf("customer 3 seen again keeps state %d (%v), want 0", state, err)
		}
		if err := d.QueryRowContext(ctx, "SELECT row_version FROM magento_customers WHERE origin_id = 2").Scan(&after); err != nil || after != before {
			t.Errorf("unchanged customer 2 was written: row version %d → %d (%v)", before, after, err)
		}
		rows, err := d.QueryContext(ctx, `SELECT a.origin_id, a.street FROM magento_addresses a JOIN magento_customers c ON c.id = a.customer_id
			WHERE c.origin_id = 1 ORDER BY a.origin_id`)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for rows.Next() {
			var o int64
			var s string
			if err := rows.Scan(&o, &s); err != nil {
				t.Fatal(err)
			}
			got = append(got, s)
		}
		rows.Close()
		if strings.Join(got, "|") != "1 New Road|4 Added Way" {
			t.Errorf("customer 1's addresses: %q, want the changed one and the added one", got)
		}
		var changes string
		if err := d.QueryRowContext(ctx, `SELECT a.changes FROM audit_log a JOIN magento_customers c ON c.id = a.entity_id
			WHERE a.entity = 'magento_customer' AND a.action = 'import' AND c.origin_id = 1`).Scan(&changes); err != nil {
			t.Fatalf("audit of customer 1: %v", err)
		}
		if !strings.Contains(changes, "Alphonse") || strings.Contains(changes, "gender") || strings.Contains(changes, "is_subscribed") {
			t.Errorf("audit of customer 1: %s", changes)
		}
	})
}
