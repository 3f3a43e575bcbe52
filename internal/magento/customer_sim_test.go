package magento

import (
	"context"
	"io"
	"strconv"
	"strings"
	"testing"

	"magecrm/internal/magesim"
)

func TestCustomerLifecycle(t *testing.T) {
	s := newStore(t, magesim.Options{Customers: 3, BearerEnabled: true})
	c := s.client(t, bearerAuth, nil)
	yes := true
	in := Customer{
		Email: "new@example.com", Firstname: "Ada", Lastname: "Lovelace", WebsiteID: 1,
		DOB: Date{1815, 12, 10}, Gender: 2, IsSubscribed: &yes,
		Addresses: []Address{{
			Firstname: "Ada", Lastname: "Lovelace", Street: []string{"12 St James's Square"}, City: "London",
			CountryID: "GB", Postcode: "SW1Y 4JH", Telephone: "+44 20 0000", DefaultBilling: true, DefaultShipping: true,
		}},
	}
	created, err := c.CreateCustomer(ctx(t), in, "Str0ng-Passw0rd")
	if err != nil {
		t.Fatal(err)
	}
	if created.ID == 0 || created.DOB != in.DOB || len(created.Addresses) != 1 || created.DefaultBilling == "" ||
		created.CreatedAt.IsZero() || created.CreatedAt.Location().String() != "UTC" {
		t.Errorf("created = %+v", created)
	}

	// A second create with the same email is a duplicate (400, not 409).
	_, err = c.CreateCustomer(ctx(t), in, "")
	if !IsDuplicateEmail(err) {
		t.Errorf("second create: %v", err)
	}

	// A partial PUT changes the last name and keeps the addresses.
	last := "King"
	no := false
	updated, err := c.UpdateCustomer(ctx(t), created.ID, CustomerUpdate{
		Email: created.Email, Firstname: created.Firstname, Lastname: last, WebsiteID: created.WebsiteID,
		IsSubscribed: &no,
	})
	if err != nil {
		t.Fatal(err)
	}
	if updated.Lastname != "King" || len(updated.Addresses) != 1 || updated.IsSubscribed == nil || *updated.IsSubscribed {
		t.Errorf("updated = %+v", updated)
	}

	got, err := c.Customer(ctx(t), created.ID)
	if err != nil || got.Lastname != "King" || got.Addresses[0].City != "London" {
		t.Fatalf("read back: %+v %v", got, err)
	}
	found, err := c.CustomersByEmail(ctx(t), "new@example.com", 1)
	if err != nil || len(found) != 1 || found[0].ID != created.ID {
		t.Errorf("by email: %v %v", found, err)
	}

	if err := c.DeleteCustomer(ctx(t), created.ID); err != nil {
		t.Fatal(err)
	}
	_, err = c.Customer(ctx(t), created.ID)
	if !IsNotFound(err) {
		t.Fatalf("after delete: %v", err)
	}
	want := "No such entity with customerId = " + itoa(created.ID)
	if !strings.HasSuffix(err.Error(), want) {
		t.Errorf("error text %q, want it to end with %q", err, want)
	}
}

func TestValidationErrorsRenderTheirTemplates(t *testing.T) {
	s := newStore(t, magesim.Options{BearerEnabled: true})
	c := s.client(t, bearerAuth, nil)
	_, err := c.CreateCustomer(ctx(t), Customer{Email: "x@example.com", Firstname: "X", WebsiteID: 1}, "")
	if !IsValidation(err) || strings.Contains(err.Error(), "%") {
		t.Errorf("missing last name: %v", err)
	}
	_, err = c.CreateCustomer(ctx(t), Customer{Email: "y@example.com", Firstname: "Y", Lastname: "Y", WebsiteID: 1}, "short")
	if !IsValidation(err) || !strings.Contains(err.Error(), "at least 8 characters") {
		t.Errorf("short password: %v", err)
	}
}

func TestStoreStructure(t *testing.T) {
	s := newStore(t, magesim.Options{})
	c := s.client(t, adminAuth, nil)
	ws, err := c.Websites(ctx(t))
	if err != nil || len(ws) != len(s.Websites()) || ws[0].ID != 0 {
		t.Errorf("websites = %+v, %v", ws, err)
	}
	if _, err := c.StoreGroups(ctx(t)); err != nil {
		t.Error(err)
	}
	views, err := c.StoreViews(ctx(t))
	if err != nil || len(views) != len(s.StoreViews()) {
		t.Errorf("store views = %+v, %v", views, err)
	}
	configs, err := c.StoreConfigs(ctx(t))
	if err != nil || len(configs) != len(views)-1 || configs[0].Timezone == "" {
		t.Errorf("store configs = %+v, %v", configs, err)
	}
	groups, err := c.CustomerGroups(ctx(t))
	if err != nil || len(groups) != len(s.CustomerGroups()) {
		t.Errorf("groups = %+v, %v", groups, err)
	}
}

func TestOrdersOfACustomer(t *testing.T) {
	s := newStore(t, magesim.Options{Customers: 20, OrdersPerCustomer: 3})
	c := s.client(t, adminAuth, nil)
	all, err := c.SearchOrders(ctx(t), NewSearch().Size(1), OrderFields)
	if err != nil || len(all.Items) != 1 || all.TotalCount == 0 {
		t.Fatalf("orders: %+v %v", all, err)
	}
	o := all.Items[0]
	if o.ID == 0 || o.IncrementID == "" || o.CreatedAt.IsZero() || o.Status == "" || o.OrderCurrencyCode == "" || o.GrandTotal == 0 {
		t.Errorf("order = %+v", o)
	}
	if o.CustomerID == 0 {
		t.Skip("first order is a guest order")
	}
	sc := NewSearch().Where(F("customer_id", Eq, itoa(o.CustomerID))).SortBy("created_at", Desc).Size(2)
	pager := NewOffsetPager(sc, func(ctx context.Context, sc SearchCriteria) (*OrderPage, error) {
		return c.SearchOrders(ctx, sc, OrderFields)
	})
	n := 0
	for {
		page, err := pager.Next(ctx(t))
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range page.Items {
			if it.CustomerID != o.CustomerID {
				t.Errorf("order %d of customer %d", it.ID, it.CustomerID)
			}
			n++
		}
	}
	if n == 0 {
		t.Error("no orders found for the customer")
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
