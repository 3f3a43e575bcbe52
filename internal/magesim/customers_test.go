package magesim

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

const customersPath = "/rest/V1/customers"

func TestGetCustomer(t *testing.T) {
	e := newEnv(t, Options{Customers: 5})
	want, _ := e.sim.CustomerJSON(2)
	expect(t, e.admin("GET", customersPath+"/2", ""), 200, string(want))
	expect(t, e.admin("GET", customersPath+"/999", ""), 404,
		`{"message":"No such entity with %fieldName = %fieldValue","parameters":{"fieldName":"customerId","fieldValue":999}}`)
	expect(t, e.admin("GET", customersPath+"/abc", ""), 400,
		`{"message":"The \"%value\" value's type is invalid. The \"%type\" type was expected. Verify and try again.","parameters":{"value":"abc","type":"int"}}`)
}

func TestCustomerJSONLeavesOutNullsAndKeepsTypes(t *testing.T) {
	e := newEnv(t, Options{})
	a := e.admin("POST", customersPath, `{"customer":{"email":"jo@example.com","firstname":"Jo","lastname":"Ünal","website_id":1,
		"addresses":[{"firstname":"Jo","lastname":"Ünal","street":["1 High Street","Flat 2"],"city":"London","country_id":"GB","postcode":"N1 1AA","telephone":"123","default_billing":true,"default_shipping":true}]}}`)
	if a.status != 200 {
		t.Fatalf("create: %d %s", a.status, a.body)
	}
	body := string(a.body)
	for _, want := range []string{`"default_billing":"1"`, `"lastname":"\u00dcnal"`, `"region":{"region_code":null,"region":null,"region_id":0}`,
		`"street":["1 High Street","Flat 2"]`, `"default_shipping":true,"default_billing":true`, `"extension_attributes":{"is_subscribed":false}`,
		`"created_at":"2025-03-14 12:00:00"`, `"created_in":"Default Store View"`} {
		if !strings.Contains(body, want) {
			t.Errorf("answer lacks %s: %s", want, body)
		}
	}
	for _, absent := range []string{"middlename", "dob", "prefix", "suffix", "taxvat", "gender", "confirmation", `"fax"`, `"company"`} {
		if strings.Contains(body, absent) {
			t.Errorf("answer has NULL field %s: %s", absent, body)
		}
	}
}

func TestCreateCustomerValidation(t *testing.T) {
	e := newEnv(t, Options{Customers: 3})
	taken, _ := e.sim.Customer(1)
	other := 3 - taken.WebsiteID
	customer := func(fields string) string {
		return `{"customer":{` + fields + `},"password":"Passw0rd!"}`
	}
	tests := []struct {
		name, body string
		status     int
		want       string
	}{
		{"no customer", `{"password":"Passw0rd!"}`, 400, `{"message":"\"%fieldName\" is required. Enter and try again.","parameters":{"fieldName":"customer"}}`},
		{"no email", customer(`"firstname":"A","lastname":"B"`), 400, `{"message":"The email address is required to create a customer account."}`},
		{"short password", `{"customer":{"email":"n@example.com","firstname":"A","lastname":"B"},"password":"Ab1"}`, 400,
			`{"message":"The password needs at least %1 characters. Create a new password and try again.","parameters":[8]}`},
		{"password classes", `{"customer":{"email":"n@example.com","firstname":"A","lastname":"B"},"password":"abcdefghij"}`, 400,
			`{"message":"Minimum of different classes of characters in password is %1. Classes of characters: Lower Case, Upper Case, Digits, Special Characters.","parameters":[3]}`},
		{"password spaces", `{"customer":{"email":"n@example.com","firstname":"A","lastname":"B"},"password":" Passw0rd!"}`, 400,
			`{"message":"The password can't begin or end with a space. Verify the password and try again."}`},
		{"password is email", `{"customer":{"email":"Nn1@example.com","firstname":"A","lastname":"B"},"password":"Nn1@example.com"}`, 400,
			`{"message":"The password can't be the same as the email address. Create a new password and try again."}`},
		{"password too long", `{"customer":{"email":"n@example.com","firstname":"A","lastname":"B"},"password":"Aa1` + strings.Repeat("x", 254) + `"}`, 400,
			`{"message":"Please enter a password with at most %1 characters.","parameters":[256]}`},
		{"invalid email", customer(`"email":"not-an-email","firstname":"A","lastname":"B"`), 400, `{"message":"\"Email\" is not a valid email address."}`},
		{"no first name", customer(`"email":"n@example.com","firstname":"","lastname":"B"`), 400, `{"message":"\"%1\" is a required value.","parameters":["First Name"]}`},
		{"no names", customer(`"email":"n@example.com"`), 400,
			`{"message":"\"First Name\" is a required value.\n\"Last Name\" is a required value.","errors":[{"message":"\"%1\" is a required value.","parameters":["First Name"]},{"message":"\"%1\" is a required value.","parameters":["Last Name"]}]}`},
		{"duplicate email in website", customer(`"email":"` + strings.ToUpper(taken.Email) + `","firstname":"A","lastname":"B","website_id":` + itoa(taken.WebsiteID)), 400,
			`{"message":"A customer with the same email address already exists in an associated website."}`},
		{"store not in website", customer(`"email":"n@example.com","firstname":"A","lastname":"B","website_id":1,"store_id":2`), 400,
			`{"message":"The store view is not in the associated website."}`},
		{"unknown group", customer(`"email":"n@example.com","firstname":"A","lastname":"B","group_id":77`), 400,
			`{"message":"The specified customer group id does not exist."}`},
		{"unknown property", customer(`"email":"n@example.com","firstname":"A","lastname":"B","nickname":"x"`), 400,
			`{"message":"Property \"%fieldName\" does not have accessor method \"%accessorMethod\" in class \"%className\".","parameters":{"fieldName":"nickname","accessorMethod":"getNickname","className":"Magento\\Customer\\Api\\Data\\CustomerInterface"}}`},
		{"default billing not the customer's", customer(`"email":"n@example.com","firstname":"A","lastname":"B","default_billing":"1"`), 400,
			`{"message":"The %fieldName value is invalid. Set the correct value and try again.","parameters":{"fieldName":"default_billing"}}`},
		{"address without city", customer(`"email":"n@example.com","firstname":"A","lastname":"B","addresses":[{"firstname":"A","lastname":"B","street":["x"],"country_id":"DE","postcode":"1","telephone":"1","region_id":82}]`), 400,
			`{"message":"\"%fieldName\" is required. Enter and try again.","parameters":{"fieldName":"city"}}`},
		{"malformed JSON", `{"customer":{"email":`, 400, `{"message":"Decoding error."}`},
		{"wrong type", customer(`"email":"n@example.com","firstname":"A","lastname":"B","group_id":"gold"`), 400,
			`{"message":"The \"%value\" value's type is invalid. The \"%type\" type was expected. Verify and try again.","parameters":{"value":"gold","type":"int"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expect(t, e.admin("POST", customersPath, tt.body), tt.status, tt.want)
		})
	}
	t.Run("same email in the other website", func(t *testing.T) {
		a := e.admin("POST", customersPath, customer(`"email":"`+taken.Email+`","firstname":"A","lastname":"B","website_id":`+itoa(other)))
		if a.status != 200 {
			t.Errorf("%d %s", a.status, a.body)
		}
	})
}

func itoa(n int) string { return itoa64(int64(n)) }

func TestCreateCustomerStoreAndGuestRules(t *testing.T) {
	e := newEnv(t, Options{})
	a := e.admin("POST", "/rest/eu_de/V1/customers", `{"customer":{"email":"d@example.com","firstname":"D","lastname":"E"}}`)
	c := a.json(t)
	if c["store_id"] != 3.0 || c["website_id"] != 2.0 || c["created_in"] != "EU Deutsch" {
		t.Errorf("store from the URL's store code: %s", a.body)
	}
	a = e.admin("POST", customersPath, `{"customer":{"email":"w@example.com","firstname":"W","lastname":"E","website_id":2}}`)
	if c := a.json(t); c["store_id"] != 2.0 {
		t.Errorf("store from the website's default store: %s", a.body)
	}
	guest := `{"customer":{"email":"g@example.com","firstname":"G","lastname":"H","group_id":2},"password":"Passw0rd!"}`
	expect(t, e.request("POST", customersPath, guest, ""), 401,
		`{"message":"The consumer isn't authorized to access %resources.","parameters":{"resources":"Magento_Customer::manage"}}`)
	a = e.request("POST", customersPath, strings.Replace(guest, `,"group_id":2`, "", 1), "")
	if a.status != 200 {
		t.Errorf("guest self-registration: %d %s", a.status, a.body)
	}
	a = e.admin("POST", customersPath, `{"customer":{"email":"x@example.com","firstname":"X","lastname":"Y","addresses":[
		{"firstname":"X","lastname":"Y","street":["s"],"city":"c","country_id":"ZZ","postcode":"1","telephone":"1"}]}}`)
	if c := a.json(t); len(c["addresses"].([]any)) != 0 {
		t.Errorf("address in a country that is not allowed was kept: %s", a.body)
	}
}

func TestUpdateCustomer24(t *testing.T) {
	e := newEnv(t, Options{Customers: 10})
	var id int
	for _, c := range e.all() {
		if len(c.Addresses) >= 2 && c.DefaultBilling != 0 {
			id = c.ID
			break
		}
	}
	before, _ := e.sim.Customer(id)
	path := customersPath + "/" + itoa(id)
	e.clock.Advance(time.Hour)

	a := e.admin("PUT", path, `{"customer":{"lastname":"Renamed"}}`)
	after, _ := e.sim.Customer(id)
	if a.status != 200 || after.Lastname != "Renamed" || after.Email != before.Email || len(after.Addresses) != len(before.Addresses) ||
		after.DefaultBilling != before.DefaultBilling || after.GroupID != before.GroupID {
		t.Fatalf("partial PUT: %d %s", a.status, a.body)
	}
	if after.UpdatedAt != before.UpdatedAt+3600 && after.UpdatedAt != testEpoch.Add(time.Hour).Unix() {
		t.Errorf("PUT did not move updated_at: %s", formatTime(after.UpdatedAt))
	}

	keep := before.Addresses[0]
	a = e.admin("PUT", path, `{"customer":{"addresses":[{"id":`+itoa(keep.ID)+`,"firstname":"K","lastname":"L","street":["9 New Road"],"city":"Bath","country_id":"GB","postcode":"BA1 1AA","telephone":"1"},
		{"firstname":"N","lastname":"M","street":["1 Rue"],"city":"Paris","country_id":"FR","region_id":257,"postcode":"75001","telephone":"2","default_shipping":true}]}}`)
	after, _ = e.sim.Customer(id)
	if a.status != 200 || len(after.Addresses) != 2 || after.Addresses[0].ID != keep.ID || after.Addresses[0].City != "Bath" ||
		after.DefaultShipping != after.Addresses[1].ID {
		t.Fatalf("addresses as the final set: %d %s", a.status, a.body)
	}
	expect(t, e.admin("PUT", path, `{"customer":{"default_billing":"999999"}}`), 400,
		`{"message":"The %fieldName value is invalid. Set the correct value and try again.","parameters":{"fieldName":"default_billing"}}`)
	a = e.admin("PUT", path, `{"customer":{"addresses":[]}}`)
	after, _ = e.sim.Customer(id)
	if a.status != 200 || len(after.Addresses) != 0 || after.DefaultBilling != 0 || strings.Contains(string(a.body), "default_billing") {
		t.Errorf("addresses [] deletes them all: %s", a.body)
	}
	a = e.admin("PUT", path, `{"customer":{"extension_attributes":{"is_subscribed":true}}}`)
	if !strings.Contains(string(a.body), `"is_subscribed":true`) {
		t.Errorf("subscribe by PUT: %s", a.body)
	}
	other, _ := e.sim.Customer(id%10 + 1)
	if other.WebsiteID == after.WebsiteID {
		expect(t, e.admin("PUT", path, `{"customer":{"email":"`+other.Email+`"}}`), 400,
			`{"message":"A customer with the same email address already exists in an associated website."}`)
	}
	expect(t, e.admin("PUT", customersPath+"/999", `{"customer":{"lastname":"X"}}`), 404,
		`{"message":"No such entity with %fieldName = %fieldValue","parameters":{"fieldName":"customerId","fieldValue":999}}`)
	expect(t, e.admin("PUT", path, `{"customer":{"group_id":12}}`), 400, `{"message":"The specified customer group id does not exist."}`)
	expect(t, e.admin("PUT", path, `{"customer":{"email":""}}`), 400, `{"message":"The customer email is missing. Enter and try again."}`)
}

func TestDeleteCustomer(t *testing.T) {
	e := newEnv(t, Options{Customers: 3})
	expect(t, e.admin("DELETE", customersPath+"/2", ""), 200, "true")
	expect(t, e.admin("GET", customersPath+"/2", ""), 404,
		`{"message":"No such entity with %fieldName = %fieldValue","parameters":{"fieldName":"customerId","fieldValue":2}}`)
	expect(t, e.admin("DELETE", customersPath+"/2", ""), 404,
		`{"message":"No such entity with %fieldName = %fieldValue","parameters":{"fieldName":"customerId","fieldValue":2}}`)
	if r := e.search(searchPath, "searchCriteria="); r.TotalCount != 2 {
		t.Errorf("search after delete: %d customers", r.TotalCount)
	}
}

// The trap: only a save of the customer itself moves updated_at.
func TestUpdatedAtTrap(t *testing.T) {
	e := newEnv(t, Options{Customers: 5})
	c, _ := e.sim.Customer(3)
	e.clock.Advance(time.Hour)
	if err := e.sim.EditAddressOnly(3, AddressEdit{City: "Elsewhere"}); err != nil {
		t.Fatal(err)
	}
	if err := e.sim.SetSubscription(3, !c.Subscribed); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	json.Unmarshal(e.admin("GET", customersPath+"/3", "").body, &got)
	if got["updated_at"] != formatTime(c.UpdatedAt) {
		t.Errorf("address or newsletter change moved updated_at to %v", got["updated_at"])
	}
	if !strings.Contains(string(e.admin("GET", customersPath+"/3", "").body), "Elsewhere") {
		t.Error("address change not visible")
	}
	since := join(filter(0, 0, "updated_at", formatTime(testEpoch.Unix()), "gteq"))
	if r := e.search(searchPath, since); r.TotalCount != 0 {
		t.Errorf("a delta sync sees %d changed customers, want 0", r.TotalCount)
	}
	if err := e.sim.EditCustomer(3, CustomerEdit{Lastname: "Edited"}); err != nil {
		t.Fatal(err)
	}
	if r := e.search(searchPath, since); r.TotalCount != 1 || ids(r.Items)[0] != 3 {
		t.Errorf("after an admin edit the delta sync sees %v", ids(r.Items))
	}
	if got := formatTime(e.sim.store.customers[2].updatedAt); got != "2025-03-14 13:00:00" {
		t.Errorf("updated_at %s, want the clock's time in UTC", got)
	}
}

func TestAddressRoutes(t *testing.T) {
	e := newEnv(t, Options{Customers: 20})
	var c Customer
	for _, x := range e.all() {
		if x.DefaultBilling != 0 {
			c = x
			break
		}
	}
	path := customersPath + "/" + itoa(c.ID)
	a := e.admin("GET", path+"/billingAddress", "")
	if a.status != 200 || a.json(t)["id"] != float64(c.DefaultBilling) {
		t.Errorf("billingAddress: %s", a.body)
	}
	expect(t, e.admin("GET", path+"/nothing", ""), 404, `{"message":"Request does not match any route."}`)
	before := c.UpdatedAt
	expect(t, e.admin("DELETE", "/rest/V1/addresses/"+itoa(c.DefaultBilling), ""), 200, "true")
	after, _ := e.sim.Customer(c.ID)
	if after.UpdatedAt != before || after.DefaultBilling != 0 {
		t.Errorf("address delete: updated_at %d→%d, default %d", before, after.UpdatedAt, after.DefaultBilling)
	}
	expect(t, e.admin("GET", "/rest/V1/customers/addresses/"+itoa(c.DefaultBilling), ""), 404,
		`{"message":"No such entity with %fieldName = %fieldValue","parameters":{"fieldName":"addressId","fieldValue":`+itoa(c.DefaultBilling)+`}}`)
}
