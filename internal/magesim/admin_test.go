package magesim

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
)

func (e *env) browser() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar}
}

func get(t *testing.T, c *http.Client, u string) (int, string, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Request.URL.Path, string(b)
}

func TestCreateOrderPagePlacesAnOrder(t *testing.T) {
	e := newEnv(t, Options{Customers: 5})
	c, _ := e.sim.Customer(4)
	b := e.browser()
	status, _, page := get(t, b, e.srv.URL+"/admin/sales/order_create/start/customer_id/4/")
	if status != 200 || !strings.Contains(page, "Create New Order for "+c.Firstname+" "+c.Lastname) || !strings.Contains(page, "Submit Order") {
		t.Fatalf("create order page: %d %s", status, page)
	}
	if status, _, _ := get(t, b, e.srv.URL+"/admin/sales/order_create/start/customer_id/4/key/0123abcd/"); status != 200 {
		t.Errorf("secret-key URL: %d", status)
	}
	before := e.search("/rest/V1/orders", join(filter(0, 0, "customer_id", "4", ""))).TotalCount
	resp, err := b.PostForm(e.srv.URL+"/admin/sales/order_create/save/", url.Values{
		"customer_id": {"4"}, "product": {"2"}, "qty": {"3"}, "store_id": {itoa(c.StoreID)}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), "You created the order.") || !strings.Contains(resp.Request.URL.Path, "/admin/sales/order/view/order_id/") {
		t.Fatalf("after submit: %s %s", resp.Request.URL.Path, body)
	}
	r := e.search("/rest/V1/orders", join(filter(0, 0, "customer_id", "4", ""))+"&"+criteria("sortOrders][0][field", "created_at", "sortOrders][0][direction", "DESC"))
	if r.TotalCount != before+1 || r.Items[0]["status"] != "pending" || r.Items[0]["total_qty_ordered"] != 3.0 {
		t.Errorf("placed order in /V1/orders: total %d→%d, first %v", before, r.TotalCount, r.Items[0])
	}
}

func TestAdminPagesForUnknownIDs(t *testing.T) {
	e := newEnv(t, Options{Customers: 2})
	b := e.browser()
	_, path, page := get(t, b, e.srv.URL+"/admin/customer/index/edit/id/999/")
	if path != "/admin/customer/index/" || !strings.Contains(page, "Something went wrong while editing the customer.") {
		t.Errorf("unknown customer: %s %s", path, page)
	}
	_, path, page = get(t, b, e.srv.URL+"/admin/sales/order_create/start/customer_id/999/")
	if path != "/admin/sales/order_create/index/" || !strings.Contains(page, "Please select a customer.") {
		t.Errorf("unknown customer for an order: %s %s", path, page)
	}
	_, _, page = get(t, b, e.srv.URL+"/admin/customer/index/edit/id/1/")
	c, _ := e.sim.Customer(1)
	if !strings.Contains(page, c.Email) || !strings.Contains(page, "Customer View") {
		t.Errorf("customer page: %s", page)
	}
}
