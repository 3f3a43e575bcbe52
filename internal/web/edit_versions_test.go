package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
)

// versionedEdit is one edit form that carries its record's version.
type versionedEdit struct {
	what   string // the record, as the notice names it
	path   string // the record's edit page posts here
	edit   string // the edit page
	form   string // selects the form on the edit page
	field  string // the field both people change
	stored string // reads the field's stored value, the record's id as $1
	id     int64
	typed  map[string]string // more values the second person types
	first  map[string]string // more values the first person types
}

// Two people edit the same user, contact, account, channel or note at
// once. The second save, made on the version the form was read at, is not
// written over the first: its form comes back (409) with what was typed,
// a notice saying the record changed meanwhile and what it is now, and
// the record's new version; saved again, it wins.
func TestEditFormsSavedMeanwhileAreNotOverwritten(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		s := newCustomerShop(t, d)
		mine, theirs := s.app.twoAdmins()
		contact := created(t, mine.post("/contacts", url.Values{"first_name": {"Ann"}, "last_name": {"Lee"}}), "/contacts/")
		account := created(t, mine.post("/accounts", url.Values{"name": {"Acme"}}), "/accounts/")
		customer := "/customers/" + idString(s.repCustomer)
		expectRedirect(t, mine.post("/activities", url.Values{"entity": {"magento_customer"}, "entity_id": {idString(s.repCustomer)},
			"next": {customer}, "kind": {"note"}, "body": {"First words"}}), customer+"#timeline")
		note := int64(count(t, d, "SELECT MAX(id) FROM activities"))
		// The fixture writes its channel as never saved (updated_at 0, no
		// version); one saved through magecrm has its save's time.
		if _, err := d.Exec("UPDATE channels SET updated_at = $1 WHERE id = $2", time.Now().UnixMilli(), s.twoWay); err != nil {
			t.Fatal(err)
		}
		cases := []versionedEdit{
			{what: "user", path: "/system/users/" + idString(s.outsider), field: "first_name",
				stored: "SELECT first_name FROM users WHERE id = $1", id: s.outsider, typed: map[string]string{"email": "otto@example.com"}},
			{what: "contact", path: "/contacts/" + contact, form: "#contact-form", field: "job_title",
				stored: "SELECT job_title FROM contacts WHERE id = $1", typed: map[string]string{"first_name": "Anna"}},
			{what: "account", path: "/accounts/" + account, form: "#account-form", field: "name",
				stored: "SELECT name FROM accounts WHERE id = $1", typed: map[string]string{"phone": "+49 30 1234"}},
			{what: "channel", path: "/channels/" + idString(s.twoWay), field: "name", stored: "SELECT name FROM channels WHERE id = $1",
				id: s.twoWay, typed: map[string]string{"sync_interval": "30"}, first: map[string]string{"access_token": "token-1"}},
			{what: "note", path: "/activities/" + idString(note), form: "#activity-form", field: "body",
				stored: "SELECT body FROM activities WHERE id = $1", id: note},
		}
		cases[1].id, cases[2].id = parseID(t, contact), parseID(t, account)
		for _, c := range cases {
			t.Run(c.what, func(t *testing.T) { c.check(t, d, mine, theirs) })
		}
	})
}

func (c versionedEdit) check(t *testing.T, d *db.DB, mine, theirs *browser) {
	edit, form := c.path+"/edit", c.form
	if c.what == "user" {
		edit = c.path
	}
	if form == "" {
		form = `form[action="` + c.path + `"]`
	}
	typed := formValues(mine.get(edit), form)
	read := typed.Get("version")
	if read == "" || read == "0" {
		t.Fatalf("the edit form carries version %q", read)
	}
	other := formValues(theirs.get(edit), form)
	other.Set(c.field, "Theirs")
	for k, v := range c.first {
		other.Set(k, v)
	}
	expectRedirect(t, theirs.post(c.path, other), c.path)

	typed.Set(c.field, "Mine")
	for k, v := range c.typed {
		typed.Set(k, v)
	}
	stale := mine.post(c.path, typed)
	notice := stale.text(t, "#stale-notice")
	if stale.status != http.StatusConflict || !strings.Contains(notice, "Someone changed this "+c.what) {
		t.Fatalf("a save over a change made meanwhile: status %d, notice %q (%s)", stale.status, notice, summary(stale.body))
	}
	shown := formValues(stale, form)
	for k, v := range c.typed {
		if got := shown.Get(k); got != v {
			t.Errorf("%s typed %q, shown again %q", k, v, got)
		}
	}
	if got := shown.Get(c.field); got != "Mine" {
		t.Errorf("%s typed Mine, shown again %q", c.field, got)
	}
	now := formValues(theirs.get(edit), form).Get("version")
	if got := shown.Get("version"); got == read || got != now {
		t.Errorf("the form shown again carries version %q, read at %s, now %s", got, read, now)
	}
	if got := storedText(t, d, c.stored, c.id); got != "Theirs" {
		t.Fatalf("the other change was overwritten: %q", got)
	}
	expectRedirect(t, mine.post(c.path, shown), c.path)
	if got := storedText(t, d, c.stored, c.id); got != "Mine" {
		t.Errorf("saved again: %q, want Mine", got)
	}
}

// storedText reads one text value with query, id its argument.
func storedText(t *testing.T, d *db.DB, query string, id int64) string {
	t.Helper()
	var v string
	if err := d.QueryRow(query, id).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// parseID reads a record id.
func parseID(t *testing.T, s string) int64 {
	t.Helper()
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// A channel never saved through magecrm (updated_at 0) still has its
// edit form checked: its version reads "0", and a save made on it after
// another is refused (409), not written over the other.
func TestAChannelNeverSavedHasItsFormChecked(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		s := newCustomerShop(t, d)
		mine, theirs := s.app.twoAdmins()
		if _, err := d.Exec("UPDATE channels SET updated_at = 0 WHERE id = $1", s.twoWay); err != nil {
			t.Fatal(err)
		}
		path := "/channels/" + idString(s.twoWay)
		form := `form[action="` + path + `"]`
		typed := formValues(mine.get(path+"/edit"), form)
		if got := typed.Get("version"); got != "0" {
			t.Fatalf("the form of a channel never saved carries version %q, want 0", got)
		}
		other := formValues(theirs.get(path+"/edit"), form)
		other.Set("name", "Theirs")
		other.Set("access_token", "token-1")
		expectRedirect(t, theirs.post(path, other), path)
		typed.Set("name", "Mine")
		typed.Set("access_token", "token-1")
		if p := mine.post(path, typed); p.status != http.StatusConflict {
			t.Errorf("a save on the form read before another: status %d, want 409", p.status)
		}
		var name string
		if err := d.QueryRow("SELECT name FROM channels WHERE id = $1", s.twoWay).Scan(&name); err != nil {
			t.Fatal(err)
		}
		if name != "Theirs" {
			t.Errorf("channel name %q, want Theirs (the other save kept)", name)
		}
	})
}
