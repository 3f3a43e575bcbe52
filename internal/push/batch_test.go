package push_test

import (
	"context"
	"testing"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/magesim"
	"magecrm/internal/model"
)

// TestABatchOfSendsReadsMagentoOnceAndKeepsTheNewsletterRight: the sender
// reads the customers of each round of a batch (Concurrency of them) from
// Magento with one search, just before the round is sent. No search's
// newsletter state is trusted (2.3's has none, 2.4's is found by email
// alone), so a customer whose newsletter changed here is read on its own
// (the merge needs Magento's value: on 2.3 magecrm never knew it, so
// Magento's wins as a conflict under "Magento wins"); the others take the
// search's record, and a newsletter change made in Magento is neither
// overwritten nor lost.
func TestABatchOfSendsReadsMagentoOnceAndKeepsTheNewsletterRight(t *testing.T) {
	for _, version := range []string{"2.4", "2.3"} {
		t.Run(version, func(t *testing.T) {
			dbtest.Dialects(t, func(t *testing.T, d *db.DB) { testBatchNewsletter(t, d, version) })
		})
	}
}

func testBatchNewsletter(t *testing.T, d *db.DB, version string) {
	ctx := context.Background()
	e := newEnv(t, d, magesim.Options{Customers: 8, Version: version}, model.RemoteWins)
	e.w.Concurrency = 4
	var unsubscribed []int
	for id := 1; id <= 8; id++ {
		if c, _ := e.sim.Customer(id); !c.Subscribed {
			unsubscribed = append(unsubscribed, id)
		}
	}
	if len(unsubscribed) < 2 {
		t.Fatalf("the generated store has %d customers not subscribed; the test needs 2", len(unsubscribed))
	}
	here, there := unsubscribed[0], unsubscribed[1]
	local := e.load(e.byOrigin(here))
	if err := e.st.SetCustomerNewsletter(ctx, local, true, e.owner, local.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	if err := e.sim.SetSubscription(there, true); err != nil {
		t.Fatal(err)
	}
	for id := 1; id <= 8; id++ {
		if id != here {
			e.edit(e.byOrigin(id), func(c *model.Customer) { c.LastName = "Batch" })
		}
	}
	e.sim.ResetRequestCounts()
	e.sendAll()

	reads := map[string]int{}
	for _, c := range e.sim.RequestCounts() {
		reads[c.Route] += c.Count
	}
	wantGets := 1 // the customer subscribed here: no search's newsletter state is trusted
	if reads["REST GET /V1/customers/search"] != 2 || reads["REST GET /V1/customers/{customerId}"] != wantGets {
		t.Errorf("reads of Magento: %d searches and %d single reads; want 2 (one per round of 4) and %d",
			reads["REST GET /V1/customers/search"], reads["REST GET /V1/customers/{customerId}"], wantGets)
	}
	for id := 1; id <= 8; id++ {
		r, _ := e.sim.Customer(id)
		c := e.load(e.byOrigin(id))
		if id != here && r.Lastname != "Batch" {
			t.Errorf("Magento customer %d: last name %q, want Batch", id, r.Lastname)
		}
		if c.Pending() || c.SendFailed() {
			t.Errorf("customer %d: %s", id, c.SyncLabel())
		}
		subscribed := c.Subscribed != nil && *c.Subscribed
		switch {
		case id == there && (!r.Subscribed || !subscribed):
			t.Errorf("subscribed in Magento: Magento %v, magecrm %v; want both subscribed", r.Subscribed, c.Subscribed)
		case id == here && version == "2.4" && (!r.Subscribed || !subscribed || c.Conflicted()):
			t.Errorf("subscribed in magecrm: Magento %v, magecrm %v, %s; want both subscribed", r.Subscribed, c.Subscribed, c.SyncLabel())
		case id == here && version == "2.3" && (r.Subscribed || subscribed || !c.Conflicted()):
			t.Errorf("subscribed in magecrm, not known before: Magento %v, magecrm %v, %s; want Magento's (not subscribed) kept as a conflict",
				r.Subscribed, c.Subscribed, c.SyncLabel())
		}
	}
}
