package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"magecrm/e2e"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/model"
)

// conflictOn lists a conflict on a customer's first name as the push or
// the import records it: kept is the name the customer has now.
func (s *customerShop) conflictOn(t *testing.T, d *db.DB, customer int64, kept, lost string, keptLocal bool) int64 {
	t.Helper()
	var id int64
	if err := d.QueryRow(`INSERT INTO customer_conflicts (customer_id, channel_id, field, kept, lost, kept_local, created_at)
		VALUES ($1, $2, 'firstname', $3, $4, $5, 1700000000000) RETURNING id`, customer, s.twoWay, kept, lost, keptLocal).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Exec("UPDATE magento_customers SET sync_state = sync_state | $1 WHERE id = $2", model.SyncConflict, customer); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestTakeTheOtherValueOfAConflict: the channel's Conflicts list shows the
// values kept and lost; "Take the other value" makes the lost one the
// customer's, with history, waiting to be sent, and closes the conflict;
// "Keep" closes one without a change. A Sales Representative sees and
// settles only the conflicts of customers they may edit, and a cross-site
// post is refused.
func TestTakeTheOtherValueOfAConflict(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		s := newCustomerShop(t, d)
		mine := s.conflictOn(t, d, s.repCustomer, "Rhea", "Rhiannon", false)
		theirs := s.conflictOn(t, d, s.outsideCustomer, "Olga", "Olgierda", true)
		channelPath := fmt.Sprintf("/channels/%d", s.twoWay)
		admin := s.admin()
		doc := admin.get(channelPath).dom(t)
		if got := strings.Join(strings.Fields(doc.Find(fmt.Sprintf("#conflict-%d td.lost", mine)).Text()), " "); got != "Rhiannon (magecrm's)" {
			t.Errorf("the list shows the lost value as %q", got)
		}

		rep := s.repBrowser("rita")
		repPage := rep.get(channelPath)
		if repPage.status == http.StatusOK {
			if n := repPage.dom(t).Find(fmt.Sprintf("#conflict-%d", theirs)).Length(); n != 0 {
				t.Error("the rep sees the conflict of a customer out of their scope")
			}
		}
		if p := rep.post(fmt.Sprintf("/customers/%d/conflicts/%d/take", s.outsideCustomer, theirs), url.Values{}); p.status != http.StatusForbidden {
			t.Errorf("the rep took the other value of a customer out of scope: status %d", p.status)
		}

		takePath := fmt.Sprintf("/customers/%d/conflicts/%d/take", s.repCustomer, mine)
		req, _ := http.NewRequest(http.MethodPost, rep.app.srv.URL+takePath, strings.NewReader(""))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		if p := rep.do(req); p.status != http.StatusForbidden {
			t.Errorf("cross-site take: status %d, want 403", p.status)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM customer_conflicts WHERE id = $1", mine); n != 1 {
			t.Fatal("the cross-site post settled the conflict")
		}

		expectRedirect(t, rep.post(takePath, url.Values{"channel": {idString(s.twoWay)}}), channelPath+"#conflicts")
		var first string
		var state int
		if err := d.QueryRow("SELECT first_name, sync_state FROM magento_customers WHERE id = $1", s.repCustomer).Scan(&first, &state); err != nil {
			t.Fatal(err)
		}
		if first != "Rhiannon" || state&model.SyncPendingSend == 0 || state&model.SyncConflict != 0 {
			t.Errorf("after taking the other value: first name %q, state %b; want Rhiannon waiting to be sent, no conflict", first, state)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM jobs WHERE queue = $1", fmt.Sprintf("push:%d", s.twoWay)); n != 1 {
			t.Errorf("%d sends queued, want 1", n)
		}
		shown := admin.get(fmt.Sprintf("/customers/%d", s.repCustomer))
		if !strings.Contains(shown.body, "take the other value") {
			t.Error("the customer's history has no entry for taking the other value")
		}
		expectRedirect(t, rep.post(takePath, url.Values{}), fmt.Sprintf("/customers/%d#history", s.repCustomer))
		if body := rep.get(fmt.Sprintf("/customers/%d", s.repCustomer)).body; !strings.Contains(body, "settled meanwhile") {
			t.Errorf("taking a settled conflict again does not say so: %q", summary(body))
		}

		expectRedirect(t, admin.post(fmt.Sprintf("/customers/%d/conflicts/%d/keep", s.outsideCustomer, theirs),
			url.Values{"channel": {idString(s.twoWay)}}), channelPath+"#conflicts")
		if err := d.QueryRow("SELECT first_name, sync_state FROM magento_customers WHERE id = $1", s.outsideCustomer).Scan(&first, &state); err != nil {
			t.Fatal(err)
		}
		if first != "Olga" || state != 0 {
			t.Errorf("after keeping: first name %q, state %b; want Olga in sync", first, state)
		}
		if !strings.Contains(admin.get(channelPath).body, "No conflicts.") {
			t.Error("the channel page still lists conflicts")
		}
	})
}

// TestTakeTheOtherValueInBrowser clicks "Take the other value" on the
// channel page in a real browser.
func TestTakeTheOtherValueInBrowser(t *testing.T) {
	b := e2e.NewBrowser(t)
	d := dbtest.SQLiteOnly(t, "a browser test of one click path; the conflict actions run on both databases in TestTakeTheOtherValueOfAConflict")
	s := newCustomerShop(t, d)
	k := s.conflictOn(t, d, s.adminCustomer, "Alan", "Alastair", false)
	b.SignIn(s.app.srv.URL, "admin", s.app.AdminPassword)
	b.Open(s.app.srv.URL + fmt.Sprintf("/channels/%d", s.twoWay))
	if status := b.Submit(fmt.Sprintf("#conflict-%d button.take-other", k)); status != http.StatusOK {
		t.Fatalf("Take the other value: status %d", status)
	}
	if got := b.Text("#conflicts + p"); got != "No conflicts." {
		t.Errorf("after the click the list says %q", got)
	}
	b.Open(s.app.srv.URL + fmt.Sprintf("/customers/%d", s.adminCustomer))
	if got := b.Text("h1"); !strings.Contains(got, "Alastair") {
		t.Errorf("the customer's page is titled %q, want the name taken", got)
	}
}
