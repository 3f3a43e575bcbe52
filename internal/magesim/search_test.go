package magesim

import (
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

const searchPath = "/rest/V1/customers/search"

func TestSearchCriteriaErrors(t *testing.T) {
	e := newEnv(t, Options{Customers: 5})
	tests := []struct {
		name, query string
		status      int
		body        string
	}{
		{"missing searchCriteria", "", 400, `{"message":"\"%fieldName\" is required. Enter and try again.","parameters":{"fieldName":"searchCriteria"}}`},
		{"bad direction", criteria("sortOrders][0][field", "email", "sortOrders][0][direction", "UP"), 400,
			`{"message":"The sort order has to be specified as %1 for ascending order or %2 for descending order.","parameters":["ASC","DESC"]}`},
		{"unknown criteria key", criteria("pageNumber", "2"), 400,
			`{"message":"Property \"%fieldName\" does not have accessor method \"%accessorMethod\" in class \"%className\".","parameters":{"fieldName":"pageNumber","accessorMethod":"getPageNumber","className":"Magento\\Framework\\Api\\SearchCriteriaInterface"}}`},
		{"unknown filter key", criteria("filter_groups][0][filters][0][fieldname", "email"), 400,
			`{"message":"Property \"%fieldName\" does not have accessor method \"%accessorMethod\" in class \"%className\".","parameters":{"fieldName":"fieldname","accessorMethod":"getFieldname","className":"Magento\\Framework\\Api\\Filter"}}`},
		{"page size not a number", criteria("pageSize", "ten"), 400,
			`{"message":"The \"%value\" value's type is invalid. The \"%type\" type was expected. Verify and try again.","parameters":{"value":"ten","type":"int"}}`},
		{"unknown field", criteria("filter_groups][0][filters][0][field", "shoe_size", "filter_groups][0][filters][0][value", "9"), 400,
			`{"message":"Invalid attribute name: %1","parameters":["shoe_size"]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expect(t, e.admin("GET", searchPath+"?"+tt.query, ""), tt.status, tt.body)
		})
	}
}

// filter builds one filter of group g, index i.
func filter(g, i int, field, value, cond string) []string {
	p := fmt.Sprintf("filter_groups][%d][filters][%d][", g, i)
	kv := []string{p + "field", field, p + "value", value}
	if cond != "" {
		kv = append(kv, p+"condition_type", cond)
	}
	return kv
}

func join(parts ...[]string) string {
	var kv []string
	for _, p := range parts {
		kv = append(kv, p...)
	}
	return criteria(kv...)
}

// all returns every customer, for computing expectations by hand.
func (e *env) all() []Customer {
	out := make([]Customer, 0, len(e.sim.store.customers))
	for i := range e.sim.store.customers {
		if c := &e.sim.store.customers[i]; c.id != 0 {
			out = append(out, e.sim.store.unpack(c))
		}
	}
	return out
}

func pick(cs []Customer, keep func(c *Customer) bool) []int {
	var out []int
	for i := range cs {
		if keep(&cs[i]) {
			out = append(out, cs[i].ID)
		}
	}
	return out
}

func TestConditionTypes(t *testing.T) {
	e := newEnv(t, Options{Customers: 200})
	cs := e.all()
	c7 := cs[6]
	ts := formatTime(c7.CreatedAt)
	tests := []struct {
		name   string
		query  string
		expect []int
	}{
		{"eq is the default", join(filter(0, 0, "email", strings.ToUpper(c7.Email), "")), pick(cs, func(c *Customer) bool { return strings.EqualFold(c.Email, c7.Email) })},
		{"neq", join(filter(0, 0, "group_id", "1", "neq")), pick(cs, func(c *Customer) bool { return c.GroupID != 1 })},
		{"gt", join(filter(0, 0, "entity_id", "190", "gt")), pick(cs, func(c *Customer) bool { return c.ID > 190 })},
		{"gteq", join(filter(0, 0, "created_at", ts, "gteq")), pick(cs, func(c *Customer) bool { return c.CreatedAt >= c7.CreatedAt })},
		{"lt", join(filter(0, 0, "entity_id", "4", "lt")), []int{1, 2, 3}},
		{"lteq", join(filter(0, 0, "updated_at", ts, "lteq")), pick(cs, func(c *Customer) bool { return c.UpdatedAt <= c7.CreatedAt })},
		{"moreq", join(filter(0, 0, "entity_id", "198", "moreq")), []int{198, 199, 200}},
		{"like", join(filter(0, 0, "email", "%@example.org", "like")), pick(cs, func(c *Customer) bool { return strings.HasSuffix(c.Email, "@example.org") })},
		{"nlike", join(filter(0, 0, "email", "%@example.org", "nlike")), pick(cs, func(c *Customer) bool { return !strings.HasSuffix(c.Email, "@example.org") })},
		{"in", join(filter(0, 0, "entity_id", "3,5,8", "in")), []int{3, 5, 8}},
		{"nin", join(filter(0, 0, "entity_id", "3,5,8", "nin")), pick(cs, func(c *Customer) bool { return c.ID != 3 && c.ID != 5 && c.ID != 8 })},
		{"finset", join(filter(0, 0, "group_id", "2", "finset")), pick(cs, func(c *Customer) bool { return c.GroupID == 2 })},
		{"nfinset", join(filter(0, 0, "group_id", "2", "nfinset")), pick(cs, func(c *Customer) bool { return c.GroupID != 2 })},
		{"from and to in two groups", join(filter(0, 0, "entity_id", "10", "from"), filter(1, 0, "entity_id", "12", "to")), []int{10, 11, 12}},
		{"null", join(filter(0, 0, "middlename", "", "null")), pick(cs, func(c *Customer) bool { return c.Middlename == "" })},
		{"notnull", join(filter(0, 0, "dob", "", "notnull")), pick(cs, func(c *Customer) bool { return c.Dob != "" })},
		{"NULL never compares true", join(filter(0, 0, "middlename", "x", "neq")), pick(cs, func(c *Customer) bool { return c.Middlename != "" && c.Middlename != "x" })},
		{"filters in a group are OR'ed", join(filter(0, 0, "entity_id", "2", ""), filter(0, 1, "entity_id", "9", "")), []int{2, 9}},
		{"groups are AND'ed", join(filter(0, 0, "entity_id", "20", "lteq"), filter(1, 0, "website_id", "2", "")), pick(cs, func(c *Customer) bool { return c.ID <= 20 && c.WebsiteID == 2 })},
		{"billing_country_id", join(filter(0, 0, "billing_country_id", "DE", "")), pick(cs, func(c *Customer) bool { a := c.billing(); return a != nil && a.CountryID == "DE" })},
		{"billing_city like", join(filter(0, 0, "billing_city", "m%", "like")), pick(cs, func(c *Customer) bool {
			a := c.billing()
			return a != nil && strings.HasPrefix(strings.ToLower(a.City), "m")
		})},
		{"billing_postcode", join(filter(0, 0, "billing_postcode", "", "null")), pick(cs, func(c *Customer) bool { a := c.billing(); return a == nil || a.Postcode == "" })},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.search(searchPath, tt.query)
			got := ids(r.Items)
			sort.Ints(got)
			if !slices.Equal(got, tt.expect) || r.TotalCount != len(tt.expect) {
				t.Errorf("got %d ids %v (total %d)\nwant %d ids %v", len(got), got, r.TotalCount, len(tt.expect), tt.expect)
			}
		})
	}
}

func TestCamelCaseAndSnakeCaseKeysAgree(t *testing.T) {
	e := newEnv(t, Options{Customers: 50})
	snake := e.search(searchPath, criteria("filter_groups][0][filters][0][field", "group_id", "filter_groups][0][filters][0][value", "1",
		"filter_groups][0][filters][0][condition_type", "eq", "sort_orders][0][field", "email", "sort_orders][0][direction", "asc", "page_size", "5", "current_page", "2"))
	camel := e.search(searchPath, criteria("filterGroups][0][filters][0][field", "group_id", "filterGroups][0][filters][0][value", "1",
		"filterGroups][0][filters][0][conditionType", "eq", "sortOrders][0][field", "email", "sortOrders][0][direction", "ASC", "pageSize", "5", "currentPage", "2"))
	if !slices.Equal(ids(snake.Items), ids(camel.Items)) || len(snake.Items) != 5 || snake.TotalCount != camel.TotalCount {
		t.Errorf("snake %v (%d), camel %v (%d)", ids(snake.Items), snake.TotalCount, ids(camel.Items), camel.TotalCount)
	}
	cs := e.all()
	sort.SliceStable(cs, func(i, j int) bool { return strings.ToLower(cs[i].Email) < strings.ToLower(cs[j].Email) })
	var want []int
	for _, c := range cs {
		if c.GroupID == 1 {
			want = append(want, c.ID)
		}
	}
	if got := ids(snake.Items); !slices.Equal(got, want[5:10]) {
		t.Errorf("page 2 by email: %v, want %v", got, want[5:10])
	}
}

func TestSearchResponseShape(t *testing.T) {
	e := newEnv(t, Options{Customers: 3})
	q := join(filter(0, 0, "updated_at", "2020-01-01 00:00:00", "gteq")) + "&" +
		criteria("sortOrders][0][field", "updated_at", "sortOrders][0][direction", "ASC", "pageSize", "1", "currentPage", "1")
	a := e.admin("GET", searchPath+"?"+q, "")
	body := string(a.body)
	tail := `"search_criteria":{"filter_groups":[{"filters":[{"field":"updated_at","value":"2020-01-01 00:00:00","condition_type":"gteq"}]}],"sort_orders":[{"field":"updated_at","direction":"ASC"}],"page_size":1,"current_page":1},"total_count":3}`
	if !strings.HasPrefix(body, `{"items":[{"id":`) || !strings.HasSuffix(body, tail) {
		t.Errorf("shape: %s", body)
	}
	expect(t, e.admin("GET", searchPath+"?searchCriteria=&"+criteria("pageSize", "1", "currentPage", "9"), ""), 200,
		`{"items":[],"search_criteria":{"filter_groups":[],"page_size":1,"current_page":9},"total_count":3}`)
}

func TestPagingPastTheEnd(t *testing.T) {
	for _, tt := range []struct {
		version string
		want    []int
	}{{"2.4", []int{}}, {"2.3", []int{9, 10}}} {
		t.Run(tt.version, func(t *testing.T) {
			e := newEnv(t, Options{Customers: 10, Version: tt.version})
			q := criteria("sortOrders][0][field", "entity_id", "sortOrders][0][direction", "ASC", "pageSize", "4")
			last := e.search(searchPath, q+"&searchCriteria[currentPage]=3")
			if got := ids(last.Items); !slices.Equal(got, []int{9, 10}) {
				t.Fatalf("last page: %v", got)
			}
			past := e.search(searchPath, q+"&searchCriteria[currentPage]=4")
			if got := ids(past.Items); !slices.Equal(got, tt.want) || past.TotalCount != 10 {
				t.Errorf("page past the end: %v total %d, want %v total 10", got, past.TotalCount, tt.want)
			}
			first := e.search(searchPath, q+"&searchCriteria[currentPage]=0")
			if got := ids(first.Items); !slices.Equal(got, []int{1, 2, 3, 4}) {
				t.Errorf("currentPage 0: %v, want page 1", got)
			}
		})
	}
}

func TestNoPageSizeMeansNoLimitAndNoSortMeansIDOrder(t *testing.T) {
	e := newEnv(t, Options{Customers: 40})
	r := e.search(searchPath, "searchCriteria=")
	if len(r.Items) != 40 || r.TotalCount != 40 || !slices.IsSorted(ids(r.Items)) {
		t.Errorf("got %d items, total %d", len(r.Items), r.TotalCount)
	}
}

// keysetPages pages the way the reference's §9 describes and returns the
// ids in order.
func keysetPages(e *env, field string, pageSize int, extra []string) []int {
	var out []int
	t, id := "2000-01-01 00:00:00", 0
	for {
		q := join(filter(0, 0, field, t, "gteq"), filter(1, 0, field, t, "gt"), filter(1, 1, "entity_id", fmt.Sprint(id), "gt"), extra) + "&" +
			criteria("sortOrders][0][field", field, "sortOrders][0][direction", "ASC", "sortOrders][1][field", "entity_id",
				"sortOrders][1][direction", "ASC", "pageSize", fmt.Sprint(pageSize), "currentPage", "1")
		r := e.search(searchPath, q)
		if len(r.Items) == 0 {
			return out
		}
		for _, it := range r.Items {
			out = append(out, int(it["id"].(float64)))
		}
		lastItem := r.Items[len(r.Items)-1]
		t, id = lastItem[field].(string), int(lastItem["id"].(float64))
	}
}

func TestKeysetPagingVisitsEveryCustomerOnceInOrder(t *testing.T) {
	e := newEnv(t, Options{Customers: 400})
	for _, tc := range []struct {
		field   string
		website string
	}{{"updated_at", ""}, {"created_at", ""}, {"updated_at", "2"}} {
		t.Run(tc.field+tc.website, func(t *testing.T) {
			var extra []string
			cs := e.all()
			if tc.website != "" {
				extra = filter(2, 0, "website_id", tc.website, "")
				cs = slices.DeleteFunc(cs, func(c Customer) bool { return fmt.Sprint(c.WebsiteID) != tc.website })
			}
			key := func(c *Customer) int64 {
				if tc.field == "created_at" {
					return c.CreatedAt
				}
				return c.UpdatedAt
			}
			sort.Slice(cs, func(i, j int) bool {
				ki, kj := key(&cs[i]), key(&cs[j])
				return ki < kj || ki == kj && cs[i].ID < cs[j].ID
			})
			want := pick(cs, func(*Customer) bool { return true })
			if got := keysetPages(e, tc.field, 37, extra); !slices.Equal(got, want) {
				t.Errorf("keyset order differs: got %d ids, want %d", len(got), len(want))
			}
		})
	}
}

func TestKeysetPagingHandlesTiesOnUpdatedAt(t *testing.T) {
	e := newEnv(t, Options{Customers: 30})
	for id := 1; id <= 30; id++ {
		if err := e.sim.EditCustomer(id, CustomerEdit{Firstname: "Same"}); err != nil {
			t.Fatal(err)
		}
	}
	got := keysetPages(e, "updated_at", 7, nil)
	want := make([]int, 30)
	for i := range want {
		want[i] = i + 1
	}
	if !slices.Equal(got, want) {
		t.Errorf("with 30 customers in one second: %v", got)
	}
}

func TestFilterValuesAreURLDecoded(t *testing.T) {
	e := newEnv(t, Options{Customers: 20})
	raw := "searchCriteria%5Bfilter_groups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bfield%5D=email&" +
		"searchCriteria[filter_groups][0][filters][0][value]=" + url.QueryEscape("%example%") +
		"&searchCriteria[filter_groups][0][filters][0][condition_type]=like"
	if r := e.search(searchPath, raw); r.TotalCount != 20 {
		t.Errorf("like %%example%%: %d of 20", r.TotalCount)
	}
}

func TestPagingWhileAnAdminEdits(t *testing.T) {
	e := newEnv(t, Options{Customers: 300})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 1; i <= 300; i += 3 {
			e.clock.Advance(time.Second)
			e.sim.EditCustomer(i, CustomerEdit{Lastname: "Moved"})
			if i%30 == 0 {
				e.sim.DeleteCustomer(i + 1)
			}
		}
	}()
	seen := map[int]bool{}
	for _, id := range keysetPages(e, "updated_at", 25, nil) {
		seen[id] = true
	}
	<-done
	// Every customer not deleted was seen at least once: edits move records
	// forward, never behind the keyset cursor.
	for _, c := range e.all() {
		if !seen[c.ID] {
			t.Errorf("customer %d never seen", c.ID)
		}
	}
}
