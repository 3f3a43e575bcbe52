package magento

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
)

func TestRenderTemplates(t *testing.T) {
	tests := []struct {
		name     string
		template string
		params   any
		want     string
	}{
		{"named", "No such entity with %fieldName = %fieldValue",
			map[string]any{"fieldName": "customerId", "fieldValue": 123.0}, "No such entity with customerId = 123"},
		{"positional", `"%1" is a required value.`, []any{"Last Name"}, `"Last Name" is a required value.`},
		{"two positional", "%1 and %2", []any{"a", "b"}, "a and b"},
		{"longest key wins", "%field and %fieldName", map[string]any{"field": "F", "fieldName": "N"}, "F and N"},
		{"replacement not rescanned", "%a", map[string]any{"a": "%b", "b": "x"}, "%b"},
		{"no parameters", "The consumer isn't authorized to access %resources.", nil,
			"The consumer isn't authorized to access %resources."},
		{"php integer keys", "%1 %2", map[string]any{"0": "zero", "1": "one"}, "zero one"},
		{"unknown placeholder kept", "100% sure, %x", map[string]any{"y": "1"}, "100% sure, %x"},
		{"bool and null", "%a|%b|%c", map[string]any{"a": true, "b": false, "c": nil}, "1||"},
		{"decimal", "max %max", map[string]any{"max": 300.0}, "max 300"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := render(tt.template, params(tt.params)); got != tt.want {
				t.Errorf("render = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestErrorBodyAndHelpers(t *testing.T) {
	parse := func(status int, body string) *Error {
		resp := &http.Response{StatusCode: status, Header: http.Header{"Retry-After": {"7"}}}
		return parseError(call{method: "GET", path: "/V1/customers/9"}, resp, []byte(body))
	}
	notFound := parse(404, `{"message":"No such entity with %fieldName = %fieldValue","parameters":{"fieldName":"customerId","fieldValue":9}}`)
	if got, want := notFound.Error(), "magento: GET /V1/customers/9: 404: No such entity with customerId = 9"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !IsNotFound(fmt.Errorf("wrapped: %w", notFound)) || IsAuth(notFound) {
		t.Error("IsNotFound/IsAuth wrong for a 404")
	}
	if notFound.RetryAfter.Seconds() != 7 {
		t.Errorf("RetryAfter = %v", notFound.RetryAfter)
	}

	dup := parse(400, `{"message":"A customer with the same email address already exists in an associated website."}`)
	if !IsDuplicateEmail(dup) || !IsValidation(dup) {
		t.Error("duplicate email not recognised")
	}
	if IsDuplicateEmail(parse(400, `{"message":"\"%1\" is a required value.","parameters":["Last Name"]}`)) {
		t.Error("a required-value error taken for a duplicate email")
	}

	acl := parse(401, `{"message":"The consumer isn't authorized to access %resources.","parameters":{"resources":"Magento_Customer::customer"}}`)
	if MissingResources(acl) != "Magento_Customer::customer" || !IsAuth(acl) {
		t.Errorf("MissingResources = %q", MissingResources(acl))
	}

	tfa := parse(401, `{"message":"Please use the 2fa provider-specific endpoints to obtain a token.","parameters":{"active_providers":["google"]}}`)
	if !IsTwoFactorRequired(tfa) {
		t.Error("2FA answer not recognised")
	}

	agg := parse(400, `{"message":"a\nb","errors":[{"message":"\"%fieldName\" is required. Enter and try again.","parameters":{"fieldName":"city"}}]}`)
	if len(agg.Errors) != 1 || agg.Errors[0].Text() != `"city" is required. Enter and try again.` {
		t.Errorf("aggregate errors = %+v", agg.Errors)
	}

	noRoute := parse(404, `{"message":"Request does not match any route."}`)
	if IsNotFound(noRoute) || !IsNoRoute(noRoute) {
		t.Error("a route miss taken for a missing record")
	}
	html := parse(404, `<html><body>Not Found</body></html>`)
	if IsNotFound(html) || !html.NotMagento || html.Text() != "Not Found (not a Magento REST answer)" {
		t.Errorf("HTML answer: NotMagento=%v Text=%q", html.NotMagento, html.Text())
	}

	lost := &OutcomeUnknownError{Method: "POST", Path: "/V1/customers", Err: errors.New("connection reset")}
	if !IsOutcomeUnknown(fmt.Errorf("create: %w", lost)) {
		t.Error("IsOutcomeUnknown missed a wrapped OutcomeUnknownError")
	}
}
