package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"magecrm/internal/api"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/magentosync"
)

func TestContactsAndAccounts(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		a := newTestAPI(t, d, api.Options{})
		a.addUser("rita", "Sales Representative", "")
		admin, rita := a.token("admin", false), a.token("rita", false)

		var acct struct {
			ID int64 `json:"id"`
		}
		made := a.call(admin, "POST", "/api/v1/accounts", map[string]any{"name": "Acme"}, "Idempotency-Key", "acme")
		made.json(t, &acct)
		if made.status != http.StatusCreated || made.header.Get("ETag") == "" {
			t.Fatalf("create account: %d %s", made.status, made.body)
		}
		if p := a.call(admin, "POST", "/api/v1/contacts", map[string]any{"email": "nope"}).problem(t); p.fieldMessage("body.last_name") != "Enter a first or last name." ||
			p.fieldMessage("body.email") != "Enter an email address like name@example.com." {
			t.Errorf("bad contact: %+v", p)
		}
		var ct struct {
			ID      int64  `json:"id"`
			Account string `json:"account"`
		}
		got := a.call(rita, "POST", "/api/v1/contacts", map[string]any{"first_name": "Ann", "last_name": "Lee", "account_id": acct.ID})
		got.json(t, &ct)
		if got.status != http.StatusCreated || ct.Account != "Acme" {
			t.Fatalf("create contact: %d %s", got.status, got.body)
		}
		path := fmt.Sprintf("/api/v1/contacts/%d", ct.ID)
		etag := got.header.Get("ETag")
		if got := a.call(rita, "PATCH", path, map[string]any{"phone": "123"}); got.status != http.StatusPreconditionRequired {
			t.Errorf("contact change without If-Match: %d", got.status)
		}
		if got := a.call(rita, "PATCH", path, map[string]any{"phone": "123"}, "If-Match", `"t1"`); got.status != http.StatusPreconditionFailed {
			t.Errorf("contact change with a stale If-Match: %d", got.status)
		}
		if got := a.call(rita, "PATCH", path, map[string]any{"phone": "123"}, "If-Match", etag); got.status != http.StatusOK || !strings.Contains(string(got.body), `"phone":"123"`) || !strings.Contains(string(got.body), `"last_name":"Lee"`) {
			t.Errorf("contact change: %d %s", got.status, got.body)
		}
		var list struct {
			Items []map[string]any `json:"items"`
			Next  string           `json:"next"`
			Total int              `json:"total"`
		}
		a.call(admin, "GET", "/api/v1/contacts?search=ann&limit=1", nil).json(t, &list)
		if list.Total != 1 || len(list.Items) != 1 || list.Next != "" {
			t.Errorf("contact search: %+v", list)
		}
		if p := a.call(admin, "GET", "/api/v1/contacts?sort=secret", nil).problem(t); p.fieldMessage("query.sort") == "" {
			t.Errorf("unknown contact sort: %+v", p)
		}
		if got := a.call(rita, "DELETE", fmt.Sprintf("/api/v1/accounts/%d", acct.ID), nil); got.status != http.StatusForbidden {
			t.Errorf("rita deleted the admin's account: %d %s", got.status, got.body)
		}
		if got := a.call(rita, "DELETE", path, nil); got.status != http.StatusForbidden {
			t.Errorf("rita (no delete grant) deleted her contact: %d %s", got.status, got.body)
		}
		if got := a.call(admin, "DELETE", path, nil); got.status != http.StatusNoContent {
			t.Errorf("delete contact: %d %s", got.status, got.body)
		}
		if got := a.call(rita, "GET", path, nil); got.status != http.StatusNotFound {
			t.Errorf("deleted contact: %d", got.status)
		}
	})
}

func TestUsersUnitsRolesAndChannels(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		a := newTestAPI(t, d, api.Options{})
		s := a.addShop()
		a.addUser("rita", "Sales Representative", "")
		admin, rita := a.token("admin", false), a.token("rita", false)

		var unit struct {
			ID int64 `json:"id"`
		}
		var root int64
		d.QueryRow("SELECT id FROM business_units WHERE parent_id IS NULL").Scan(&root)
		made := a.call(admin, "POST", "/api/v1/business-units", map[string]any{"name": "North", "parent_id": root})
		made.json(t, &unit)
		if made.status != http.StatusCreated {
			t.Fatalf("create unit: %d %s", made.status, made.body)
		}
		if got := a.call(rita, "POST", "/api/v1/business-units", map[string]any{"name": "South", "parent_id": root}); got.status != http.StatusForbidden {
			t.Errorf("rita created a unit: %d", got.status)
		}
		unitPath := fmt.Sprintf("/api/v1/business-units/%d", unit.ID)
		etag := a.call(admin, "GET", unitPath, nil).header.Get("ETag")
		if got := a.call(admin, "PATCH", unitPath, map[string]any{"name": "North-East"}, "If-Match", etag); got.status != http.StatusOK {
			t.Errorf("rename unit: %d %s", got.status, got.body)
		}
		if got := a.call(admin, "PATCH", unitPath, map[string]any{"name": "Again"}, "If-Match", etag); got.status != http.StatusPreconditionFailed {
			t.Errorf("rename with the old ETag: %d", got.status)
		}

		var role struct {
			ID          int64                        `json:"id"`
			Permissions map[string]map[string]string `json:"permissions"`
		}
		got := a.call(admin, "POST", "/api/v1/roles", map[string]any{"name": "Auditor", "permissions": map[string]any{"magento_customer": map[string]string{"view": "organization"}}})
		got.json(t, &role)
		if got.status != http.StatusCreated || role.Permissions["magento_customer"]["view"] != "organization" || role.Permissions["contact"]["view"] != "none" {
			t.Fatalf("create role: %d %s", got.status, got.body)
		}
		if p := a.call(admin, "POST", "/api/v1/roles", map[string]any{"name": "Bad", "permissions": map[string]any{"contact": map[string]string{"view": "everything"}}}).problem(t); p.fieldMessage("body.permissions") == "" {
			t.Errorf("a role with an unknown level: %+v", p)
		}

		var user struct {
			ID int64 `json:"id"`
		}
		got = a.call(admin, "POST", "/api/v1/users", map[string]any{"username": "nick", "business_unit_id": unit.ID, "role_ids": []int64{role.ID}, "password": "nick-password-1"})
		got.json(t, &user)
		if got.status != http.StatusCreated {
			t.Fatalf("create user: %d %s", got.status, got.body)
		}
		if p := a.call(admin, "POST", "/api/v1/users", map[string]any{"username": "nick", "business_unit_id": unit.ID, "password": "short"}).problem(t); p.fieldMessage("body.role_ids") != "Choose at least one role." || p.fieldMessage("body.password") != "Use at least 10 characters." {
			t.Errorf("bad user: %+v", p)
		}
		if got := a.call(rita, "PATCH", fmt.Sprintf("/api/v1/users/%d", user.ID), map[string]any{"first_name": "N"}, "If-Match", `"t0"`); got.status != http.StatusNotFound && got.status != http.StatusForbidden {
			t.Errorf("rita changed a user: %d", got.status)
		}
		if got := a.call(admin, "POST", fmt.Sprintf("/api/v1/users/%d/password", user.ID), map[string]any{"password": "a-New-password-2"}); got.status != http.StatusNoContent {
			t.Errorf("set password: %d %s", got.status, got.body)
		}
		if got := a.call(rita, "GET", "/api/v1/users", nil); got.status != http.StatusForbidden {
			t.Errorf("rita (no grant on users) lists users: %d", got.status)
		}

		chPath := fmt.Sprintf("/api/v1/channels/%d", s.channel)
		for _, p := range []string{"/api/v1/channels", chPath, chPath + "/structure", chPath + "/runs", chPath + "/sync-errors"} {
			if got := a.call(admin, "GET", p, nil); got.status != http.StatusOK {
				t.Errorf("%s: %d %s", p, got.status, got.body)
			}
		}
		if got := a.call(admin, "GET", "/api/v1/channels/999/structure", nil); got.status != http.StatusNotFound {
			t.Errorf("structure of a missing channel: %d", got.status)
		}
		if got := a.call(admin, "POST", chPath+"/syncs", map[string]any{"kind": "now"}); got.status != http.StatusServiceUnavailable {
			t.Errorf("sync without an engine: %d %s", got.status, got.body)
		}
		a.api.Sync = magentosync.NewEngine(a.crm.Store, a.crm.Log)
		if got := a.call(rita, "POST", chPath+"/syncs", map[string]any{"kind": "now"}); got.status != http.StatusForbidden && got.status != http.StatusNotFound {
			t.Errorf("rita started a sync: %d", got.status)
		}
		if got := a.call(admin, "POST", chPath+"/syncs", map[string]any{"kind": "reconcile"}); got.status != http.StatusAccepted || got.header.Get("Location") != chPath+"/runs" {
			t.Errorf("start a sync: %d %s", got.status, got.body)
		}
	})
}
