package web_test

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
)

// Two people edit one customer at once. The second save, made on the
// version the form was read at, is not written over the first: the form
// comes back (409) with everything typed but the password, a notice
// saying what the customer is now and who changed it (and asking for the
// password again), and the new version; an address the first person
// removed meanwhile comes back as a new one. Saved again, it wins.
func TestCustomerEditSavedMeanwhileKeepsWhatWasTyped(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		s := newCustomerShop(t, d)
		mine, theirs := s.admin(), s.repBrowser("rita")
		path := fmt.Sprintf("/customers/%d", s.repCustomer)
		withAddress := editForm(mine.get(path + "/edit"))
		for k, v := range map[string]string{"first_name": "Rhea", "last_name": "Adler", "street1": "1 Old Road", "city": "Berlin",
			"country": "DE", "postcode": "10115", "telephone": "030-1234"} {
			withAddress.Set("address.0."+k, v)
		}
		expectRedirect(t, mine.post(path, withAddress), path)

		typed := editForm(mine.get(path + "/edit"))
		read := typed.Get("row_version")
		if read == "" || typed.Get("address.0.id") == "" {
			t.Fatalf("the edit form lacks its version (%q) or its address id", read)
		}
		other := editForm(theirs.get(path + "/edit"))
		other.Set("last_name", "Theirs")
		other.Set("address.0.remove", "on")
		expectRedirect(t, theirs.post(path, other), path)

		want := map[string]string{"first_name": "Mina", "last_name": "Mine", "email": "mina@example.com", "taxvat": "DE123",
			"address.0.city": "Hamburg", "address.0.street1": "1 Old Road", "address.1.street1": "2 New Street",
			"address.1.city": "Bremen", "address.1.country": "DE", "address.1.first_name": "Mina", "address.1.last_name": "Mine",
			"address.1.postcode": "28195", "address.1.telephone": "0421-1234"}
		for k, v := range want {
			typed.Set(k, v)
		}
		typed.Set("address_count", "2")
		typed.Set("password", "Str0ng-pass-9")
		stale := mine.post(path, typed)
		notice := stale.text(t, "#stale-notice")
		if stale.status != http.StatusConflict || !strings.Contains(notice, "Someone changed this customer") ||
			!strings.Contains(notice, "Rhea Theirs") || !strings.Contains(notice, "rita") || !strings.Contains(notice, "type it again") {
			t.Fatalf("a save over a change made meanwhile: status %d, notice %q (%s)", stale.status, notice, summary(stale.body))
		}
		shown := editForm(stale)
		for k, v := range want {
			if got := shown.Get(k); got != v {
				t.Errorf("%s typed %q, shown again %q", k, v, got)
			}
		}
		if got := shown.Get("password"); got != "" {
			t.Error("the password typed is shown again")
		}
		if got := shown.Get("address.0.id"); got != "" {
			t.Errorf("the address removed meanwhile still carries its id %q: saving again would be refused", got)
		}
		if got, now := shown.Get("row_version"), customerVersion(t, d, s.repCustomer); got == read || got != strconv.Itoa(now) {
			t.Errorf("the form shown again carries version %q, read at %s, now %d", got, read, now)
		}
		if last := customerLastName(t, d, s.repCustomer); last != "Theirs" {
			t.Fatalf("the other change was overwritten: last name %q", last)
		}

		expectRedirect(t, mine.post(path, shown), path)
		if last := customerLastName(t, d, s.repCustomer); last != "Mine" {
			t.Errorf("saved again: last name %q, want Mine", last)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM magento_addresses WHERE customer_id = $1 AND city IN ('Hamburg', 'Bremen')", s.repCustomer); n != 2 {
			t.Errorf("saved again: %d of the two addresses typed", n)
		}
	})
}

// A customer whose channel is disabled after the form was read is not
// saved, and the form says why and keeps what was typed.
func TestCustomerEditBlockedMeanwhileKeepsWhatWasTyped(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		s := newCustomerShop(t, d)
		b := s.admin()
		path := fmt.Sprintf("/customers/%d", s.adminCustomer)
		typed := editForm(b.get(path + "/edit"))
		typed.Set("last_name", "Typed")
		typed.Set("email", "typed@example.com")
		if _, err := d.Exec("UPDATE channels SET enabled = $1 WHERE id = $2", false, s.twoWay); err != nil {
			t.Fatal(err)
		}
		p := b.post(path, typed)
		notice := p.text(t, "#blocked-notice")
		if p.status != http.StatusConflict || !strings.Contains(notice, "is disabled") || !strings.Contains(notice, "Nothing was saved") {
			t.Fatalf("a save on a channel disabled meanwhile: status %d, notice %q", p.status, notice)
		}
		if shown := editForm(p); shown.Get("last_name") != "Typed" || shown.Get("email") != "typed@example.com" {
			t.Errorf("what was typed is not shown again: %q, %q", shown.Get("last_name"), shown.Get("email"))
		}
		if last := customerLastName(t, d, s.adminCustomer); last != "Cole" {
			t.Errorf("saved on a disabled channel: last name %q", last)
		}
	})
}

// customerVersion is the stored row_version of customer id.
func customerVersion(t *testing.T, d *db.DB, id int64) int {
	t.Helper()
	return count(t, d, "SELECT row_version FROM magento_customers WHERE id = $1", id)
}

// customerLastName is the stored last name of customer id.
func customerLastName(t *testing.T, d *db.DB, id int64) string {
	t.Helper()
	var name string
	if err := d.QueryRow("SELECT last_name FROM magento_customers WHERE id = $1", id).Scan(&name); err != nil {
		t.Fatal(err)
	}
	return name
}

// A save refused for a mistake (422) asks for a typed password again, as
// the password is never shown again.
func TestCustomerEditMistakeAsksForThePasswordAgain(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		s := newCustomerShop(t, d)
		b := s.admin()
		path := fmt.Sprintf("/customers/%d", s.adminCustomer)
		typed := editForm(b.get(path + "/edit"))
		typed.Set("email", "not an email")
		typed.Set("password", "Str0ng-pass-9")
		p := b.post(path, typed)
		if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "type it again") {
			t.Fatalf("a save with a mistake and a password typed: status %d, %s", p.status, summary(p.body))
		}
		if got := editForm(p).Get("password"); got != "" {
			t.Error("the password typed is shown again")
		}
	})
}

// A save on a form read before another change, of a customer whose
// channel was disabled since, says both: what changed meanwhile and that
// editing is off.
func TestCustomerEditSavedMeanwhileAndBlockedSaysBoth(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		s := newCustomerShop(t, d)
		b := s.admin()
		path := fmt.Sprintf("/customers/%d", s.adminCustomer)
		typed := editForm(b.get(path + "/edit"))
		other := editForm(b.get(path + "/edit"))
		other.Set("last_name", "Other")
		expectRedirect(t, b.post(path, other), path)
		if _, err := d.Exec("UPDATE channels SET enabled = $1 WHERE id = $2", false, s.twoWay); err != nil {
			t.Fatal(err)
		}
		typed.Set("last_name", "Typed")
		p := b.post(path, typed)
		if p.status != http.StatusConflict {
			t.Fatalf("status %d, want 409 (%s)", p.status, summary(p.body))
		}
		stale, blocked := p.text(t, "#stale-notice"), p.text(t, "#blocked-notice")
		if !strings.Contains(stale, "Someone changed this customer") || !strings.Contains(blocked, "is disabled") {
			t.Errorf("notices %q and %q, want the change meanwhile and the disabled channel", stale, blocked)
		}
		if last := customerLastName(t, d, s.adminCustomer); last != "Other" {
			t.Errorf("last name %q, want Other (nothing saved)", last)
		}
	})
}
