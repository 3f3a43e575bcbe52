package web_test

import (
	"net/url"
	"strings"
	"testing"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
)

// owners maps each shop customer's email to its owner's user name.
func owners(t *testing.T, d *db.DB) map[string]string {
	t.Helper()
	rows, err := d.Query("SELECT c.email, u.username FROM magento_customers c JOIN users u ON u.id = c.owner_user_id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var email, user string
		rows.Scan(&email, &user)
		out[strings.SplitN(email, "@", 2)[0]] = user
	}
	return out
}

func TestMassAssignChangesExactlyTheFilteredCustomersInScope(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		s := newCustomerShop(t, d)
		admin := s.admin()
		form := url.Values{"action": {"assign"}, "owner": {idString(s.rep)}, "scope": {"all"}, "query": {"country=US"}}
		p := admin.post("/customers/mass", form)
		if q := p.text(t, "#mass-question"); q != "Assign 2 customers to rita?" && !strings.HasPrefix(q, "Assign 2 customers to ") {
			t.Fatalf("confirmation: %q", q)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM audit_log WHERE action = 'assign'"); n != 0 {
			t.Fatal("asking for confirmation changed something")
		}
		r := admin.post("/customers/mass/apply", form)
		expectRedirect(t, r, "/customers?country=US")
		if flash := admin.get("/customers?country=US").text(t, ".flash"); flash != "Changed 2 customers." {
			t.Errorf("after the mass action: %q", flash)
		}
		got := owners(t, d)
		if got["olga"] != "rita" || got["alan"] != "rita" || got["rhea"] != "rita" || got["rory"] != "admin" {
			t.Errorf("owners after assigning the US customers to rita: %v", got)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM audit_log WHERE action = 'assign' AND entity = 'magento_customer'"); n != 2 {
			t.Errorf("%d history entries, want one per customer changed", n)
		}

		// A Sales Manager of the Sales unit, assigning every customer, changes
		// only those of the unit; the rest stay out of reach.
		maria := s.app.User("maria", repPassword, "Sales Manager", "Sales")
		mgr := s.repBrowser("maria")
		all := url.Values{"action": {"assign"}, "owner": {idString(maria.ID)}, "scope": {"all"}, "query": {""}}
		if q := mgr.post("/customers/mass", all).text(t, "#mass-question"); q != "Assign 3 customers to maria?" && !strings.HasPrefix(q, "Assign 3 customers to ") {
			t.Fatalf("the manager's confirmation: %q", q)
		}
		mgr.post("/customers/mass/apply", all)
		if got := owners(t, d); got["rhea"] != "maria" || got["olga"] != "maria" || got["alan"] != "maria" || got["rory"] != "admin" {
			t.Errorf("the manager's mass assignment: %v", got)
		}
		// An owner outside the manager's division is refused.
		mgr.post("/customers/mass/apply", url.Values{"action": {"assign"}, "owner": {idString(s.outsider)}, "scope": {"all"}})
		if got := owners(t, d); got["rhea"] != "maria" {
			t.Errorf("the manager assigned to a user out of reach: %v", got)
		}

		// Ticked rows only; an owner the person may not assign is refused.
		p = admin.post("/customers/mass/apply", url.Values{"action": {"assign"}, "owner": {"999999"}, "id": {idString(s.oneWayCustomer)}})
		if flash := admin.get("/customers").text(t, ".flash"); !strings.Contains(flash, "Nothing was changed") {
			t.Errorf("an unknown owner: %q", flash)
		}
		admin.post("/customers/mass/apply", url.Values{"action": {"assign"}, "owner": {idString(s.outsider)}, "id": {idString(s.oneWayCustomer)}})
		if got := owners(t, d); got["rory"] != "otto" {
			t.Errorf("the ticked customer's owner is %q", got["rory"])
		}
	})
}

func TestMassExportOfTickedCustomers(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		s := newCustomerShop(t, d)
		admin := s.admin()
		p := admin.post("/customers/mass", url.Values{"action": {"export"}, "id": {idString(s.repCustomer), idString(s.adminCustomer)}})
		href := p.dom(t).Find("#mass-download").AttrOr("href", "")
		if p.text(t, "#mass-question") != "Export 2 customers as CSV?" || href == "" {
			t.Fatalf("export confirmation: %q %q", p.text(t, "#mass-question"), href)
		}
		csv := admin.get(href).body
		if strings.Count(csv, "\n") != 3 || !strings.Contains(csv, "rhea@example.com") || !strings.Contains(csv, "alan@example.com") {
			t.Errorf("export of the ticked customers:\n%s", csv)
		}
	})
}
