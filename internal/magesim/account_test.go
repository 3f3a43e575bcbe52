package magesim

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestValidateCustomerRoute(t *testing.T) {
	e := newEnv(t, Options{Customers: 2})
	taken, _ := e.sim.Customer(1)
	for _, tt := range []struct {
		name, body string
		status     int
		want       string
	}{
		{"valid", `{"customer":{"email":"ok@example.com","firstname":"Ann","lastname":"Lee"}}`, 200, `{"valid":true,"messages":[]}`},
		{"a taken email is valid: uniqueness is the save's", `{"customer":{"email":"` + taken.Email + `","firstname":"Ann","lastname":"Lee"}}`, 200, `{"valid":true,"messages":[]}`},
		{"refused", `{"customer":{"email":"bad","firstname":"Ann!","lastname":"","dob":"2999-01-01"}}`, 200,
			`{"valid":false,"messages":["First Name is not valid!","\"Last Name\" is a required value.","\"Email\" is not a valid email address.","The Date of Birth should not be greater than today."]}`},
		{"no customer", `{}`, 400, `{"message":"\"%fieldName\" is required. Enter and try again.","parameters":{"fieldName":"customer"}}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			expect(t, e.admin("PUT", customersPath+"/validate", tt.body), tt.status, tt.want)
		})
	}
	expect(t, e.request("PUT", "/rest/V1/customers/validate", `{"customer":{}}`, ""), 401,
		`{"message":"The consumer isn't authorized to access %resources.","parameters":{"resources":"Magento_Customer::manage"}}`)
}

func TestPasswordResetRoute(t *testing.T) {
	e := newEnv(t, Options{Customers: 3})
	c, _ := e.sim.Customer(2)
	for _, tt := range []struct {
		name, body string
		status     int
		want       string
	}{
		{"reset link", `{"email":"` + c.Email + `","template":"email_reset","websiteId":` + itoa(c.WebsiteID) + `}`, 200, "true"},
		{"unknown email", `{"email":"nobody@example.com","template":"email_reset","websiteId":1}`, 404,
			`{"message":"No such entity with %fieldName = %fieldValue, %field2Name = %field2Value","parameters":{"fieldName":"email","fieldValue":"nobody@example.com","field2Name":"websiteId","field2Value":1}}`},
		{"other website", `{"email":"` + c.Email + `","template":"email_reset","websiteId":` + itoa(3-c.WebsiteID) + `}`, 404, ""},
		{"unknown template", `{"email":"` + c.Email + `","template":"welcome","websiteId":` + itoa(c.WebsiteID) + `}`, 400,
			`{"message":"Invalid value of \"%value\" provided for the %fieldName field. Possible values: %template1 or %template2.","parameters":{"value":"welcome","fieldName":"template","template1":"email_reminder","template2":"email_reset"}}`},
		{"no email", `{"template":"email_reset"}`, 400, `{"message":"\"%fieldName\" is required. Enter and try again.","parameters":{"fieldName":"email"}}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := e.request("PUT", "/rest/V1/customers/password", tt.body, "") // anonymous, as in Magento
			if tt.want == "" {
				if a.status != tt.status {
					t.Errorf("got %d %s", a.status, a.body)
				}
				return
			}
			expect(t, a, tt.status, tt.want)
		})
	}
	sent := e.sim.SentEmails()
	if len(sent) != 1 || sent[0].To != c.Email || sent[0].Template != "email_reset" || sent[0].CustomerID != 2 {
		t.Errorf("emails sent: %+v", sent)
	}
	var listed struct{ Emails []SentEmail }
	json.Unmarshal(e.request("GET", "/__sim/emails", "", "").body, &listed)
	if len(listed.Emails) != 1 {
		t.Errorf("/__sim/emails: %+v", listed)
	}
	e.admin("POST", customersPath, `{"customer":{"email":"np@example.com","firstname":"N","lastname":"P","website_id":1}}`)
	if sent = e.sim.SentEmails(); len(sent) != 2 || sent[1].Template != "registered_no_password" {
		t.Errorf("welcome mail of an account without password: %+v", sent)
	}
}

func TestDirectoryCountriesRoute(t *testing.T) {
	e := newEnv(t, Options{})
	a := e.request("GET", "/rest/V1/directory/countries", "", "")
	var list []struct {
		ID      string `json:"id"`
		ISO3    string `json:"three_letter_abbreviation"`
		Name    string `json:"full_name_english"`
		Regions []struct {
			ID, Code, Name string
		} `json:"available_regions"`
	}
	if err := json.Unmarshal(a.body, &list); err != nil || a.status != 200 {
		t.Fatalf("%d %v %s", a.status, err, a.body)
	}
	byID := map[string]int{}
	for i, c := range list {
		byID[c.ID] = i
	}
	us, fr, gb := list[byID["US"]], list[byID["FR"]], list[byID["GB"]]
	if us.ISO3 != "USA" || us.Name != "United States" || len(us.Regions) != 65 || us.Regions[56].ID != "57" || us.Regions[56].Code != "TX" {
		t.Errorf("US: %+v", us)
	}
	if len(fr.Regions) != 96 || fr.Regions[12].Name != "Bouches-du-Rhône" || fr.Regions[12].ID != "194" || len(gb.Regions) != 0 {
		t.Errorf("FR, GB: %+v %+v", fr.Regions[12], gb)
	}
	if strings.Contains(string(a.body), `"id":"KP"`) || len(list) != len(countries) {
		t.Errorf("a country that is not allowed is listed, or one is missing: %d", len(list))
	}
	expect(t, e.request("GET", "/rest/V1/directory/countries/KP", "", ""), 404, `{"message":"Requested country is not available."}`)
	if one := e.request("GET", "/rest/V1/directory/countries/CA", "", ""); !strings.Contains(string(one.body), `{"id":"76","code":"QC","name":"Quebec"}`) {
		t.Errorf("CA: %s", one.body)
	}
}

// TestNewsletterConfirmation: with newsletter/subscription/confirm on, a
// subscription sent through the API waits for the customer: is_subscribed
// stays false and the confirmation request is mailed; an unsubscribe is at once.
func TestNewsletterConfirmation(t *testing.T) {
	e := newEnv(t, Options{NewsletterConfirm: true})
	a := e.admin("POST", customersPath, `{"customer":{"email":"nl@example.com","firstname":"N","lastname":"L","website_id":1,"extension_attributes":{"is_subscribed":true}}}`)
	if a.status != 200 || !strings.Contains(string(a.body), `"is_subscribed":false`) {
		t.Fatalf("create: %d %s", a.status, a.body)
	}
	sent := e.sim.SentEmails()
	if len(sent) != 2 || sent[1].Template != "newsletter_subscription_confirm" {
		t.Errorf("mails: %+v", sent)
	}
	e.sim.SetSubscription(1, true) // the customer confirmed
	a = e.admin("PUT", customersPath+"/1", `{"customer":{"extension_attributes":{"is_subscribed":false}}}`)
	if !strings.Contains(string(a.body), `"is_subscribed":false`) || len(e.sim.SentEmails()) != 2 {
		t.Errorf("unsubscribe: %s", a.body)
	}
	plain := newEnv(t, Options{})
	a = plain.admin("POST", customersPath, `{"customer":{"email":"nl@example.com","firstname":"N","lastname":"L","website_id":1,"extension_attributes":{"is_subscribed":true}}}`)
	if !strings.Contains(string(a.body), `"is_subscribed":true`) {
		t.Errorf("without confirmation: %s", a.body)
	}
}
