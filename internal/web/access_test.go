package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
)

func TestSalesRepresentativeIsRefusedSystemPages(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newTestApp(t, d)
		rep := app.User("kim", "kim-password-1", "Sales Representative", "")
		b := app.browser()
		b.login("kim", "kim-password-1")
		uid, unit, role := idString(rep.ID), idString(app.RootUnit), app.roleIDString("Sales Representative")
		gets := []string{"/system/users", "/system/users/new", "/system/users/" + uid,
			"/system/business-units", "/system/business-units/new", "/system/business-units/" + unit,
			"/system/roles", "/system/roles/new", "/system/roles/" + role}
		for _, path := range gets {
			p := b.get(path)
			if p.status != http.StatusForbidden || !strings.Contains(summary(p.body), "You do not have permission") {
				t.Errorf("GET %s: status %d, message %q; want 403", path, p.status, summary(p.body))
			}
		}
		posts := map[string]url.Values{
			"/system/users":                              {"username": {"x1"}, "password": {"password-123"}, "business_unit": {unit}, "roles": {role}},
			"/system/users/" + uid:                       {"username": {"kim"}, "business_unit": {unit}, "roles": {app.roleIDString("Administrator")}, "enabled": {"on"}},
			"/system/users/" + uid + "/password":         {"password": {"another-password"}},
			"/system/business-units":                     {"name": {"Mine"}, "parent": {unit}},
			"/system/business-units/" + unit:             {"name": {"Renamed"}, "parent": {"0"}},
			"/system/business-units/" + unit + "/delete": nil,
			"/system/roles":                              {"name": {"Mine"}},
			"/system/roles/" + role:                      {"name": {"Sales Representative"}, "perm-user-view": {"4"}},
			"/system/roles/" + role + "/delete":          nil,
		}
		for path, form := range posts {
			if p := b.post(path, form); p.status != http.StatusForbidden {
				t.Errorf("POST %s: status %d; want 403", path, p.status)
			}
		}
		if n := count(t, d, "SELECT COUNT(*) FROM user_roles WHERE user_id = $1", rep.ID); n != 1 {
			t.Fatal("the representative changed their own roles")
		}
		if n := count(t, d, "SELECT COUNT(*) FROM role_permissions WHERE role_id = $1 AND entity = 'user'", role); n != 0 {
			t.Fatal("the representative changed their role")
		}
		home := b.get("/").body
		if strings.Contains(home, "/system/") || strings.Contains(home, ">System<") {
			t.Fatal("the representative's menu shows System")
		}
		if p := b.get("/system/nothing"); p.status != http.StatusNotFound {
			t.Fatalf("an unknown page: %d", p.status)
		}
	})
}

func TestSalesManagerSeesOnlyTheirDivisionsUsers(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newTestApp(t, d)
		sales := app.Unit("Sales", app.RootUnit)
		app.Unit("East", sales)
		app.Unit("Support", app.RootUnit)
		app.User("manager", "manager-password", "Sales Manager", "Sales")
		app.User("eastrep", "eastrep-password", "", "East")
		other := app.User("helpdesk", "helpdesk-password", "", "Support")
		b := app.browser()
		b.login("manager", "manager-password")
		list := b.get("/system/users").body
		if !strings.Contains(list, ">eastrep<") || !strings.Contains(list, ">manager<") || strings.Contains(list, ">helpdesk<") || strings.Contains(list, ">admin<") {
			t.Fatalf("the manager's user list is not their division: %s", list)
		}
		if strings.Contains(list, "New user") {
			t.Error("the manager is offered to create users")
		}
		if p := b.get("/system/users/" + idString(other.ID)); p.status != http.StatusNotFound {
			t.Fatalf("a user outside the division: status %d, want 404", p.status)
		}
	})
}
