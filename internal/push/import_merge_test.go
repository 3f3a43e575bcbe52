package push_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"magecrm/internal/acl"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/magentosync"
	"magecrm/internal/magesim"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

// importNow runs the channel's incremental import.
func (e *env) importNow() {
	e.t.Helper()
	eng := magentosync.NewEngine(e.st, slog.New(slog.DiscardHandler))
	if _, err := eng.Run(context.Background(), e.ch.ID, magentosync.RunOptions{}); err != nil {
		e.t.Fatal(err)
	}
}

// conflicts lists the channel's open conflicts.
func (e *env) conflicts() []store.CustomerConflict {
	e.t.Helper()
	list, err := e.st.ChannelConflicts(context.Background(), acl.WholeOrganization(e.ch.OrganizationID), e.ch.ID, 50)
	if err != nil {
		e.t.Fatal(err)
	}
	return list
}

// TestImportMergesACustomerWaitingToBeSent: Magento renames a customer
// while magecrm's edit of another field waits to be sent. The import takes
// the rename at once; the send then sends only magecrm's edit, so a second
// rename in Magento meanwhile is not overwritten by the first (no echo);
// and the import after the send writes nothing.
func TestImportMergesACustomerWaitingToBeSent(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, magesim.Options{Customers: 3}, model.RemoteWins)
		id := e.byOrigin(2)
		e.edit(id, func(c *model.Customer) { c.LastName = "LocalLast" })
		if err := e.sim.EditCustomer(2, magesim.CustomerEdit{Firstname: "RemoteFirst"}); err != nil {
			t.Fatal(err)
		}
		e.importNow()
		c := e.load(id)
		if c.FirstName != "RemoteFirst" || c.LastName != "LocalLast" || !c.Pending() || c.Conflicted() {
			t.Fatalf("after the import: %s %s, state %q; want RemoteFirst LocalLast waiting to be sent", c.FirstName, c.LastName, c.SyncLabel())
		}
		if h := e.history(id); h[0].Action != "import" || h[0].Changes["firstname"][1] != "RemoteFirst" {
			t.Errorf("history's newest entry %q %v, want the import of the first name", h[0].Action, h[0].Changes)
		}
		if err := e.sim.EditCustomer(2, magesim.CustomerEdit{Firstname: "RemoteAgain"}); err != nil {
			t.Fatal(err)
		}
		e.sendAll()
		r, err := e.client.Customer(ctx, 2)
		if err != nil {
			t.Fatal(err)
		}
		c = e.load(id)
		if r.Firstname != "RemoteAgain" || r.Lastname != "LocalLast" || c.FirstName != "RemoteAgain" || c.LastName != "LocalLast" ||
			c.SyncState != 0 {
			t.Fatalf("after the send: Magento %s %s, magecrm %s %s (%q); want RemoteAgain LocalLast in sync on both",
				r.Firstname, r.Lastname, c.FirstName, c.LastName, c.SyncLabel())
		}
		before := len(e.history(id))
		e.importNow()
		if h := e.history(id); len(h) != before {
			t.Errorf("the import after the send wrote %q %v", h[0].Action, h[0].Changes)
		}
		if n := len(e.conflicts()); n != 0 {
			t.Errorf("%d conflicts listed, want none", n)
		}
	})
}

// TestImportDecidesABothSideChangeByPriority: on a Magento 2 and a
// Magento 1 channel, the same field changed on both sides while magecrm's
// change waits is decided by the import as the send would decide it: the
// priority's value is kept, the other goes in the history and the conflict
// is listed; the send then makes Magento hold the kept value.
func TestImportDecidesABothSideChangeByPriority(t *testing.T) {
	for _, typ := range []model.ChannelType{model.Magento2, model.Magento1} {
		for _, prio := range []model.Priority{model.RemoteWins, model.LocalWins} {
			t.Run(string(typ)+"/"+string(prio), func(t *testing.T) {
				dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
					e := newEnvOf(t, d, typ, magesim.Options{Customers: 3}, prio)
					id := e.byOrigin(3)
					e.edit(id, func(c *model.Customer) { c.FirstName = "LocalFirst" })
					if err := e.sim.EditCustomer(3, magesim.CustomerEdit{Firstname: "RemoteFirst"}); err != nil {
						t.Fatal(err)
					}
					e.importNow()
					kept, lost := "RemoteFirst", "LocalFirst"
					if prio == model.LocalWins {
						kept, lost = lost, kept
					}
					c := e.load(id)
					if c.FirstName != kept || !c.Conflicted() || c.Pending() != (prio == model.LocalWins) {
						t.Fatalf("after the import: first name %q, state %q; want %s in conflict", c.FirstName, c.SyncLabel(), kept)
					}
					list := e.conflicts()
					if len(list) != 1 || list[0].CustomerID != id || list[0].Field != "firstname" || list[0].Kept != kept ||
						list[0].Lost != lost || list[0].KeptLocal != (prio == model.LocalWins) {
						t.Fatalf("conflicts listed: %+v; want first name kept %s over %s", list, kept, lost)
					}
					if v := e.history(id)[0].Changes["conflict: firstname"]; v != [2]string{lost, kept} {
						t.Errorf("history's conflict entry %v, want %s lost to %s", v, lost, kept)
					}
					e.sendAll()
					r, ok := e.sim.Customer(3)
					if c := e.load(id); !ok || r.Firstname != kept || c.FirstName != kept || c.Pending() {
						t.Errorf("after the send: Magento %q, magecrm %q (%q); want %s on both", r.Firstname, c.FirstName, c.SyncLabel(), kept)
					}
					if n := len(e.conflicts()); n != 1 {
						t.Errorf("%d conflicts listed after the send, want the one (the send found no new one)", n)
					}
				})
			})
		}
	}
}

// TestTakingTheOtherValueReachesBothSides: taking the value that lost makes
// it the customer's on both sides. Magento's name that lost to magecrm's in
// the import, before any send, is already Magento's: it is only written
// here. magecrm's name that lost in a send (both sides then held Magento's)
// is sent.
func TestTakingTheOtherValueReachesBothSides(t *testing.T) {
	for _, prio := range []model.Priority{model.LocalWins, model.RemoteWins} {
		t.Run(string(prio), func(t *testing.T) {
			dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
				ctx := context.Background()
				e := newEnv(t, d, magesim.Options{Customers: 3}, prio)
				id := e.byOrigin(1)
				e.edit(id, func(c *model.Customer) { c.FirstName = "LocalFirst" })
				if err := e.sim.EditCustomer(1, magesim.CustomerEdit{Firstname: "RemoteFirst"}); err != nil {
					t.Fatal(err)
				}
				want := "RemoteFirst"
				if prio == model.LocalWins {
					e.importNow() // decided here: Magento's name lost and Magento still holds it
				} else {
					e.sendAll() // decided in the send: both sides hold Magento's name
					want = "LocalFirst"
				}
				list := e.conflicts()
				if len(list) != 1 || list[0].Lost != want {
					t.Fatalf("conflicts %+v, want one that lost %s", list, want)
				}
				if err := e.st.TakeConflictValue(ctx, id, list[0].ID, e.owner, time.Now()); err != nil {
					t.Fatal(err)
				}
				e.sendAll()
				r, err := e.client.Customer(ctx, 1)
				if err != nil {
					t.Fatal(err)
				}
				c := e.load(id)
				if r.Firstname != want || c.FirstName != want || c.SyncState != 0 || len(e.conflicts()) != 0 {
					t.Errorf("Magento %q, magecrm %q (%q), %d conflicts; want %s in sync on both", r.Firstname, c.FirstName,
						c.SyncLabel(), len(e.conflicts()), want)
				}
			})
		})
	}
}

// TestAnOlderStateIsNotImported: a state of a customer read before a send
// that magecrm recorded since (older than Magento's updated time the send
// answered with) is not taken, so it cannot undo the send here; a newer
// one is.
func TestAnOlderStateIsNotImported(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, magesim.Options{Customers: 3}, model.RemoteWins)
		id := e.byOrigin(1)
		e.edit(id, func(c *model.Customer) { c.LastName = "Sent" })
		e.sendAll()
		var sentAt string
		if err := d.QueryRow("SELECT remote_updated_at FROM magento_customers WHERE id = $1", id).Scan(&sentAt); err != nil {
			t.Fatal(err)
		}
		c := e.load(id)
		rec := store.ImportCustomer{OriginID: 1, WebsiteID: c.WebsiteID, StoreID: c.StoreID, GroupID: c.GroupID,
			FirstName: c.FirstName, LastName: "Before the send", Email: c.Email, RemoteCreatedAt: "2020-01-01 00:00:00",
			RemoteUpdatedAt: "2020-01-01 00:00:00", Hash: "read-before-the-send"}
		imp := store.CustomerImport{ChannelID: e.ch.ID, OrganizationID: e.ch.OrganizationID, OwnerID: e.owner, Now: time.Now()}
		counts, err := e.st.ImportCustomers(ctx, imp, []store.ImportCustomer{rec})
		if err != nil {
			t.Fatal(err)
		}
		if got := e.load(id).LastName; got != "Sent" || counts.Unchanged != 1 || sentAt == "" {
			t.Fatalf("an import of the state before the send (Magento's updated time %q): last name %q, counts %+v", sentAt, got, counts)
		}
		rec.RemoteUpdatedAt, rec.Hash = "2999-01-01 00:00:00", "changed-in-magento-later"
		if _, err := e.st.ImportCustomers(ctx, imp, []store.ImportCustomer{rec}); err != nil {
			t.Fatal(err)
		}
		if got := e.load(id).LastName; got != "Before the send" {
			t.Errorf("a newer state was not imported: last name %q", got)
		}
	})
}
