package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
)

func TestBusinessUnitPagesBuildTheTree(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newTestApp(t, d)
		admin := app.browser()
		admin.login("admin", app.AdminPassword)
		root := idString(app.RootUnit)
		create := func(name, parent string) string {
			p := admin.post("/system/business-units", url.Values{"name": {name}, "parent": {parent}})
			if p.status != http.StatusSeeOther {
				t.Fatalf("create %s: status %d %q", name, p.status, fieldError(p.body, "name"))
			}
			return strings.TrimPrefix(p.resp.Header.Get("Location"), "/system/business-units/")
		}
		if p := admin.get("/system/business-units/new?parent=" + root); selected(p.body, "parent") != root {
			t.Fatal("the new unit form does not preselect the parent")
		}
		sales := create("Sales", root)
		east := create("East", sales)
		support := create("Support", root)

		list := admin.get("/system/business-units").body
		iSales, iEast, iSupport := strings.Index(list, ">Sales<"), strings.Index(list, ">East<"), strings.Index(list, ">Support<")
		if iSales < 0 || !(iSales < iEast && iEast < iSupport) {
			t.Fatalf("the list is not in tree order (Sales %d, East %d, Support %d)", iSales, iEast, iSupport)
		}
		if !strings.Contains(list, `<span class="muted" aria-hidden="true">— — </span><a href="/system/business-units/`+east+`">East</a>`) {
			t.Error("East is not shown two levels down")
		}

		// Rename East and move it below Support.
		expectRedirect(t, admin.post("/system/business-units/"+east, url.Values{"name": {"North"}, "parent": {support}}), "/system/business-units")
		var parent int64
		var name string
		d.QueryRow("SELECT name, parent_id FROM business_units WHERE id = $1", east).Scan(&name, &parent)
		if name != "North" || idString(parent) != support {
			t.Fatalf("after the move: %s below %d", name, parent)
		}

		// An empty unit can be deleted.
		edit := admin.get("/system/business-units/" + sales)
		if confirm, _ := attrOf(edit.body, "delete-unit", "data-confirm"); !strings.Contains(confirm, "Delete the business unit Sales?") {
			t.Fatalf("the delete button asks no confirmation: %q", confirm)
		}
		expectRedirect(t, admin.post("/system/business-units/"+sales+"/delete", nil), "/system/business-units")
		if n := count(t, d, "SELECT COUNT(*) FROM business_units WHERE id = $1", sales); n != 0 {
			t.Fatal("the unit is still there")
		}
		if p := admin.get("/system/business-units/" + sales); p.status != http.StatusNotFound {
			t.Fatalf("a deleted unit's page: status %d", p.status)
		}
	})
}

func TestBusinessUnitValidation(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newTestApp(t, d)
		admin := app.browser()
		admin.login("admin", app.AdminPassword)
		root := app.RootUnit
		sales := app.Unit("Sales", root)
		east := app.Unit("East", sales)

		t.Run("empty name", func(t *testing.T) {
			p := admin.post("/system/business-units", url.Values{"name": {"  "}, "parent": {idString(sales)}})
			if p.status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", p.status)
			}
			expectFieldError(t, p.body, "name", "Enter a name.")
			if selected(p.body, "parent") != idString(sales) {
				t.Error("the chosen parent was lost")
			}
		})
		t.Run("no parent", func(t *testing.T) {
			p := admin.post("/system/business-units", url.Values{"name": {"Orphans"}})
			expectFieldError(t, p.body, "parent", "Choose the unit this one belongs to.")
			if value(p.body, "name") != "Orphans" {
				t.Error("the typed name was lost")
			}
		})
		t.Run("moved below its own unit", func(t *testing.T) {
			p := admin.post("/system/business-units/"+idString(sales), url.Values{"name": {"Sales & Co"}, "parent": {idString(east)}})
			if p.status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", p.status)
			}
			expectFieldError(t, p.body, "parent", "a business unit cannot be moved below itself or one of its own units")
			if value(p.body, "name") != "Sales & Co" || selected(p.body, "parent") != idString(east) {
				t.Errorf("typed values lost: name %q, parent %q", value(p.body, "name"), selected(p.body, "parent"))
			}
			var name string
			d.QueryRow("SELECT name FROM business_units WHERE id = $1", sales).Scan(&name)
			if name != "Sales" {
				t.Fatalf("a refused move renamed the unit to %q", name)
			}
		})
		t.Run("moved out of the tree", func(t *testing.T) {
			p := admin.post("/system/business-units/"+idString(east), url.Values{"name": {"East"}, "parent": {""}})
			expectFieldError(t, p.body, "parent", "Choose the unit this one belongs to.")
			if n := count(t, d, "SELECT COUNT(*) FROM business_units WHERE parent_id IS NULL"); n != 1 {
				t.Fatalf("%d top units", n)
			}
		})
		t.Run("delete a unit with units below", func(t *testing.T) {
			p := admin.post("/system/business-units/"+idString(sales)+"/delete", nil)
			if p.status != http.StatusConflict || !strings.Contains(summary(p.body), "still has users or units below it") {
				t.Fatalf("status %d, message %q", p.status, summary(p.body))
			}
		})
		t.Run("delete a unit with users", func(t *testing.T) {
			app.User("ivy", "ivy-password-1", "", "East")
			p := admin.post("/system/business-units/"+idString(east)+"/delete", nil)
			if p.status != http.StatusConflict || !strings.Contains(summary(p.body), "still has users or units below it") {
				t.Fatalf("status %d, message %q", p.status, summary(p.body))
			}
			if value(p.body, "name") != "East" {
				t.Error("the refusal page lost the unit's form")
			}
		})
		t.Run("delete the top unit", func(t *testing.T) {
			p := admin.post("/system/business-units/"+idString(root)+"/delete", nil)
			if p.status != http.StatusConflict || !strings.Contains(summary(p.body), "the top business unit cannot be deleted") {
				t.Fatalf("status %d, message %q", p.status, summary(p.body))
			}
		})
		if n := count(t, d, "SELECT COUNT(*) FROM business_units"); n != 3 {
			t.Fatalf("%d units after refused changes, want 3", n)
		}
	})
}
