package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"magecrm/internal/api"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/testrig"
)

// shop is a two-way channel with one website, store and group, made in
// the database the way a first sync leaves it.
type shop struct {
	channel, store, group int64
}

func (a *testAPI) exec(q string, args ...any) int64 {
	a.t.Helper()
	var id int64
	if err := a.db.QueryRow(q+" RETURNING id", args...).Scan(&id); err != nil {
		a.t.Fatalf("%s: %v", q, err)
	}
	return id
}

func (a *testAPI) addShop() shop {
	a.t.Helper()
	s := a.rig.Shop(testrig.ShopSpec{Name: "Shop", AdminURL: "https://shop.test/admin", TwoWay: true, Website: "Main Website",
		Stores: []string{"Default Store View"}, Groups: []string{"General"}})
	return shop{channel: s.Channel, store: s.Stores[0], group: s.Groups[0]}
}

// newCustomer is a valid create body.
func (s shop) newCustomer(email string) map[string]any {
	return map[string]any{"channel_id": s.channel, "store_id": s.store, "group_id": s.group, "first_name": "Jo",
		"last_name": "Test", "email": email, "password": "Secret-pass-42",
		"addresses": []map[string]any{{"first_name": "Jo", "last_name": "Test", "street": []string{"Main St 1"}, "city": "Berlin",
			"postcode": "10115", "country_id": "DE", "region": "Berlin", "telephone": "030 1234", "default_billing": true}}}
}

type customer struct {
	ID            int64    `json:"id"`
	Version       int      `json:"version"`
	FirstName     string   `json:"first_name"`
	Email         string   `json:"email"`
	Country       string   `json:"billing_country"`
	Sync          []string `json:"sync"`
	PasswordSet   bool     `json:"password_set"`
	Newsletter    string   `json:"newsletter"`
	OwnerID       int64    `json:"owner_id"`
	LifetimeValue float64  `json:"lifetime_value"`
}

func TestCustomerCreateGetUpdateWithVersions(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		a := newTestAPI(t, d, api.Options{})
		s := a.addShop()
		tok := a.token("admin", false)

		bad := s.newCustomer("not-an-email")
		bad["first_name"] = " "
		bad["addresses"].([]map[string]any)[0]["country_id"] = "XX"
		p := a.call(tok, "POST", "/api/v1/customers", bad).problem(t)
		if p.Status != http.StatusUnprocessableEntity || p.fieldMessage("body.email") != "Enter an email address like name@example.com." ||
			p.fieldMessage("body.first_name") != "Enter the first name." || p.fieldMessage("body.addresses[0].country_id") != "Choose a country from the list." {
			t.Fatalf("bad input: %+v", p)
		}

		made := a.call(tok, "POST", "/api/v1/customers", s.newCustomer("jo@example.com"))
		var c customer
		made.json(t, &c)
		if made.status != http.StatusCreated || made.header.Get("Location") != fmt.Sprintf("/api/v1/customers/%d", c.ID) ||
			made.header.Get("ETag") != `"1"` || c.Country != "DE" || !c.PasswordSet || len(c.Sync) != 1 || c.Sync[0] != "pending" {
			t.Fatalf("create: %d %v %s", made.status, made.header, made.body)
		}
		if strings.Contains(string(made.body), "Secret-pass-42") {
			t.Fatal("the password is in the answer")
		}
		path := fmt.Sprintf("/api/v1/customers/%d", c.ID)

		if got := a.call(tok, "PATCH", path, map[string]any{"first_name": "Joanna"}); got.status != http.StatusPreconditionRequired {
			t.Errorf("update without If-Match: %d", got.status)
		}
		upd := a.call(tok, "PATCH", path, map[string]any{"first_name": "Joanna"}, "If-Match", `"1"`)
		upd.json(t, &c)
		if upd.status != http.StatusOK || c.FirstName != "Joanna" || c.Email != "jo@example.com" || upd.header.Get("ETag") != `"2"` {
			t.Fatalf("update: %d %s", upd.status, upd.body)
		}
		stale := a.call(tok, "PATCH", path, map[string]any{"first_name": "Jolene"}, "If-Match", `"1"`)
		if p := stale.problem(t); p.Status != http.StatusPreconditionFailed {
			t.Errorf("stale If-Match: %+v", p)
		}
		if got := a.call(tok, "GET", path, nil); !strings.Contains(string(got.body), `"first_name":"Joanna"`) {
			t.Errorf("a stale update changed the customer: %s", got.body)
		}
		badUpd := a.call(tok, "PATCH", path, map[string]any{"dob": "2999-01-01"}, "If-Match", `"2"`).problem(t)
		if badUpd.fieldMessage("body.dob") != "The birthday can't be in the future." {
			t.Errorf("bad update: %+v", badUpd)
		}

		var addrs struct {
			Items []struct {
				City string `json:"city"`
			} `json:"items"`
		}
		a.call(tok, "GET", path+"/addresses", nil).json(t, &addrs)
		if len(addrs.Items) != 1 || addrs.Items[0].City != "Berlin" {
			t.Errorf("addresses after an update without addresses: %+v", addrs)
		}
		if got := a.call(tok, "GET", path+"/orders", nil); got.status != http.StatusOK || !strings.Contains(string(got.body), `"items":[]`) {
			t.Errorf("orders: %d %s", got.status, got.body)
		}

		news := a.call(tok, "POST", path+"/newsletter", map[string]any{"subscribed": true})
		if news.status != http.StatusOK {
			t.Errorf("newsletter: %d %s", news.status, news.body)
		}

		var history int
		d.QueryRow("SELECT COUNT(*) FROM audit_log WHERE entity = 'magento_customer' AND entity_id = $1", c.ID).Scan(&history)
		if history < 3 {
			t.Errorf("the history has %d entries after create, update and newsletter", history)
		}
		if got := a.call(tok, "GET", "/api/v1/customers/999999", nil).problem(t); got.Status != http.StatusNotFound {
			t.Errorf("missing customer: %+v", got)
		}
	})
}

func TestCustomerScopeIdempotencyAndReadOnly(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		a := newTestAPI(t, d, api.Options{})
		s := a.addShop()
		a.addUser("rita", "Sales Representative", "")
		admin, rita := a.token("admin", false), a.token("rita", false)
		var sales int64
		d.QueryRow("SELECT id FROM business_units WHERE parent_id IS NULL").Scan(&sales)
		a.exec("INSERT INTO business_units (organization_id, parent_id, name, created_at) SELECT organization_id, id, 'Far', 0 FROM business_units WHERE id = $1", sales)
		a.addUser("far", "Sales Representative", "Far")
		far := a.token("far", false)

		first := a.call(rita, "POST", "/api/v1/customers", s.newCustomer("ri@example.com"), "Idempotency-Key", "k-1")
		again := a.call(rita, "POST", "/api/v1/customers", s.newCustomer("ri@example.com"), "Idempotency-Key", "k-1")
		if first.status != http.StatusCreated || again.status != http.StatusCreated || string(first.body) != string(again.body) ||
			again.header.Get("Idempotent-Replayed") != "true" || again.header.Get("Location") != first.header.Get("Location") {
			t.Fatalf("retried create: %d %s / %d %s", first.status, first.body, again.status, again.body)
		}
		var n int
		d.QueryRow("SELECT COUNT(*) FROM magento_customers WHERE email = 'ri@example.com'").Scan(&n)
		if n != 1 {
			t.Fatalf("a retried create made %d customers", n)
		}
		if p := a.call(rita, "POST", "/api/v1/customers", s.newCustomer("other@example.com"), "Idempotency-Key", "k-1").problem(t); p.Status != http.StatusUnprocessableEntity {
			t.Errorf("same key, other request: %+v", p)
		}
		if got := a.call(admin, "POST", "/api/v1/customers", s.newCustomer("ad@example.com"), "Idempotency-Key", "k-1"); got.status != http.StatusCreated {
			t.Errorf("another user's same key: %d %s", got.status, got.body)
		}

		var c customer
		first.json(t, &c)
		path := fmt.Sprintf("/api/v1/customers/%d", c.ID)
		if got := a.call(far, "GET", path, nil).problem(t); got.Status != http.StatusNotFound {
			t.Errorf("a customer of another unit: %+v", got)
		}
		if got := a.call(far, "PATCH", path, map[string]any{"first_name": "X"}, "If-Match", `"1"`).problem(t); got.Status != http.StatusNotFound {
			t.Errorf("changing a customer of another unit: %+v", got)
		}
		var ad customer
		var list struct {
			Items []customer `json:"items"`
		}
		a.call(rita, "GET", "/api/v1/customers?sort=email", nil).json(t, &list)
		if len(list.Items) != 2 {
			t.Errorf("rita sees %d customers of her unit, want 2", len(list.Items))
		}
		for _, it := range list.Items {
			if it.Email == "ad@example.com" {
				ad = it
			}
		}
		if got := a.call(rita, "PATCH", fmt.Sprintf("/api/v1/customers/%d", ad.ID), map[string]any{"first_name": "X"}, "If-Match", `"1"`).problem(t); got.Status != http.StatusForbidden {
			t.Errorf("rita changed the admin's customer (she may only view it): %+v", got)
		}
		a.call(far, "GET", "/api/v1/customers", nil).json(t, &list)
		if len(list.Items) != 0 {
			t.Errorf("far sees %d customers of another unit", len(list.Items))
		}
	})
}
