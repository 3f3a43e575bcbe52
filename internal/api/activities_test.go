package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"magecrm/internal/api"
	"magecrm/internal/crm"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/model"
)

func TestCustomerActivitiesRead(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		a := newTestAPI(t, d, api.Options{})
		s := a.addShop()
		a.addUser("far", "Sales Representative", "")
		admin := a.token("admin", false)
		var c customer
		a.call(admin, "POST", "/api/v1/customers", s.newCustomer("act@example.com")).json(t, &c)
		sess := a.rig.SignIn("admin", a.rig.AdminPassword)
		for i := range 3 {
			_, err := a.crm.CreateActivity(t.Context(), sess, crm.ActivityInput{Kind: model.KindNote, Subject: fmt.Sprintf("Note %d", i),
				Body: "Called *back*", Targets: []model.ActivityTarget{{Entity: model.TargetCustomer, EntityID: c.ID}}})
			if err != nil {
				t.Fatal(err)
			}
		}
		path := fmt.Sprintf("/api/v1/customers/%d/activities", c.ID)
		var p struct {
			Items []struct {
				Subject string `json:"subject"`
				Kind    string `json:"kind"`
			} `json:"items"`
			Next string `json:"next"`
		}
		a.call(admin, "GET", path+"?limit=2", nil).json(t, &p)
		if len(p.Items) != 2 || p.Items[0].Subject != "Note 2" || p.Items[0].Kind != "note" || p.Next == "" {
			t.Fatalf("first page: %+v", p)
		}
		next := p.Next
		p.Items, p.Next = nil, ""
		a.call(admin, "GET", next, nil).json(t, &p)
		if len(p.Items) != 1 || p.Items[0].Subject != "Note 0" || p.Next != "" {
			t.Errorf("second page: %+v", p)
		}
		if got := a.call(admin, "GET", path+"?from=yesterday", nil).problem(t); got.Status != http.StatusUnprocessableEntity || !strings.Contains(got.fieldMessage("query.from"), "2024") {
			t.Errorf("bad date: %+v", got)
		}
		if got := a.call(admin, "GET", "/api/v1/customers/999999/activities", nil); got.status != http.StatusNotFound {
			t.Errorf("activities of a missing customer: %d", got.status)
		}
		if got := a.call(a.token("far", true), "GET", path, nil); got.status != http.StatusOK {
			t.Errorf("a colleague of the same unit reads the timeline: %d %s", got.status, got.body)
		}
	})
}
