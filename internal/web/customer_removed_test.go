package web_test

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
)

// A customer changed here and then deleted in Magento (the import's
// reconciliation finds it gone) has nothing to be sent to: its page, the
// grid's filters and the dashboard show it only as removed, never also as
// waiting to be sent. The change made here stays on it, and saving it
// again says how it reaches Magento.
func TestCustomerRemovedInMagentoIsNotWaitingToBeSent(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		s := newCustomerShop(t, d)
		b := s.admin()
		path := fmt.Sprintf("/customers/%d", s.repCustomer)
		form := editForm(b.get(path + "/edit"))
		form.Set("last_name", "Changed")
		expectRedirect(t, b.post(path, form), path)
		if got := rowEmails(b.get("/customers?sync=pending").body); !slices.Contains(got, "rhea@example.com") {
			t.Fatalf("the changed customer is not waiting to be sent: %v", got)
		}

		marked, err := s.app.Store.MarkRemovedInMagento(context.Background(), s.twoWay, []int64{501}, time.Now())
		if err != nil || marked != 1 {
			t.Fatalf("mark removed: %d, %v", marked, err)
		}
		show := b.get(path)
		if badge := show.text(t, "#sync-badge"); badge != "Removed in Magento" {
			t.Errorf("the page's sync badge reads %q, want only Removed in Magento", badge)
		}
		if strings.Contains(show.body, "aiting to be sent") {
			t.Error("the page of a customer removed in Magento says something waits to be sent")
		}
		if strings.Contains(show.body, `id="newsletter-form"`) {
			t.Error("the page of a customer removed in Magento offers to subscribe it: nothing could be sent")
		}
		if r := b.post(path+"/newsletter", url.Values{"subscribe": {"1"}}); !strings.Contains(r.body, "use Create again in Magento first") {
			t.Errorf("subscribing a customer removed in Magento: %d, %s", r.status, summary(r.body))
		}
		if !strings.Contains(show.text(t, "h1"), "Changed") || !hasID(show.body, "create-again") {
			t.Errorf("the change made here is gone (%q) or Create again in Magento is not offered", show.text(t, "h1"))
		}
		if got := rowEmails(b.get("/customers?sync=pending").body); slices.Contains(got, "rhea@example.com") {
			t.Errorf("the grid's Waiting to be sent filter lists a customer removed in Magento: %v", got)
		}
		if got := rowEmails(b.get("/customers?sync=removed").body); !slices.Contains(got, "rhea@example.com") {
			t.Errorf("the grid's Removed in Magento filter misses the customer: %v", got)
		}
		if row := channelRow(b.get("/").dom(t), s.twoWay); row != "3 0 0 1" {
			t.Errorf("the dashboard's customers, waiting, conflicts, removed: %q, want 3 0 0 1", row)
		}

		form = editForm(b.get(path + "/edit"))
		form.Set("first_name", "Again")
		expectRedirect(t, b.post(path, form), path)
		show = b.get(path)
		if flash := show.text(t, "p.flash"); !strings.Contains(flash, "Create again in Magento") {
			t.Errorf("saving a customer removed in Magento says %q", flash)
		}
		if badge := show.text(t, "#sync-badge"); badge != "Removed in Magento" {
			t.Errorf("after a save the sync badge reads %q", badge)
		}
	})
}
