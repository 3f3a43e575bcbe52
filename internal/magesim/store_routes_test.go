package magesim

import (
	"strings"
	"testing"
)

func TestStoreStructureRoutes(t *testing.T) {
	e := newEnv(t, Options{})
	expect(t, e.admin("GET", "/rest/V1/store/websites", ""), 200,
		`[{"id":0,"code":"admin","name":"Admin","default_group_id":0},{"id":1,"code":"base","name":"Main Website","default_group_id":1},{"id":2,"code":"eu","name":"EU Website","default_group_id":2}]`)
	expect(t, e.admin("GET", "/rest/V1/store/storeGroups", ""), 200,
		`[{"id":0,"website_id":0,"root_category_id":0,"default_store_id":0,"name":"Default","code":"default"},{"id":1,"website_id":1,"root_category_id":2,"default_store_id":1,"name":"Main Website Store","code":"main_website_store"},{"id":2,"website_id":2,"root_category_id":2,"default_store_id":2,"name":"EU Store","code":"eu_store"}]`)
	expect(t, e.admin("GET", "/rest/V1/store/storeViews", ""), 200,
		`[{"id":0,"code":"admin","name":"Admin","website_id":0,"store_group_id":0,"is_active":1},{"id":1,"code":"default","name":"Default Store View","website_id":1,"store_group_id":1,"is_active":1},{"id":2,"code":"eu_en","name":"EU English","website_id":2,"store_group_id":2,"is_active":1},{"id":3,"code":"eu_de","name":"EU Deutsch","website_id":2,"store_group_id":2,"is_active":1}]`)
	configs := string(e.admin("GET", "/rest/V1/store/storeConfigs", "").body)
	if strings.Contains(configs, `"id":0`) || strings.Count(configs, `"timezone"`) != 3 || !strings.Contains(configs, `"timezone":"Europe\/Berlin"`) {
		t.Errorf("storeConfigs: %s", configs)
	}
	one := string(e.admin("GET", "/rest/V1/store/storeConfigs?storeCodes[]=eu_de", "").body)
	if strings.Count(one, `"code"`) != 1 || !strings.Contains(one, `"locale":"de_DE"`) {
		t.Errorf("storeConfigs?storeCodes[]=eu_de: %s", one)
	}
}

func TestCustomerGroupRoutes(t *testing.T) {
	e := newEnv(t, Options{})
	expect(t, e.admin("GET", "/rest/V1/customerGroups/1", ""), 200, `{"id":1,"code":"General","tax_class_id":3,"tax_class_name":"Retail Customer"}`)
	expect(t, e.admin("GET", "/rest/V1/customerGroups/0", ""), 200, `{"id":0,"code":"NOT LOGGED IN","tax_class_id":3,"tax_class_name":"Retail Customer"}`)
	expect(t, e.admin("GET", "/rest/V1/customerGroups/default", ""), 200, `{"id":1,"code":"General","tax_class_id":3,"tax_class_name":"Retail Customer"}`)
	expect(t, e.admin("GET", "/rest/V1/customerGroups/77", ""), 404,
		`{"message":"No such entity with %fieldName = %fieldValue","parameters":{"fieldName":"id","fieldValue":77}}`)
	r := e.search("/rest/V1/customerGroups/search", join(filter(0, 0, "code", "%SALE%", "like")))
	if r.TotalCount != 1 || r.Items[0]["code"] != "Wholesale" {
		t.Errorf("groups like %%SALE%%: %v", r.Items)
	}
	if r := e.search("/rest/V1/customerGroups/search", "searchCriteria="); r.TotalCount != 4 {
		t.Errorf("all groups: %d", r.TotalCount)
	}
}

func TestStoreCodesInThePath(t *testing.T) {
	e := newEnv(t, Options{Customers: 2})
	for _, p := range []string{"/rest/V1/customers/1", "/rest/default/V1/customers/1", "/rest/all/V1/customers/1", "/rest/eu_en/V1/customers/1"} {
		if a := e.admin("GET", p, ""); a.status != 200 {
			t.Errorf("%s: %d %s", p, a.status, a.body)
		}
	}
	for _, p := range []string{"/rest/nostore/V1/customers/1", "/rest/V1/customerz", "/rest/V2/customers/1"} {
		expect(t, e.admin("GET", p, ""), 404, `{"message":"Request does not match any route."}`)
	}
	expect(t, e.admin("PATCH", "/rest/V1/customers/1", `{}`), 404, `{"message":"Request does not match any route."}`)
}

func TestRequestBodyErrors(t *testing.T) {
	e := newEnv(t, Options{Customers: 2})
	e.admin("GET", "/rest/V1/customers/1", "")
	for _, body := range []string{"", "{", `{"customer":{}} trailing`, "[1,2", "nul"} {
		req := e.request("PUT", "/rest/V1/customers/1", body, "Bearer "+e.token)
		if body == "" {
			expect(t, req, 400, `{"message":"Content-Type header is empty."}`)
			continue
		}
		expect(t, req, 400, `{"message":"Decoding error."}`)
	}
	expect(t, e.admin("PUT", "/rest/V1/customers/1", `[]`), 400,
		`{"message":"\"%fieldName\" is required. Enter and try again.","parameters":{"fieldName":"customer"}}`)
}
