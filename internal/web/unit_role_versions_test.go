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

// Two administrators edit the top business unit at once: the second save,
// made on the version the form was read at, is not written over the
// first. Its form comes back with what was typed and says someone changed
// the unit meanwhile; saved again, it wins.
func TestBusinessUnitEditSavedMeanwhileIsNotOverwritten(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newTestApp(t, d)
		admin, other := app.twoAdmins()
		path := "/system/business-units/" + idString(app.RootUnit)
		edit := admin.get(path)
		version := value(edit.body, "version")
		if version == "" || version == "0" {
			t.Fatalf("the top unit's edit form carries version %q", version)
		}
		expectRedirect(t, other.post(path, url.Values{"name": {"Theirs"}, "parent": {"0"}, "version": {version}}), "/system/business-units")

		mine := url.Values{"name": {"Mine"}, "parent": {"0"}, "version": {version}}
		stale := admin.post(path, mine)
		if notice := stale.text(t, "#stale-notice"); stale.status != http.StatusConflict ||
			!strings.Contains(notice, "Someone changed this business unit") || !strings.Contains(notice, "Theirs") {
			t.Fatalf("a save over a change made meanwhile: status %d, notice %q", stale.status, notice)
		}
		if got := value(stale.body, "name"); got != "Mine" {
			t.Errorf("the name typed was not kept: %q", got)
		}
		if name := unitName(t, d, app.RootUnit); name != "Theirs" {
			t.Fatalf("the other change was overwritten: %q", name)
		}
		mine.Set("version", value(stale.body, "version"))
		expectRedirect(t, admin.post(path, mine), "/system/business-units")
		if name := unitName(t, d, app.RootUnit); name != "Mine" {
			t.Errorf("saved again: %q, want Mine", name)
		}
	})
}

// The same for a built-in role's access levels.
func TestRoleEditSavedMeanwhileIsNotOverwritten(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newTestApp(t, d)
		admin, other := app.twoAdmins()
		var id int64
		if err := d.QueryRow("SELECT id FROM roles WHERE name = $1", acl.RoleSalesRep).Scan(&id); err != nil {
			t.Fatal(err)
		}
		path := "/system/roles/" + idString(id)
		version := value(admin.get(path).body, "version")
		if version == "" || version == "0" {
			t.Fatalf("the built-in role's edit form carries version %q", version)
		}
		theirs := matrix(acl.RoleSalesRep, map[string]acl.Level{"perm-contact-view": acl.Organization})
		theirs.Set("version", version)
		expectRedirect(t, other.post(path, theirs), path)

		mine := matrix(acl.RoleSalesRep, map[string]acl.Level{"perm-contact-view": acl.Division})
		mine.Set("version", version)
		stale := admin.post(path, mine)
		if notice := stale.text(t, "#stale-notice"); stale.status != http.StatusConflict || !strings.Contains(notice, "Someone changed this role") {
			t.Fatalf("a save over a change made meanwhile: status %d, notice %q", stale.status, notice)
		}
		if got := selected(stale.body, "perm-contact-view"); got != idString(int64(acl.Division)) {
			t.Errorf("the level chosen was not kept: %q", got)
		}
		if l := roleLevel(t, d, id, "contact", "view"); l != int(acl.Organization) {
			t.Fatalf("the other change was overwritten: level %d", l)
		}
		mine.Set("version", value(stale.body, "version"))
		expectRedirect(t, admin.post(path, mine), path)
		if l := roleLevel(t, d, id, "contact", "view"); l != int(acl.Division) {
			t.Errorf("saved again: level %d, want %d", l, acl.Division)
		}
	})
}

// twoAdmins signs the administrator in twice, as two people would.
func (a *testApp) twoAdmins() (admin, other *browser) {
	admin, other = a.browser(), a.browser()
	admin.login("admin", a.AdminPassword)
	other.login("admin", a.AdminPassword)
	return admin, other
}

// unitName is the stored name of business unit id.
func unitName(t *testing.T, d *db.DB, id int64) string {
	t.Helper()
	var name string
	if err := d.QueryRow("SELECT name FROM business_units WHERE id = $1", id).Scan(&name); err != nil {
		t.Fatal(err)
	}
	return name
}

// roleLevel is the stored level a role grants for entity and action (0:
// none).
func roleLevel(t *testing.T, d *db.DB, roleID int64, entity, action string) int {
	t.Helper()
	var l int
	if err := d.QueryRow("SELECT COALESCE(MAX(level), 0) FROM role_permissions WHERE role_id = $1 AND entity = $2 AND action = $3",
		roleID, entity, action).Scan(&l); err != nil {
		t.Fatal(err)
	}
	return l
}
