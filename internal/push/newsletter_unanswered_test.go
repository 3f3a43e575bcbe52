package push_test

import (
	"context"
	"testing"
	"time"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/magesim"
	"magecrm/internal/model"
)

// TestNewsletterUnansweredIsNotReadAsUnsubscribed: a Magento 2.3 store
// whose customer answers (GET, PUT, search) hold no newsletter state
// (magento2#13252). A subscription made in magecrm reaches Magento and
// stays in magecrm after the send answered nothing about it; an edit of
// another field neither unsubscribes the customer in magecrm nor counts a
// conflict, and does not send the newsletter again, so an unsubscribe made
// in Magento meanwhile stays there; the import changes nothing of it.
func TestNewsletterUnansweredIsNotReadAsUnsubscribed(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, magesim.Options{Customers: 3, Version: "2.3", NoSubscribedInAnswers: true}, model.RemoteWins)
		id := e.byOrigin(2)
		if err := e.sim.SetSubscription(2, false); err != nil {
			t.Fatal(err)
		}
		if err := e.st.SetCustomerNewsletter(ctx, e.load(id), true, e.owner, time.Now()); err != nil {
			t.Fatal(err)
		}
		e.sendAll()
		assertSubscribed := func(when string, inMagento bool) {
			t.Helper()
			r, _ := e.sim.Customer(2)
			c := e.load(id)
			if r.Subscribed != inMagento || c.Subscribed == nil || !*c.Subscribed || c.SyncState != 0 {
				t.Fatalf("%s: Magento subscribed %v (want %v), magecrm %q in state %q; want subscribed in sync",
					when, r.Subscribed, inMagento, c.NewsletterLabel(), c.SyncLabel())
			}
			for _, h := range e.history(id) {
				if v, ok := h.Changes["newsletter"]; ok && h.Action != "subscribe" {
					t.Fatalf("%s: history %q has the newsletter changed from %q to %q", when, h.Action, v[0], v[1])
				}
			}
		}
		assertSubscribed("after the subscription was sent", true)

		if err := e.sim.SetSubscription(2, false); err != nil { // made in Magento, which magecrm cannot see
			t.Fatal(err)
		}
		e.sim.ResetRequestCounts()
		e.edit(id, func(c *model.Customer) { c.LastName = "Edited" })
		e.sendAll()
		if r, _ := e.sim.Customer(2); r.Lastname != "Edited" {
			t.Fatalf("the edit did not reach Magento: last name %q", r.Lastname)
		}
		assertSubscribed("after an edit of the last name", false)

		e.edit(id, func(c *model.Customer) { c.FirstName = "Waiting" })
		time.Sleep(1100 * time.Millisecond) // Magento's updated_at has seconds: the import takes no state of the send's second
		if err := e.sim.EditCustomer(2, magesim.CustomerEdit{Lastname: "RemoteLast"}); err != nil {
			t.Fatal(err)
		}
		e.importNow() // merges the customer waiting to be sent
		if h := e.history(id)[0]; h.Action != "import" || h.Changes["lastname"][1] != "RemoteLast" {
			t.Fatalf("the import did not merge Magento's last name: %q %v", h.Action, h.Changes)
		}
		e.sendAll()
		if c := e.load(id); c.LastName != "RemoteLast" || c.FirstName != "Waiting" {
			t.Fatalf("after the import and send: %s %s", c.FirstName, c.LastName)
		}
		assertSubscribed("after the import of a customer waiting to be sent", false)
		if n := len(e.conflicts()); n != 0 {
			t.Errorf("%d conflicts listed, want none", n)
		}
	})
}
