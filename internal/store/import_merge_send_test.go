package store_test

import (
	"context"
	"maps"
	"strings"
	"testing"
	"time"

	"magecrm/internal/acl"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

// A send reads a customer waiting with a person's edit; before it is
// recorded, an import merges Magento's value of the same field (the
// person's wins by priority), which writes no field of the customer, only
// the new base, and records the conflict. The send, which found the same
// conflict in Magento, records it no second time: the history holds the
// conflict line once. The merge wrote no field, so the customer's version
// stays and a person's edit opened before the merge and the send saves.
func TestImportMergeDuringASendRecordsTheConflictOnce(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		o := importOne(t, d, true)
		rig, st, shop, imp, c, id := o.rig, o.rig.Store, o.shop, o.imp, o.c, o.id
		if err := beginSave(t, d, st, id).Commit(); err != nil { // first name "Edited", waiting to be sent
			t.Fatal(err)
		}
		sent, err := st.PushCustomer(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if sent.Base == nil {
			t.Fatal("the saved customer has no base")
		}

		// A person opens the customer's edit form.
		opened, err := st.Customer(ctx, store.CustomerScope{Customers: acl.WholeOrganization(rig.OrgID)}, id)
		if err != nil {
			t.Fatal(err)
		}

		changed := c
		changed.FirstName, changed.Hash, changed.RemoteUpdatedAt = "Remote", "h2", "2024-01-02 00:00:00"
		next := imp
		next.Now = imp.Now.Add(time.Minute)
		if _, err := st.ImportCustomers(ctx, next, []store.ImportCustomer{changed}); err != nil {
			t.Fatal(err)
		}
		if v := pushRead(t, st, id).RowVersion; v != sent.RowVersion {
			t.Errorf("row_version %d after a merge that replaced only the base, want %d: the person's form would be refused as changed meanwhile", v, sent.RowVersion)
		}

		remote := model.Snapshot{Fields: map[string]string{}, Addresses: sent.Base.Addresses}
		for k, v := range sent.Base.Fields {
			remote.Fields[k] = v
		}
		remote.Fields["firstname"] = "Remote"
		m := model.Merge(*sent.Base, sent.Local, remote, true)
		if len(m.Conflicts) != 1 {
			t.Fatalf("the send's merge found %d conflicts, want the first name's", len(m.Conflicts))
		}
		recordPush(t, d, st, store.PushOutcome{CustomerID: id, ChannelID: shop.Channel, Sent: sent, OriginID: 1,
			Result: m.Result, Conflicts: m.Conflicts, At: next.Now.Add(time.Second)})

		history, err := st.Audit(ctx, store.CustomerEntity, id, 50)
		if err != nil {
			t.Fatal(err)
		}
		lines := 0
		for _, h := range history {
			if v, ok := h.Changes["conflict: firstname"]; ok {
				lines++
				if v != [2]string{"Remote", "Edited"} {
					t.Errorf("conflict line %v (%s), want Remote lost to Edited", v, h.Action)
				}
			}
		}
		if lines != 1 {
			t.Errorf("%d history lines of the first name's conflict, want 1", lines)
		}
		list, err := st.ChannelConflicts(ctx, acl.WholeOrganization(rig.OrgID), shop.Channel, 50)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 {
			t.Errorf("%d conflicts listed, want 1", len(list))
		}
		if got := pushRead(t, st, id).Local.Fields["firstname"]; got != "Edited" {
			t.Errorf("first name %q after the send, want the person's Edited", got)
		}

		edited := *opened
		edited.MiddleName = "Mid"
		addrs, err := st.CustomerAddresses(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if saved, err := st.UpdateCustomer(ctx, opened, addrs, store.CustomerChange{Customer: &edited, Addresses: addrs,
			ActorID: rig.Admin.ID, At: next.Now.Add(time.Minute)}); err != nil || !saved {
			t.Fatalf("the person's save on the form opened before the merge: saved %v, %v", saved, err)
		}
		if got := pushRead(t, st, id).Local.Fields["middlename"]; got != "Mid" {
			t.Errorf("middle name %q after the person's save, want Mid", got)
		}
	})
}

// recordPush records one send's outcome in a transaction of its own.
func recordPush(t *testing.T, d *db.DB, st *store.Store, out store.PushOutcome) {
	t.Helper()
	tx, err := d.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if err := st.RecordPushes(context.Background(), tx, []store.PushOutcome{out}); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// pushRead reads customer id as a send does.
func pushRead(t *testing.T, st *store.Store, id int64) *store.PushCustomer {
	t.Helper()
	c, err := st.PushCustomer(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// A send that finds a conflict on an address (the street edited here, the
// telephone in Magento) records it when no import came between: the
// address's one-line form in the history leaves the telephone out, so the
// two sides' lines may read the same, and the conflict must stand anyway.
func TestASendRecordsAnAddressConflictWhoseLinesReadTheSame(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		o := importOne(t, d, true, store.ImportAddress{OriginID: 7, FirstName: "Ann", LastName: "One", Street: "Main 1", City: "Berlin", Postcode: "10115", CountryID: "DE", Telephone: "111", DefaultBilling: true})
		rig, st, shop, imp, id := o.rig, o.rig.Store, o.shop, o.imp, o.id
		if err := beginSave(t, d, st, id).Commit(); err != nil { // waiting to be sent
			t.Fatal(err)
		}
		sent := pushRead(t, st, id)
		if sent.Base == nil || len(sent.Base.Addresses) != 1 {
			t.Fatalf("the saved customer's base: %+v, want one address", sent.Base)
		}
		local := model.Snapshot{Fields: sent.Local.Fields, Addresses: map[string]map[string]string{}}
		remote := model.Snapshot{Fields: sent.Base.Fields, Addresses: map[string]map[string]string{}}
		for k, a := range sent.Base.Addresses {
			l, r := maps.Clone(a), maps.Clone(a)
			l["street"], r["telephone"] = "Main 2", "222"
			local.Addresses[k], remote.Addresses[k] = l, r
		}
		m := model.Merge(*sent.Base, local, remote, true)
		if len(m.Conflicts) != 1 || !strings.HasPrefix(m.Conflicts[0].Field, "address ") {
			t.Fatalf("the send's merge found %+v, want the address's conflict", m.Conflicts)
		}

		recordPush(t, d, st, store.PushOutcome{CustomerID: id, ChannelID: shop.Channel, Sent: sent, OriginID: 1,
			Result: m.Result, Conflicts: m.Conflicts, At: imp.Now.Add(time.Minute)})
		list, err := st.ChannelConflicts(ctx, acl.WholeOrganization(rig.OrgID), shop.Channel, 50)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 {
			t.Errorf("%d conflicts listed, want the address's", len(list))
		}
		if s := pushRead(t, st, id).SyncState; s&model.SyncConflict == 0 {
			t.Errorf("sync state %b lacks the conflict flag", s)
		}
	})
}
