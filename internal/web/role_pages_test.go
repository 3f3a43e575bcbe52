package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"magecrm/internal/acl"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
)

// matrix returns a role form with every cell at None but the given ones.
func matrix(name string, cells map[string]acl.Level) url.Values {
	v := url.Values{"name": {name}}
	for _, e := range acl.Entities {
		for _, a := range acl.Actions {
			v.Set("perm-"+string(e)+"-"+string(a), "0")
		}
	}
	for k, l := range cells {
		v.Set(k, idString(int64(l)))
	}
	return v
}

func TestRolePagesGrantWhatTheMatrixSays(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newTestApp(t, d)
		admin := app.browser()
		admin.login("admin", app.AdminPassword)

		newForm := admin.get("/system/roles/new").body
		if !strings.Contains(newForm, `<label class="sr-only" for="perm-user-view">Users: view</label>`) {
			t.Fatal("the matrix selects have no labels")
		}
		p := admin.post("/system/roles", matrix("User Directory", map[string]acl.Level{"perm-user-view": acl.Organization, "perm-contact-edit": acl.Division}))
		if p.status != http.StatusSeeOther {
			t.Fatalf("create: status %d, %q", p.status, fieldError(p.body, "name")+fieldError(p.body, "permissions"))
		}
		rolePath := p.resp.Header.Get("Location")
		edit := admin.get(rolePath).body
		for field, want := range map[string]string{"perm-user-view": "4", "perm-contact-edit": "3", "perm-role-view": "0"} {
			if got := selected(edit, field); got != want {
				t.Errorf("%s shows level %q, want %q", field, got, want)
			}
		}

		roleID := strings.TrimPrefix(rolePath, "/system/roles/")
		u := app.User("jules", "jules-password-1", "User Directory", "")
		jules := app.browser()
		jules.login("jules", "jules-password-1")
		if p := jules.get("/system/users"); p.status != http.StatusOK || !strings.Contains(p.body, ">admin<") {
			t.Fatalf("a user with organization-wide user view: /system/users status %d", p.status)
		}
		if p := jules.get("/system/roles"); p.status != http.StatusForbidden {
			t.Fatalf("/system/roles without a grant: status %d", p.status)
		}
		home := jules.get("/").body
		if !strings.Contains(home, `href="/system/users"`) || strings.Contains(home, `href="/system/roles"`) {
			t.Error("the menu does not follow the role")
		}
		// Viewing a user without an edit grant shows details, not a form.
		if p := jules.get("/system/users/" + idString(u.ID)); p.status != http.StatusOK || hasID(p.body, "username") || !strings.Contains(p.body, "User Directory") {
			t.Errorf("a read-only user page: status %d", p.status)
		}

		// Take the grant away: the next request is refused.
		expectRedirect(t, admin.post(rolePath, matrix("User Directory", nil)), rolePath)
		if p := jules.get("/system/users"); p.status != http.StatusForbidden {
			t.Fatalf("after the grant was removed: status %d", p.status)
		}

		// A role in use stays; once unused it can be deleted.
		p = admin.post(rolePath+"/delete", nil)
		if p.status != http.StatusConflict || !strings.Contains(summary(p.body), "the role is still given to users") {
			t.Fatalf("delete a role in use: status %d, %q", p.status, summary(p.body))
		}
		expectRedirect(t, admin.post("/system/users/"+idString(u.ID), url.Values{"username": {"jules"}, "business_unit": {idString(u.BusinessUnitID)},
			"roles": {app.roleIDString("Sales Representative")}, "enabled": {"on"}}), "/system/users/"+idString(u.ID))
		if confirm, _ := attrOf(admin.get(rolePath).body, "delete-role", "data-confirm"); !strings.Contains(confirm, "Delete the role User Directory?") {
			t.Fatal("the delete button asks no confirmation")
		}
		expectRedirect(t, admin.post(rolePath+"/delete", nil), "/system/roles")
		if n := count(t, d, "SELECT COUNT(*) FROM roles WHERE id = $1", roleID); n != 0 {
			t.Fatal("the role is still there")
		}
		if list := admin.get("/system/roles").body; strings.Contains(list, ">User Directory<") || !strings.Contains(list, "Built-in") {
			t.Error("the role list is wrong after the delete")
		}
	})
}

func TestRoleFormValidation(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newTestApp(t, d)
		admin := app.browser()
		admin.login("admin", app.AdminPassword)
		adminRole := "/system/roles/" + app.roleIDString("Administrator")
		typed := map[string]acl.Level{"perm-contact-view": acl.Division}
		bad := matrix("Auditors", typed)
		bad.Set("perm-account-view", "9")

		cases := []struct {
			name, path string
			form       url.Values
			field, msg string
		}{
			{"empty name", "/system/roles", matrix(" ", typed), "name", "Enter a name of at most 100 characters."},
			{"taken name", "/system/roles", matrix("administrator", typed), "name", "Another role has this name."},
			{"unknown level", "/system/roles", bad, "permissions", "Choose a level from the list for Accounts / view."},
			{"built-in renamed", adminRole, matrix("Boss", typed), "name", "A built-in role keeps its name"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				p := admin.post(tc.path, tc.form)
				if p.status != http.StatusUnprocessableEntity {
					t.Fatalf("status %d", p.status)
				}
				expectFieldError(t, p.body, tc.field, tc.msg)
				if value(p.body, "name") != tc.form.Get("name") {
					t.Errorf("name shows %q, typed %q", value(p.body, "name"), tc.form.Get("name"))
				}
				if selected(p.body, "perm-contact-view") != "3" {
					t.Error("the typed matrix was lost")
				}
			})
		}
		t.Run("delete a built-in role", func(t *testing.T) {
			p := admin.post(adminRole+"/delete", nil)
			if p.status != http.StatusConflict || !strings.Contains(summary(p.body), "a built-in role cannot be deleted") {
				t.Fatalf("status %d, message %q", p.status, summary(p.body))
			}
		})
		if n := count(t, d, "SELECT COUNT(*) FROM roles"); n != 3 {
			t.Fatalf("%d roles after refused changes, want the 3 built-in ones", n)
		}
		// The administrator's grants are untouched by the refused rename.
		admin.login("admin", app.AdminPassword)
		if p := admin.get("/system/roles"); p.status != http.StatusOK {
			t.Fatalf("roles page: %d", p.status)
		}
	})
}
