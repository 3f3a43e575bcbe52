package magesim

import (
	"strings"
	"testing"
)

// address is a valid US address as JSON, with fields replaced or added.
func address(over string) string {
	base := map[string]string{
		"firstname": `"Ann"`, "lastname": `"Lee"`, "street": `["1 Main St"]`, "city": `"Austin"`,
		"country_id": `"US"`, "region_id": `57`, "postcode": `"73301"`, "telephone": `"+1 512-555-0100"`,
	}
	var extra []string
	for _, kv := range strings.Split(over, ";") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			continue
		}
		if v == "-" {
			delete(base, k)
			continue
		}
		if _, known := base[k]; !known {
			extra = append(extra, `"`+k+`":`+v)
		}
		base[k] = v
	}
	var parts []string
	for _, k := range []string{"firstname", "lastname", "street", "city", "country_id", "region_id", "postcode", "telephone"} {
		if v, ok := base[k]; ok {
			parts = append(parts, `"`+k+`":`+v)
		}
	}
	return "{" + strings.Join(append(parts, extra...), ",") + "}"
}

func TestCustomerWriteValidation(t *testing.T) {
	customer := func(fields string) string {
		return `{"customer":{"email":"v@example.com","firstname":"Ann","lastname":"Lee","website_id":1` + fields + `}}`
	}
	withAddress := func(over string) string { return customer(`,"addresses":[` + address(over) + `]`) }
	required := func(field string) string {
		return `{"message":"\"%fieldName\" is required. Enter and try again.","parameters":{"fieldName":"` + field + `"}}`
	}
	tests := []struct {
		name, body string
		status     int
		want       string // the whole answer; "" for any 200
	}{
		{"accents, apostrophes, CJK", customer(`,"firstname":"Zoë-Anne","lastname":"O'Brien 田中","middlename":"J."`), 200, ""},
		{"name with a character Magento refuses", customer(`,"firstname":"Ann<script>"`), 400, `{"message":"First Name is not valid!"}`},
		{"every name refused at once", customer(`,"firstname":"A!","lastname":"B?","middlename":"C#"`), 400,
			`{"message":"First Name is not valid!\nLast Name is not valid!\nMiddle Name is not valid!","errors":[{"message":"First Name is not valid!"},{"message":"Last Name is not valid!"},{"message":"Middle Name is not valid!"}]}`},
		{"name too long", customer(`,"lastname":"` + strings.Repeat("x", 256) + `"`), 400,
			`{"message":"\"%1\" length must be equal or less than %2 characters.","parameters":["Last Name",255]}`},
		{"dob", customer(`,"dob":"1980-04-05"`), 200, ""},
		{"dob in another format", customer(`,"dob":"05/04/1980"`), 400, `{"message":"\"%1\" does not fit the entered date format.","parameters":["Date of Birth"]}`},
		{"dob that is no day", customer(`,"dob":"1980-02-30"`), 400, `{"message":"\"%1\" is not a valid date.","parameters":["Date of Birth"]}`},
		{"dob in the future", customer(`,"dob":"2031-01-01"`), 400, `{"message":"The Date of Birth should not be greater than today."}`},
		{"gender not a number", customer(`,"gender":"male"`), 400,
			`{"message":"The \"%value\" value's type is invalid. The \"%type\" type was expected. Verify and try again.","parameters":{"value":"male","type":"int"}}`},
		{"gender outside the options: Magento checks only its type", customer(`,"gender":9`), 200, ""},
		{"group NOT LOGGED IN: Magento checks only groups other than 0", customer(`,"group_id":0`), 200, ""},
		{"unknown website", customer(`,"website_id":9`), 404,
			`{"message":"The website with id %1 that was requested wasn't found. Verify the website and try again.","parameters":[9]}`},
		{"unknown store", customer(`,"store_id":9`), 404, `{"message":"The store that was requested wasn't found. Verify the store and try again."}`},
		{"US address", withAddress(""), 200, ""},
		{"US without region", withAddress("region_id=-"), 400, required("regionId")},
		{"US region by code", withAddress(`region_id=-;region={"region_code":"TX"}`), 200, ""},
		{"US with a region of Germany", withAddress("region_id=82"), 400,
			`{"message":"Invalid value of \"%value\" provided for the %fieldName field.","parameters":{"fieldName":"regionId","value":"82"}}`},
		{"Canada without region", withAddress(`country_id="CA";region_id=-`), 400, required("regionId")},
		{"Spain without region", withAddress(`country_id="ES";region_id=-`), 400, required("regionId")},
		{"France needs no region", withAddress(`country_id="FR";region_id=-`), 200, ""},
		{"Germany needs no region", withAddress(`country_id="DE";region_id=-`), 200, ""},
		{"Romania without region", withAddress(`country_id="RO";region_id=-`), 400, required("regionId")},
		{"Romania region by id", withAddress(`country_id="RO";region_id=287`), 200, ""},
		{"Romania with a region name only", withAddress(`country_id="RO";region_id=-;region={"region":"Bucureşti"}`), 400, required("regionId")},
		{"Estonia region by code", withAddress(`country_id="EE";region_id=-;region={"region_code":"EE-37"}`), 200, ""},
		{"Latvia without region", withAddress(`country_id="LV";region_id=-`), 400, required("regionId")},
		{"Latvia region by id", withAddress(`country_id="LV";region_id=362`), 200, ""},
		{"Lithuania with a region of Latvia", withAddress(`country_id="LT";region_id=362`), 400,
			`{"message":"Invalid value of \"%value\" provided for the %fieldName field.","parameters":{"fieldName":"regionId","value":"362"}}`},
		{"Lithuania region by id", withAddress(`country_id="LT";region_id=484`), 200, ""},
		{"Finland needs no region", withAddress(`country_id="FI";region_id=-`), 200, ""},
		{"Finland with a region of Estonia", withAddress(`country_id="FI";region_id=340`), 400,
			`{"message":"Invalid value of \"%value\" provided for the %fieldName field.","parameters":{"fieldName":"regionId","value":"340"}}`},
		{"Brazil needs a region name", withAddress(`country_id="BR";region_id=-`), 400, required("region")},
		{"Brazil with a region name", withAddress(`country_id="BR";region_id=-;region={"region":"São Paulo"}`), 200, ""},
		{"GB without postcode", withAddress(`country_id="GB";region_id=-;postcode=-`), 200, ""},
		{"DE without postcode", withAddress(`country_id="DE";region_id=-;postcode=-`), 400, required("postcode")},
		{"country not allowed: the address is dropped", withAddress(`country_id="KP";region_id=-`), 200, ""},
		{"no telephone", withAddress("telephone=-"), 400, required("telephone")},
		{"telephone with letters", withAddress(`telephone="555-CALL-NOW"`), 400, `{"message":"Invalid Phone Number. Please use 0-9, +, -, (, ) and space."}`},
		{"city with digits", withAddress(`city="Austin 2"`), 400, `{"message":"Invalid City. Please use A-Z, a-z, 0-9, -, ', spaces"}`},
		{"street with a hash", withAddress(`street=["1 Main St #4"]`), 400, `{"message":"Invalid Street Address. Please use A-Z, a-z, 0-9, , - . ' \u2019 ` + "`" + ` & spaces"}`},
		{"address name refused", withAddress(`firstname="Ann!"`), 400, `{"message":"First Name is not valid!"}`},
		{"several address errors", withAddress("city=-;telephone=-"), 400,
			`{"message":"One or more input exceptions have occurred.","errors":[{"message":"\"%fieldName\" is required. Enter and try again.","parameters":{"fieldName":"city"}},{"message":"\"%fieldName\" is required. Enter and try again.","parameters":{"fieldName":"telephone"}}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, Options{})
			a := e.admin("POST", customersPath, tt.body)
			if tt.want == "" {
				if a.status != tt.status {
					t.Errorf("got %d %s, want %d", a.status, a.body, tt.status)
				}
				return
			}
			expect(t, a, tt.status, tt.want)
			if e.sim.CustomerCount() != 0 {
				t.Errorf("a refused create saved a customer")
			}
		})
	}
}

// TestOneBadAddressFailsTheWholeSave: a PUT with one good and one bad
// address changes nothing, in 2.4 and 2.3.
func TestOneBadAddressFailsTheWholeSave(t *testing.T) {
	for _, version := range []string{"2.4", "2.3"} {
		e := newEnv(t, Options{Customers: 5, Version: version})
		before, _ := e.sim.Customer(2)
		body := `{"customer":{"id":2,"email":"` + before.Email + `","firstname":"Renamed","lastname":"` + before.Lastname +
			`","website_id":` + itoa(before.WebsiteID) + `,"addresses":[` + address("") + `,` + address("city=-") + `]}}`
		expect(t, e.admin("PUT", customersPath+"/2", body), 400, `{"message":"\"%fieldName\" is required. Enter and try again.","parameters":{"fieldName":"city"}}`)
		after, _ := e.sim.Customer(2)
		if after.Firstname != before.Firstname || len(after.Addresses) != len(before.Addresses) || after.UpdatedAt != before.UpdatedAt {
			t.Errorf("%s: the refused save changed the customer: %+v", version, after)
		}
		a := e.admin("POST", customersPath, `{"customer":{"email":"two@example.com","firstname":"A","lastname":"B","addresses":[`+address("")+`,`+address("country_id=\"CA\";region_id=-")+`]}}`)
		if a.status != 400 || e.sim.CustomerCount() != 5 {
			t.Errorf("%s: a create with one bad address: %d %s", version, a.status, a.body)
		}
	}
}

// TestMagento23HasNoCharacterRules: the character validators came with
// 2.4.7 and 2.4.8.
func TestMagento23HasNoCharacterRules(t *testing.T) {
	e := newEnv(t, Options{Version: "2.3"})
	a := e.admin("POST", customersPath, `{"customer":{"email":"x@example.com","firstname":"Ann!","lastname":"Lee","website_id":1,"dob":"2031-01-01","addresses":[`+
		address(`city="Austin 2";telephone="555-CALL"`)+`]}}`)
	if a.status != 200 {
		t.Errorf("2.3: %d %s", a.status, a.body)
	}
}

// TestEmailUniqueness: per website by default, across websites when
// accounts are shared globally; the same rule answers isEmailAvailable.
func TestEmailUniqueness(t *testing.T) {
	for _, global := range []bool{false, true} {
		e := newEnv(t, Options{Customers: 3, AccountShareGlobal: global})
		c, _ := e.sim.Customer(1)
		other := 3 - c.WebsiteID
		avail := e.admin("POST", customersPath+"/isEmailAvailable", `{"customerEmail":"`+c.Email+`","websiteId":`+itoa(other)+`}`)
		if want := map[bool]string{false: "true", true: "false"}[global]; string(avail.body) != want {
			t.Errorf("global=%v: isEmailAvailable in the other website: %s, want %s", global, avail.body, want)
		}
		a := e.admin("POST", customersPath, `{"customer":{"email":"`+c.Email+`","firstname":"A","lastname":"B","website_id":`+itoa(other)+`}}`)
		if (a.status == 200) == global {
			t.Errorf("global=%v: the same email in the other website: %d %s", global, a.status, a.body)
		}
	}
}

// TestCustomAttributesAreKept: custom attributes not sent keep their
// values, in 2.4 (partial PUT) and in 2.3 (a PUT that replaces the record:
// EAV saves only the attributes it is given).
func TestCustomAttributesAreKept(t *testing.T) {
	for _, version := range []string{"2.4", "2.3"} {
		e := newEnv(t, Options{Version: version})
		a := e.admin("POST", customersPath, `{"customer":{"email":"ca@example.com","firstname":"A","lastname":"B","website_id":1,
			"custom_attributes":[{"attribute_code":"loyalty_tier","value":"gold"},{"attribute_code":"unknown_code","value":"x"}]}}`)
		if a.status != 200 || !strings.Contains(string(a.body), `"custom_attributes":[{"attribute_code":"loyalty_tier","value":"gold"}]`) {
			t.Fatalf("%s create: %d %s", version, a.status, a.body)
		}
		a = e.admin("PUT", customersPath+"/1", `{"customer":{"id":1,"email":"ca@example.com","firstname":"C","lastname":"B","website_id":1,
			"custom_attributes":[{"attribute_code":"erp_customer_code","value":"E-1"}]}}`)
		if a.status != 200 || !strings.Contains(string(a.body), `"custom_attributes":[{"attribute_code":"loyalty_tier","value":"gold"},{"attribute_code":"erp_customer_code","value":"E-1"}]`) {
			t.Errorf("%s update: %d %s", version, a.status, a.body)
		}
	}
}

// TestGeneratedDataIsValid: every generated customer and address passes
// the validators, so the demo and the tests can send them back unchanged.
func TestGeneratedDataIsValid(t *testing.T) {
	e := newEnv(t, Options{Customers: 3000, OrdersPerCustomer: -1})
	all := e.all()
	if len(all) != 3000 {
		t.Fatalf("%d customers", len(all))
	}
	for _, c := range all {
		if errs := validateCustomerFields(&c, false, testEpoch); len(errs) > 0 {
			t.Fatalf("customer %d: %v", c.ID, errs[0].Rendered())
		}
		for _, a := range c.Addresses {
			in := AddressData{Firstname: a.Firstname, Lastname: a.Lastname, Middlename: a.Middlename, Street: a.StreetLines(),
				City: a.City, CountryID: a.CountryID, Postcode: a.Postcode, Telephone: a.Telephone, RegionID: a.RegionID,
				RegionCode: a.RegionCode, RegionName: a.Region}
			if errs := validateAddress(in, false); len(errs) > 0 {
				t.Fatalf("customer %d address %d (%s, %s): %v", c.ID, a.ID, a.City, a.CountryID, errs[0].Rendered())
			}
		}
	}
}
