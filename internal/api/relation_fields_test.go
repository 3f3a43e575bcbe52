package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"magecrm/internal/api"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
)

func TestContactAndAccountFieldsThroughTheAPI(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		a := newTestAPI(t, d, api.Options{})
		admin := a.token("admin", false)
		type account struct {
			ID       int64 `json:"id"`
			ParentID int64 `json:"parent_id"`
			Parent   string
			Website  string
			Address  struct {
				Street    []string `json:"street"`
				CountryID string   `json:"country_id"`
			} `json:"address"`
		}
		var group, shop account
		got := a.call(admin, "POST", "/api/v1/accounts", map[string]any{"name": "Acme Group", "website": "acme.example", "industry": "retail",
			"address": map[string]any{"street": []string{"1 Main St", "Suite 2"}, "city": "Austin", "region": "Texas", "postcode": "78701", "country_id": "US"}})
		got.json(t, &group)
		if got.status != http.StatusCreated || group.Website != "https://acme.example" || len(group.Address.Street) != 2 || group.Address.CountryID != "US" {
			t.Fatalf("create account: %d %s", got.status, got.body)
		}
		got = a.call(admin, "POST", "/api/v1/accounts", map[string]any{"name": "Acme Shop", "parent_id": group.ID})
		got.json(t, &shop)
		if got.status != http.StatusCreated || shop.ParentID != group.ID || shop.Parent != "Acme Group" {
			t.Fatalf("create account below: %d %s", got.status, got.body)
		}
		path := fmt.Sprintf("/api/v1/accounts/%d", group.ID)
		etag := a.call(admin, "GET", path, nil).header.Get("ETag")
		if p := a.call(admin, "PATCH", path, map[string]any{"address": map[string]any{"city": "Lyon"}}, "If-Match", etag).problem(t); p.fieldMessage("body.address.country_id") != "Choose the country." {
			t.Errorf("address without country: %+v", p)
		}
		if p := a.call(admin, "PATCH", path, map[string]any{"parent_id": shop.ID}, "If-Match", etag).problem(t); p.fieldMessage("body.parent_id") == "" {
			t.Errorf("a cycle of parents: %+v", p)
		}

		var ct struct {
			ID     int64  `json:"id"`
			Email  string `json:"email"`
			Emails []struct {
				Value   string `json:"value"`
				Primary bool   `json:"primary"`
			} `json:"emails"`
			Addresses []map[string]any `json:"addresses"`
			JobTitle  string           `json:"job_title"`
		}
		got = a.call(admin, "POST", "/api/v1/contacts", map[string]any{"first_name": "Ann", "job_title": "Buyer",
			"emails":    []map[string]any{{"value": "ann@example.com"}, {"value": "ann@work.example", "primary": true}},
			"phones":    []map[string]any{{"value": "+1 512 555 0100"}},
			"addresses": []map[string]any{{"street": []string{"1 Main St"}, "city": "Austin", "country_id": "US"}}})
		got.json(t, &ct)
		if got.status != http.StatusCreated || ct.Email != "ann@work.example" || len(ct.Emails) != 2 || len(ct.Addresses) != 1 || ct.JobTitle != "Buyer" {
			t.Fatalf("create contact: %d %s", got.status, got.body)
		}
		if p := a.call(admin, "POST", "/api/v1/contacts", map[string]any{"last_name": "X", "emails": []map[string]any{{"value": "a@example.com"}, {"value": "nope"}},
			"addresses": []map[string]any{{"city": "Austin"}}}).problem(t); p.fieldMessage("body.emails[1]") == "" ||
			p.fieldMessage("body.addresses[0].country_id") != "Choose the country." {
			t.Errorf("bad contact lists: %+v", p)
		}
		// The shorthand changes the primary email and keeps the other one.
		cpath := fmt.Sprintf("/api/v1/contacts/%d", ct.ID)
		got = a.call(admin, "PATCH", cpath, map[string]any{"email": "ann@new.example"}, "If-Match", got.header.Get("ETag"))
		got.json(t, &ct)
		if got.status != http.StatusOK || ct.Email != "ann@new.example" || len(ct.Emails) != 2 || ct.Emails[1].Value != "ann@example.com" {
			t.Errorf("primary email shorthand: %d %s", got.status, got.body)
		}
	})
}
