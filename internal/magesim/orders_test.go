package magesim

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func TestOrdersSearchAndPartialResponse(t *testing.T) {
	e := newEnv(t, Options{Customers: 50})
	var cust int
	for _, o := range e.sim.store.orders {
		if o.CustomerID != 0 {
			cust = int(o.CustomerID)
			break
		}
	}
	r := e.search("/rest/V1/orders", join(filter(0, 0, "customer_id", itoa(cust), "eq"))+"&"+
		criteria("sortOrders][0][field", "created_at", "sortOrders][0][direction", "DESC"))
	var want []int
	for _, o := range e.sim.store.orders {
		if int(o.CustomerID) == cust {
			want = append(want, int(o.ID))
		}
	}
	slices.Reverse(want) // ids grow with created_at
	var got []int
	for _, it := range r.Items {
		got = append(got, int(it["entity_id"].(float64)))
		if it["customer_id"] != float64(cust) || it["customer_is_guest"] != 0.0 {
			t.Errorf("order of another customer: %v", it)
		}
	}
	if !slices.Equal(got, want) || r.TotalCount != len(want) {
		t.Errorf("orders of customer %d: %v, want %v", cust, got, want)
	}
	guests := e.search("/rest/V1/orders", join(filter(0, 0, "customer_is_guest", "1", "")))
	for _, it := range guests.Items {
		if _, ok := it["customer_id"]; ok {
			t.Errorf("guest order with customer_id: %v", it)
		}
	}
	if guests.TotalCount == 0 {
		t.Error("no guest orders generated")
	}

	a := e.admin("GET", "/rest/V1/orders?"+criteria("pageSize", "2")+"&fields=items[entity_id,increment_id,status,grand_total,created_at],total_count", "")
	var partial map[string]json.RawMessage
	json.Unmarshal(a.body, &partial)
	var items []map[string]any
	json.Unmarshal(partial["items"], &items)
	if len(partial) != 2 || len(items) != 2 || len(items[0]) != 5 || !strings.HasSuffix(items[0]["increment_id"].(string), "000000001") {
		t.Errorf("partial response: %s", a.body)
	}
	expect(t, e.admin("GET", "/rest/V1/orders/99999", ""), 404,
		`{"message":"The entity that was requested doesn't exist. Verify the entity and try again."}`)
	one := e.admin("GET", "/rest/V1/orders/1", "").json(t)
	for _, k := range []string{"entity_id", "increment_id", "created_at", "updated_at", "state", "status", "grand_total", "base_grand_total",
		"order_currency_code", "total_qty_ordered", "total_item_count", "store_id", "store_name", "customer_email", "customer_group_id",
		"customer_is_guest", "items", "billing_address", "payment", "status_histories"} {
		if _, ok := one[k]; !ok {
			t.Errorf("order lacks %s", k)
		}
	}
}
