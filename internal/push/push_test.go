package push_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/magento"
	"magecrm/internal/magentosync"
	"magecrm/internal/magesim"
	"magecrm/internal/model"
)

// TestConcurrentEditsFollowThePriority changes one field on both sides and
// another field on each side: the one-side changes go across, the both-side
// change is decided by the channel's priority, listed as a conflict, and
// the value that lost is in the customer's history.
func TestConcurrentEditsFollowThePriority(t *testing.T) {
	for _, prio := range []model.Priority{model.RemoteWins, model.LocalWins} {
		t.Run(string(prio), func(t *testing.T) {
			dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
				e := newEnv(t, d, magesim.Options{Customers: 3}, prio)
				id := e.byOrigin(2)
				e.edit(id, func(c *model.Customer) { c.FirstName, c.Suffix = "LocalFirst", "Jr." })
				if err := e.sim.EditCustomer(2, magesim.CustomerEdit{Firstname: "RemoteFirst", Lastname: "RemoteLast"}); err != nil {
					t.Fatal(err)
				}
				e.sendAll()
				want, lost := "RemoteFirst", "LocalFirst"
				if prio == model.LocalWins {
					want, lost = lost, want
				}
				r, err := e.client.Customer(context.Background(), 2)
				if err != nil {
					t.Fatal(err)
				}
				c := e.load(id)
				if r.Firstname != want || c.FirstName != want || r.Lastname != "RemoteLast" || c.LastName != "RemoteLast" ||
					r.Suffix != "Jr." || c.Suffix != "Jr." {
					t.Fatalf("Magento %s %s %s, magecrm %s %s %s; want %s RemoteLast Jr. on both",
						r.Firstname, r.Lastname, r.Suffix, c.FirstName, c.LastName, c.Suffix, want)
				}
				if !c.Conflicted() || c.Pending() {
					t.Errorf("magecrm state %q, want a conflict and nothing waiting", c.SyncLabel())
				}
				found := false
				for _, h := range e.history(id) {
					if v, ok := h.Changes["conflict: firstname"]; ok && v[0] == lost && v[1] == want {
						found = true
					}
				}
				if !found {
					t.Errorf("history has no conflict entry keeping %s over %s: %+v", want, lost, e.history(id))
				}
			})
		})
	}
}

// TestMagento23KeepsAddressesAndCustomAttributes: on 2.3 a PUT replaces
// the record, so an edit in magecrm must send back what it does not hold.
func TestMagento23KeepsAddressesAndCustomAttributes(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, magesim.Options{Customers: 3, Version: "2.3"}, model.RemoteWins)
		before, err := e.client.Customer(context.Background(), 1)
		if err != nil {
			t.Fatal(err)
		}
		tier := "gold"
		if _, err := e.client.UpdateCustomer(context.Background(), 1, magento.CustomerUpdate{Email: before.Email,
			Firstname: before.Firstname, Lastname: before.Lastname, WebsiteID: before.WebsiteID, Addresses: &before.Addresses,
			CustomAttributes: []magento.CustomAttribute{{Code: "loyalty_tier", Value: magento.AttributeValue(tier)}}}); err != nil {
			t.Fatal(err)
		}
		e.edit(e.byOrigin(1), func(c *model.Customer) { c.TaxVAT = "DE123456789" })
		e.sendAll()
		after, err := e.client.Customer(context.Background(), 1)
		if err != nil {
			t.Fatal(err)
		}
		if after.Taxvat != "DE123456789" || len(after.Addresses) != len(before.Addresses) || len(after.Addresses) == 0 {
			t.Fatalf("after the send: taxvat %q, %d addresses (before %d)", after.Taxvat, len(after.Addresses), len(before.Addresses))
		}
		if len(after.CustomAttributes) != 1 || string(after.CustomAttributes[0].Value) != tier {
			t.Fatalf("custom attributes after the send: %+v", after.CustomAttributes)
		}
	})
}

// TestRefusalAndRemovalAreShownNotDropped: a customer Magento refuses is
// failed with Magento's message until it is changed; one deleted in
// Magento is marked removed and not created again.
func TestRefusalAndRemovalAreShownNotDropped(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, magesim.Options{Customers: 3}, model.RemoteWins)
		// Created in Magento meanwhile, not imported yet.
		if _, err := e.client.CreateCustomer(context.Background(), magento.Customer{WebsiteID: 1, StoreID: 1, GroupID: 1,
			Email: "taken@example.com", Firstname: "Other", Lastname: "Person"}, ""); err != nil {
			t.Fatal(err)
		}
		dup := e.create("taken@example.com", "Dup", "Licate", 0, "")
		if err := e.sim.DeleteCustomer(2); err != nil {
			t.Fatal(err)
		}
		gone := e.byOrigin(2)
		e.edit(gone, func(c *model.Customer) { c.LastName = "Gone" })
		e.sendAll()
		c := e.load(dup.ID)
		if !c.SendFailed() || !strings.Contains(c.SyncError, "already") {
			t.Errorf("duplicate email: state %q, error %q", c.SyncLabel(), c.SyncError)
		}
		g := e.load(gone)
		if !g.Removed() || g.Pending() {
			t.Errorf("deleted in Magento: state %q", g.SyncLabel())
		}
		e.edit(dup.ID, func(c *model.Customer) { c.Email = "unique@example.com" })
		e.sendAll()
		if c := e.load(dup.ID); c.SyncState != 0 || len(e.remote("unique@example.com")) != 1 {
			t.Errorf("after a new email: state %q, error %q", c.SyncLabel(), c.SyncError)
		}
	})
}

// TestLinkToTheExistingMagentoCustomer: a customer refused because Magento
// already has its email is linked to that customer; the fields the two
// differ in follow the channel's priority and the history keeps the other.
func TestLinkToTheExistingMagentoCustomer(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, magesim.Options{Customers: 2}, model.RemoteWins)
		made, err := e.client.CreateCustomer(context.Background(), magento.Customer{WebsiteID: 1, StoreID: 1, GroupID: 1,
			Email: "same@example.com", Firstname: "Magento", Lastname: "Person"}, "")
		if err != nil {
			t.Fatal(err)
		}
		c := e.create("same@example.com", "Typed", "Person", 1, "")
		e.sendAll()
		if got := e.load(c.ID); !got.EmailTaken() {
			t.Fatalf("state %q, error %q: want refused for its email", got.SyncLabel(), got.SyncError)
		}
		if err := e.st.LinkToMagento(context.Background(), e.load(c.ID), int64(made.ID), e.owner, time.Now()); err != nil {
			t.Fatal(err)
		}
		e.sendAll()
		got := e.load(c.ID)
		remote := e.remote("same@example.com")
		if got.OriginID != int64(made.ID) || got.SyncState&^model.SyncConflict != 0 || len(remote) != 1 {
			t.Fatalf("linked: Magento id %d (want %d), state %q, %d in Magento", got.OriginID, made.ID, got.SyncLabel(), len(remote))
		}
		if got.FirstName != "Magento" || remote[0].Firstname != "Magento" || len(remote[0].Addresses) != 1 {
			t.Errorf("after linking: magecrm %q, Magento %q with %d addresses", got.FirstName, remote[0].Firstname, len(remote[0].Addresses))
		}
		found := false
		for _, h := range e.history(c.ID) {
			if v, ok := h.Changes["conflict: firstname"]; ok && v[0] == "Typed" {
				found = true
			}
		}
		if !found {
			t.Error("the history does not keep the first name typed in magecrm")
		}
	})
}

// TestAnotherMagentoCustomerWithTheEmailIsNeverTakenOver: a shopper who
// registered in Magento with the email a person then typed in magecrm keeps
// their record. Neither the import nor "Retry now" links the two or sends
// magecrm's values over Magento's; only the person's explicit link does.
func TestAnotherMagentoCustomerWithTheEmailIsNeverTakenOver(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, magesim.Options{Customers: 2}, model.LocalWins)
		real, err := e.client.CreateCustomer(ctx, magento.Customer{WebsiteID: 1, StoreID: 1, GroupID: 1,
			Email: "shopper@example.com", Firstname: "Real", Lastname: "Shopper", Taxvat: "DE123456789",
			Addresses: []magento.Address{{Firstname: "Real", Lastname: "Shopper", Street: []string{"1 Main Street"},
				City: "Berlin", Postcode: "10115", CountryID: "DE", Telephone: "030 1234567"}}}, "")
		if err != nil {
			t.Fatal(err)
		}
		typed := e.create("shopper@example.com", "Other", "Someone", 0, "")
		e.sendAll()
		if got := e.load(typed.ID); !got.EmailTaken() {
			t.Fatalf("state %q, error %q: want refused for its email", got.SyncLabel(), got.SyncError)
		}
		eng := magentosync.NewEngine(e.st, slog.New(slog.DiscardHandler))
		if _, err := eng.Run(ctx, e.ch.ID, magentosync.RunOptions{}); err != nil {
			t.Fatal(err)
		}
		if err := e.st.SendAgain(ctx, e.load(typed.ID), time.Now()); err != nil {
			t.Fatal(err)
		}
		e.sendAll()
		got := e.load(typed.ID)
		if got.OriginID != 0 || !got.EmailTaken() {
			t.Errorf("after an import and Retry now: Magento id %d, state %q: want unlinked and refused", got.OriginID, got.SyncLabel())
		}
		remote, err := e.client.Customer(ctx, real.ID)
		if err != nil {
			t.Fatal(err)
		}
		if remote.Firstname != "Real" || remote.Lastname != "Shopper" || remote.Taxvat != "DE123456789" || len(remote.Addresses) != 1 {
			t.Errorf("Magento's customer was changed: %q %q, taxvat %q, %d addresses", remote.Firstname, remote.Lastname, remote.Taxvat, len(remote.Addresses))
		}
		if n := len(e.remote("shopper@example.com")); n != 1 {
			t.Errorf("%d Magento customers with the email, want 1", n)
		}
	})
}

// TestWhatWasSentIsNotImportedAsAChange: the import after a send finds the
// customer as magecrm sent it and writes no history entry for it.
func TestWhatWasSentIsNotImportedAsAChange(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, magesim.Options{Customers: 3}, model.RemoteWins)
		id := e.byOrigin(2)
		e.edit(id, func(c *model.Customer) { c.LastName = "Sent" })
		e.sendAll()
		before := len(e.history(id))
		eng := magentosync.NewEngine(e.st, slog.New(slog.DiscardHandler))
		if _, err := eng.Run(ctx, e.ch.ID, magentosync.RunOptions{}); err != nil {
			t.Fatal(err)
		}
		if h := e.history(id); len(h) != before {
			t.Errorf("the import after the send wrote %d history entries, the newest %q %v", len(h)-before, h[0].Action, h[0].Changes)
		}
		if c := e.load(id); c.LastName != "Sent" || c.SyncState != 0 {
			t.Errorf("after the import: last name %q, state %q", c.LastName, c.SyncLabel())
		}
	})
}
