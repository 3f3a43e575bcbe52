package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
)

func TestUserPagesCreateSearchEditAndResetPassword(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newTestApp(t, d)
		admin := app.browser()
		admin.login("admin", app.AdminPassword)
		sales := app.Unit("Sales", app.RootUnit)
		rep, mgr := app.roleIDString("Sales Representative"), app.roleIDString("Sales Manager")

		form := admin.get("/system/users/new")
		if form.status != http.StatusOK || selected(form.body, "business_unit") != idString(app.RootUnit) {
			t.Fatalf("new user form: status %d, unit preselected %q", form.status, selected(form.body, "business_unit"))
		}
		p := admin.post("/system/users", url.Values{"username": {"gina"}, "first_name": {"Gina"}, "last_name": {"Lollo"}, "email": {"gina@example.com"},
			"business_unit": {idString(sales)}, "roles": {rep, mgr}, "enabled": {"on"}, "password": {"gina-password-1"}})
		if p.status != http.StatusSeeOther {
			t.Fatalf("create: status %d, errors %q", p.status, p.body)
		}
		userPath := p.resp.Header.Get("Location")
		edit := admin.get(userPath)
		if !strings.Contains(edit.body, "User gina was created.") {
			t.Error("no confirmation after creating")
		}
		if value(edit.body, "first_name") != "Gina" || selected(edit.body, "business_unit") != idString(sales) {
			t.Errorf("edit page shows first name %q, unit %q", value(edit.body, "first_name"), selected(edit.body, "business_unit"))
		}
		for _, id := range []string{rep, mgr} {
			if _, ok := attrOf(edit.body, "role-"+id, "checked"); !ok {
				t.Errorf("role %s is not ticked on the edit page", id)
			}
		}
		if !strings.Contains(edit.body, "— Sales</option>") {
			t.Error("the unit select does not show the tree")
		}

		list := admin.get("/system/users?q=LOLL")
		if list.text(t, `a[href="`+userPath+`"]`) != "Gina Lollo" || strings.Contains(list.body, ">admin<") {
			t.Fatalf("search for LOLL: %s", list.body)
		}
		if value(list.body, "q") != "LOLL" {
			t.Error("the search box lost the query")
		}
		if list := admin.get("/system/users?q=nobody-here"); !strings.Contains(list.body, "No user matches") {
			t.Error("an empty search result says nothing")
		}

		p = admin.post(userPath, url.Values{"username": {"gina.l"}, "first_name": {"Gina"}, "last_name": {"L"}, "email": {""},
			"business_unit": {idString(app.RootUnit)}, "roles": {rep}, "enabled": {"on"}})
		expectRedirect(t, p, userPath)
		var unit int64
		var username string
		if err := d.QueryRow("SELECT username, business_unit_id FROM users WHERE username = 'gina.l'").Scan(&username, &unit); err != nil || unit != app.RootUnit {
			t.Fatalf("after the update: unit %d, err %v", unit, err)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM user_roles ur JOIN users u ON u.id = ur.user_id WHERE u.username = 'gina.l'"); n != 1 {
			t.Fatalf("after the update the user holds %d roles, want 1", n)
		}

		gina := app.browser()
		gina.login("gina.l", "gina-password-1")
		expectRedirect(t, admin.post(userPath+"/password", url.Values{"password": {"gina-new-password"}}), userPath)
		expectRedirect(t, gina.get("/"), "/login?next=%2F")
		app.browser().login("gina.l", "gina-new-password")
	})
}

func TestUserFormValidation(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newTestApp(t, d)
		admin := app.browser()
		admin.login("admin", app.AdminPassword)
		root, rep := idString(app.RootUnit), app.roleIDString("Sales Representative")
		valid := func(change func(url.Values)) url.Values {
			v := url.Values{"username": {"frank"}, "first_name": {"Frank"}, "last_name": {"Ocean"}, "email": {"frank@example.com"},
				"business_unit": {root}, "roles": {rep}, "enabled": {"on"}, "password": {"frank-password-1"}}
			change(v)
			return v
		}
		cases := []struct {
			name       string
			form       url.Values
			field, msg string
		}{
			{"empty user name", valid(func(v url.Values) { v.Set("username", "") }), "username", "Use 2 to 64 letters"},
			{"user name with a space", valid(func(v url.Values) { v.Set("username", "fr ank") }), "username", "Use 2 to 64 letters"},
			{"taken user name", valid(func(v url.Values) { v.Set("username", "ADMIN") }), "username", "This user name is taken"},
			{"weak password", valid(func(v url.Values) { v.Set("password", "short") }), "password", "Use at least 10 characters."},
			{"no role", valid(func(v url.Values) { v.Del("roles") }), "roles", "Choose at least one role."},
			{"unknown role", valid(func(v url.Values) { v.Set("roles", "99999") }), "roles", "Choose roles from the list."},
			{"bad email", valid(func(v url.Values) { v.Set("email", "frank@") }), "email", "Enter an email address"},
			{"no unit", valid(func(v url.Values) { v.Set("business_unit", "") }), "business_unit", "Choose a business unit."},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				p := admin.post("/system/users", tc.form)
				if p.status != http.StatusUnprocessableEntity {
					t.Fatalf("status %d, want 422", p.status)
				}
				expectFieldError(t, p.body, tc.field, tc.msg)
				for _, f := range []string{"username", "first_name", "last_name", "email"} {
					if got := value(p.body, f); got != tc.form.Get(f) {
						t.Errorf("%s: shows %q, typed %q", f, got, tc.form.Get(f))
					}
				}
				if got := selected(p.body, "business_unit"); got != tc.form.Get("business_unit") {
					t.Errorf("unit: shows %q, chose %q", got, tc.form.Get("business_unit"))
				}
				if _, ok := attrOf(p.body, "role-"+rep, "checked"); ok != (tc.form.Get("roles") == rep) {
					t.Errorf("the role box does not show what was ticked")
				}
				if strings.Contains(p.body, tc.form.Get("password")) {
					t.Error("the typed password came back in the page")
				}
			})
		}
		if n := count(t, d, "SELECT COUNT(*) FROM users"); n != 1 {
			t.Fatalf("%d users after only invalid forms, want 1", n)
		}

		t.Run("disable yourself", func(t *testing.T) {
			var adminID int64
			d.QueryRow("SELECT id FROM users WHERE username = 'admin'").Scan(&adminID)
			p := admin.post("/system/users/"+idString(adminID), url.Values{"username": {"admin"}, "first_name": {"Ada"}, "business_unit": {root}, "roles": {app.roleIDString("Administrator")}})
			if p.status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", p.status)
			}
			expectFieldError(t, p.body, "enabled", "You cannot disable your own user.")
			if value(p.body, "first_name") != "Ada" {
				t.Error("the typed first name was lost")
			}
		})
		t.Run("weak password reset", func(t *testing.T) {
			u := app.User("hank", "hank-password-1", "", "")
			p := admin.post("/system/users/"+idString(u.ID)+"/password", url.Values{"password": {" padded password "}})
			if p.status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", p.status)
			}
			expectFieldError(t, p.body, "password", "can't begin or end with a space")
			app.browser().login("hank", "hank-password-1")
		})
	})
}
