package magesim

import (
	"strings"
	"testing"
)

func TestMagento23Behaviours(t *testing.T) {
	e := newEnv(t, Options{Customers: 6, Version: "2.3"})
	list := string(e.admin("GET", searchPath+"?searchCriteria[pageSize]=2", "").body)
	if strings.Contains(list, "is_subscribed") {
		t.Errorf("2.3 search results carry is_subscribed: %s", list)
	}
	if one := string(e.admin("GET", customersPath+"/1", "").body); !strings.Contains(one, "is_subscribed") {
		t.Errorf("2.3 GET lacks is_subscribed: %s", one)
	}
	c, _ := e.sim.Customer(1)
	path := customersPath + "/1"
	expect(t, e.admin("PUT", path, `{"customer":{"id":1,"firstname":"A","lastname":"B","website_id":1}}`), 400,
		`{"message":"The customer email is missing. Enter and try again."}`)
	expect(t, e.admin("PUT", path, `{"customer":{"id":1,"email":"`+c.Email+`","lastname":"B","website_id":1}}`), 400,
		`{"message":"\"%1\" is a required value.","parameters":["First Name"]}`)
	expect(t, e.admin("PUT", path, `{"customer":{"id":1,"email":"`+c.Email+`","firstname":"A","lastname":"B"}}`), 400,
		`{"message":"The customer website ID must be specified when using the website scope."}`)
	expect(t, e.admin("PUT", path, `{"customer":{"email":"`+c.Email+`","firstname":"A","lastname":"B","website_id":`+itoa(c.WebsiteID)+`}}`), 400,
		`{"message":"A customer with the same email address already exists in an associated website."}`)
	a := e.admin("PUT", path, `{"customer":{"id":1,"email":"`+c.Email+`","firstname":"A","lastname":"B","website_id":`+itoa(c.WebsiteID)+`}}`)
	after, _ := e.sim.Customer(1)
	if a.status != 200 || after.Firstname != "A" || after.Dob != "" || after.Prefix != "" || len(after.Addresses) != len(c.Addresses) {
		t.Errorf("2.3 PUT replaces the record but keeps omitted addresses: %s", a.body)
	}
	expect(t, e.admin("POST", customersPath, `{"customer":{"email":"bad","firstname":"A","lastname":"B"}}`), 400,
		`{"message":"\"%1\" is not a valid email address.","parameters":["Email"]}`)
}
