package web_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"magecrm/internal/acl"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
)

// keeperMatrix is a Sales Representative's grants plus user view, create
// and edit in the own business unit: a team lead who manages their team.
func keeperMatrix(name string) url.Values {
	cells := map[string]acl.Level{"perm-user-view": acl.BusinessUnit, "perm-user-create": acl.BusinessUnit, "perm-user-edit": acl.BusinessUnit}
	for _, e := range []string{"magento_customer", "contact", "account", "activity"} {
		cells["perm-"+e+"-view"] = acl.BusinessUnit
		cells["perm-"+e+"-create"] = acl.Own
		cells["perm-"+e+"-edit"] = acl.Own
	}
	return matrix(name, cells)
}

// heldRoles returns the ids of the roles a user holds, sorted.
func heldRoles(t *testing.T, d *db.DB, username string) []string {
	t.Helper()
	rows, err := d.Query("SELECT ur.role_id FROM user_roles ur JOIN users u ON u.id = ur.user_id WHERE u.username = $1", username)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, idString(id))
	}
	slices.Sort(ids)
	return ids
}

func TestUserManagersCannotRaiseAnyonesAccess(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newTestApp(t, d)
		admin := app.browser()
		admin.login("admin", app.AdminPassword)
		if p := admin.post("/system/roles", keeperMatrix("Team Lead")); p.status != http.StatusSeeOther {
			t.Fatalf("create the Team Lead role: status %d", p.status)
		}
		root := idString(app.RootUnit)
		adminRole, mgrRole := app.roleIDString("Administrator"), app.roleIDString("Sales Manager")
		repRole, leadRole := app.roleIDString("Sales Representative"), app.roleIDString("Team Lead")
		lead := app.User("lena", "lena-Tulip-harbor-93", "Team Lead", "")
		boss := app.User("boss", "boss-Quartz-meadow-71", "Administrator", "")
		rep := app.User("ravi", "ravi-Copper-lantern-58", "Sales Representative", "")
		b := app.browser()
		b.login("lena", "lena-Tulip-harbor-93")

		form := b.get("/system/users/new")
		for id, offered := range map[string]bool{repRole: true, leadRole: true, adminRole: false, mgrRole: false} {
			if got := hasID(form.body, "role-"+id); got != offered {
				t.Errorf("the new-user form offers role %s: %v, want %v", id, got, offered)
			}
		}

		newUser := func(roles ...string) url.Values {
			return url.Values{"username": {"mallory"}, "business_unit": {root}, "roles": roles, "enabled": {"on"}, "password": {"mallory-Velvet-crane-42"}}
		}
		p := b.post("/system/users", newUser(adminRole))
		if p.status != http.StatusUnprocessableEntity {
			t.Fatalf("creating an Administrator: status %d, want 422", p.status)
		}
		expectFieldError(t, p.body, "roles", "You cannot give the role Administrator: it grants more than your own roles do.")
		if n := count(t, d, "SELECT COUNT(*) FROM users WHERE username = 'mallory'"); n != 0 {
			t.Fatal("a user with a role above the creator's was created")
		}

		self := "/system/users/" + idString(lead.ID)
		mine := url.Values{"username": {"lena"}, "business_unit": {root}, "roles": {leadRole, adminRole}, "enabled": {"on"}}
		p = b.post(self, mine)
		if p.status != http.StatusUnprocessableEntity {
			t.Fatalf("giving oneself Administrator: status %d, want 422", p.status)
		}
		expectFieldError(t, p.body, "roles", "You cannot change your own roles")
		mine.Set("roles", repRole)
		if p := b.post(self, mine); p.status != http.StatusUnprocessableEntity {
			t.Fatalf("swapping one's own role: status %d, want 422", p.status)
		}
		if got := heldRoles(t, d, "lena"); !slices.Equal(got, []string{leadRole}) {
			t.Fatalf("lena holds roles %v, want only %s", got, leadRole)
		}
		own := b.get(self)
		if _, disabled := attrOf(own.body, "role-"+leadRole, "disabled"); !disabled || !strings.Contains(own.body, "You cannot change your own roles") {
			t.Error("one's own user page offers the roles as a choice")
		}
		mine.Set("roles", leadRole)
		mine.Set("email", "lena@example.com")
		expectRedirect(t, b.post(self, mine), self)

		bossPath := "/system/users/" + idString(boss.ID)
		p = b.post(bossPath, url.Values{"username": {"boss"}, "business_unit": {root}, "roles": {adminRole}})
		if p.status != http.StatusForbidden {
			t.Fatalf("disabling an Administrator of the own unit: status %d, want 403", p.status)
		}
		if p := b.post(bossPath+"/password", url.Values{"password": {"taken-Over-account-77"}}); p.status != http.StatusForbidden {
			t.Fatalf("resetting an Administrator's password: status %d, want 403", p.status)
		}
		app.browser().login("boss", "boss-Quartz-meadow-71")
		if page := b.get(bossPath); page.status != http.StatusOK || strings.Contains(page.body, `action="`+bossPath+`/password"`) || hasID(page.body, "username") {
			t.Errorf("an Administrator's page offers a team lead the forms (status %d)", page.status)
		}

		repPath := "/system/users/" + idString(rep.ID)
		repForm := url.Values{"username": {"ravi"}, "business_unit": {root}, "roles": {adminRole}, "enabled": {"on"}}
		if p := b.post(repPath, repForm); p.status != http.StatusUnprocessableEntity {
			t.Fatalf("making a representative an Administrator: status %d, want 422", p.status)
		}
		repForm["roles"] = []string{repRole, leadRole}
		expectRedirect(t, b.post(repPath, repForm), repPath)
		expectRedirect(t, b.post(repPath+"/password", url.Values{"password": {"ravi-Amber-rocket-36"}}), repPath)
		app.browser().login("ravi", "ravi-Amber-rocket-36")
		if p := b.post("/system/users", newUser(repRole)); p.status != http.StatusSeeOther {
			t.Fatalf("creating a representative: status %d, %q", p.status, fieldError(p.body, "roles"))
		}
	})
}

func TestRoleEditorsCannotGrantMoreThanTheyHold(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newTestApp(t, d)
		admin := app.browser()
		admin.login("admin", app.AdminPassword)
		keeper := map[string]acl.Level{"perm-role-view": acl.Organization, "perm-role-edit": acl.Organization, "perm-role-create": acl.Organization}
		if p := admin.post("/system/roles", matrix("Role Keeper", keeper)); p.status != http.StatusSeeOther {
			t.Fatalf("create the Role Keeper role: status %d", p.status)
		}
		app.User("rita", "rita-Harbor-violet-27", "Role Keeper", "")
		b := app.browser()
		b.login("rita", "rita-Harbor-violet-27")
		raised := map[string]acl.Level{"perm-user-edit": acl.Organization}
		for k, l := range keeper {
			raised[k] = l
		}
		own := "/system/roles/" + app.roleIDString("Role Keeper")
		p := b.post(own, matrix("Role Keeper", raised))
		if p.status != http.StatusUnprocessableEntity {
			t.Fatalf("raising one's own role: status %d, want 422", p.status)
		}
		if msg := fieldError(p.body, "permissions"); msg != "You cannot grant more than your own roles do: Users / edit." {
			t.Fatalf("message %q", msg)
		}
		if p := b.post("/system/roles", matrix("Everything", raised)); p.status != http.StatusUnprocessableEntity {
			t.Fatalf("creating a role above one's own: status %d, want 422", p.status)
		}
		p = b.post("/system/roles/"+app.roleIDString("Administrator"), matrix("Administrator", keeper))
		if p.status != http.StatusUnprocessableEntity || !strings.Contains(fieldError(p.body, "permissions"), "grants more than your own roles do, so you cannot change it") {
			t.Fatalf("cutting the Administrator role down: status %d, %q", p.status, fieldError(p.body, "permissions"))
		}
		if n := count(t, d, "SELECT COUNT(*) FROM role_permissions WHERE role_id = $1 AND entity = 'user' AND action = 'edit'", app.RoleID("Role Keeper")); n != 0 {
			t.Fatal("the Role Keeper role gained user edit")
		}
		expectRedirect(t, b.post(own, matrix("Role Keeper", map[string]acl.Level{"perm-role-view": acl.Organization, "perm-role-edit": acl.Organization})), own)
	})
}

func TestGuessableUserPasswordsAreRefused(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newTestApp(t, d)
		admin := app.browser()
		admin.login("admin", app.AdminPassword)
		form := url.Values{"username": {"frank"}, "first_name": {"Frank"}, "business_unit": {idString(app.RootUnit)},
			"roles": {app.roleIDString("Sales Representative")}, "enabled": {"on"}}
		for pw, msg := range map[string]string{
			"aaaaaaaaaa": "too easy to guess",
			"1234567890": "one of the most common passwords",
			"frank12345": "too easy to guess",
			"Password1!": "too easy to guess",
		} {
			form.Set("password", pw)
			p := admin.post("/system/users", form)
			if p.status != http.StatusUnprocessableEntity {
				t.Fatalf("%q: status %d, want 422", pw, p.status)
			}
			expectFieldError(t, p.body, "password", msg)
		}
		form.Set("password", "copper-lantern-river")
		p := admin.post("/system/users", form)
		if p.status != http.StatusSeeOther {
			t.Fatalf("a strong password: status %d, %q", p.status, fieldError(p.body, "password"))
		}
		reset := admin.post(p.resp.Header.Get("Location")+"/password", url.Values{"password": {"qwertyuiop"}})
		if reset.status != http.StatusUnprocessableEntity {
			t.Fatalf("reset to a common password: status %d", reset.status)
		}
		expectFieldError(t, reset.body, "password", "most common passwords")
	})
}
