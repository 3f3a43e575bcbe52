package magesim

import (
	"encoding/json"
	"testing"
	"time"
)

const (
	badSignInBody     = `{"message":"The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later."}`
	notAuthorizedBody = `{"message":"The consumer isn't authorized to access %resources.","parameters":{"resources":"Magento_Customer::customer"}}`
	tokenPath         = "/rest/V1/integration/admin/token"
	customerPath      = "/rest/V1/customers/1"
)

func TestAdminToken(t *testing.T) {
	e := newEnv(t, Options{Customers: 3})
	a := e.request("POST", tokenPath, `{"username":"admin","password":"magento123"}`, "")
	var token string
	if a.status != 200 || json.Unmarshal(a.body, &token) != nil || len(token) != 32 {
		t.Fatalf("token answer: %d %s", a.status, a.body)
	}
	if got := e.request("GET", customerPath, "", "Bearer "+token); got.status != 200 {
		t.Fatalf("admin token refused: %d %s", got.status, got.body)
	}
	e.clock.Advance(4*time.Hour - time.Second)
	if got := e.request("GET", customerPath, "", "Bearer "+token); got.status != 200 {
		t.Fatalf("admin token refused before 4 h: %d", got.status)
	}
	e.clock.Advance(time.Second)
	expect(t, e.request("GET", customerPath, "", "Bearer "+token), 401, notAuthorizedBody)
}

func TestAdminTokenRefusals(t *testing.T) {
	tests := []struct {
		name   string
		body   string
		status int
		want   string
	}{
		{"bad password", `{"username":"admin","password":"wrong"}`, 401, badSignInBody},
		{"unknown user", `{"username":"nobody","password":"magento123"}`, 401, badSignInBody},
		{"missing password", `{"username":"admin"}`, 400, `{"message":"\"%fieldName\" is required. Enter and try again.","parameters":{"fieldName":"password"}}`},
		{"missing both", `{}`, 400, `{"message":"One or more input exceptions have occurred.","errors":[{"message":"\"%fieldName\" is required. Enter and try again.","parameters":{"fieldName":"username"}},{"message":"\"%fieldName\" is required. Enter and try again.","parameters":{"fieldName":"password"}}]}`},
		{"malformed JSON", `{"username":`, 400, `{"message":"Decoding error."}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, Options{})
			expect(t, e.request("POST", tokenPath, tt.body, ""), tt.status, tt.want)
		})
	}
}

func TestAdminLockoutAfterSixFailures(t *testing.T) {
	e := newEnv(t, Options{})
	for range 6 {
		expect(t, e.request("POST", tokenPath, `{"username":"admin","password":"wrong"}`, ""), 401, badSignInBody)
	}
	good := `{"username":"admin","password":"magento123"}`
	expect(t, e.request("POST", tokenPath, good, ""), 401, badSignInBody)
	e.clock.Advance(1800 * time.Second)
	if a := e.request("POST", tokenPath, good, ""); a.status != 200 {
		t.Fatalf("still locked after 1800 s: %d %s", a.status, a.body)
	}
}

func TestTwoFactorRefusesValidCredentialsOnly(t *testing.T) {
	e := newEnv(t, Options{TwoFactor: true})
	expect(t, e.request("POST", tokenPath, `{"username":"admin","password":"magento123"}`, ""), 401,
		`{"message":"Please use the 2fa provider-specific endpoints to obtain a token.","parameters":{"active_providers":["google"]}}`)
	expect(t, e.request("POST", tokenPath, `{"username":"admin","password":"x"}`, ""), 401, badSignInBody)
}

func TestIntegrationBearerFollowsTheSwitch(t *testing.T) {
	for _, tt := range []struct {
		name    string
		opts    Options
		allowed bool
	}{
		{"2.4 default off", Options{Customers: 1}, false},
		{"2.4 switched on", Options{Customers: 1, BearerEnabled: true}, true},
		{"2.3 always", Options{Customers: 1, Version: "2.3"}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, tt.opts)
			a := e.request("GET", customerPath, "", "Bearer "+DefaultAccessToken)
			if tt.allowed && a.status != 200 {
				t.Fatalf("integration Bearer refused: %d %s", a.status, a.body)
			}
			if !tt.allowed {
				expect(t, a, 401, notAuthorizedBody)
			}
		})
	}
}

func TestGuestsAndBadTokensGetTheACLAnswer(t *testing.T) {
	e := newEnv(t, Options{Customers: 1})
	for _, auth := range []string{"", "Bearer nonsense", "Basic YWRtaW46bWFnZW50bzEyMw==", "OAuth oauth_consumer_key=\"x\""} {
		expect(t, e.request("GET", customerPath, "", auth), 401, notAuthorizedBody)
	}
	expect(t, e.request("GET", "/rest/V1/store/websites", "", ""), 401,
		`{"message":"The consumer isn't authorized to access %resources.","parameters":{"resources":"Magento_Backend::store"}}`)
	expect(t, e.request("PUT", customerPath, `{"customer":{}}`, ""), 401,
		`{"message":"The consumer isn't authorized to access %resources.","parameters":{"resources":"Magento_Customer::manage"}}`)
}

func TestOAuthSignedRequests(t *testing.T) {
	e := newEnv(t, Options{Customers: 2})
	path := "/rest/V1/customers/search?" + criteria("pageSize", "1", "filter_groups][0][filters][0][field", "email",
		"filter_groups][0][filters][0][value", "%@example.com", "filter_groups][0][filters][0][condition_type", "like")
	sign := func(method, nonce string, secret string) string {
		h, err := SignOAuth("GET", e.srv.URL+path, method, DefaultConsumerKey, secret, DefaultAccessToken,
			DefaultAccessTokenSecret, nonce, testEpoch.Unix())
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	for _, method := range []string{"HMAC-SHA256", "HMAC-SHA1"} {
		if a := e.request("GET", path, "", sign(method, "n-"+method, DefaultConsumerSecret)); a.status != 200 {
			t.Errorf("%s: %d %s", method, a.status, a.body)
		}
	}
	expect(t, e.request("GET", path, "", sign("HMAC-SHA256", "n-HMAC-SHA256", DefaultConsumerSecret)), 401, notAuthorizedBody)
	expect(t, e.request("GET", path, "", sign("HMAC-SHA256", "fresh", "wrong-secret")), 401, notAuthorizedBody)
	expect(t, e.request("GET", path, "", sign("PLAINTEXT", "plain", DefaultConsumerSecret)), 401, notAuthorizedBody)
}
