package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"sort"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"magecrm/internal/crm"
)

const internalError = "Something went wrong on our side. It has been logged; try again in a moment."

// writeProblem answers with an RFC 9457 problem outside huma's handlers.
func writeProblem(w http.ResponseWriter, status int, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(&huma.ErrorModel{Title: http.StatusText(status), Status: status, Detail: detail})
}

// withoutEchoedValues drops the request values huma echoes in a problem's
// field errors: an unknown member or a missing one echoes the whole body,
// with any password in it, and secrets never appear in answers (nor in the
// answers an Idempotency-Key keeps). The location and message say what to fix.
func withoutEchoedValues(_ huma.Context, _ string, v any) (any, error) {
	if e, ok := v.(*huma.ErrorModel); ok {
		for _, d := range e.Errors {
			if d != nil {
				d.Value = nil
			}
		}
	}
	return v, nil
}

// problem turns a crm service's error into the API's answer: field
// messages are 422 with each field's location in the request body.
func (s *Server) problem(err error) error {
	var fe crm.FieldErrors
	var refusal crm.Refusal
	switch {
	case errors.As(err, &fe):
		return fieldProblem(fe)
	case errors.Is(err, crm.ErrStale):
		return huma.Error412PreconditionFailed("The record changed since the version in If-Match. GET it again for its new ETag, then send your change again.")
	case errors.Is(err, crm.ErrForbidden):
		return huma.Error403Forbidden("You do not have permission to do this. Ask an administrator if you need it.")
	case errors.Is(err, crm.ErrNotFound):
		return huma.Error404NotFound("There is no such record, or it is not shared with you.")
	case errors.As(err, &refusal):
		return huma.Error409Conflict(err.Error())
	}
	s.Log.Error("API request failed", "err", err)
	return huma.Error500InternalServerError(internalError)
}

// fieldNames maps the forms' field names to the API's, where they differ.
var fieldNames = map[string]string{
	"channel": "channel_id", "store": "store_id", "group": "group_id", "owner": "owner_id",
	"contact": "contact_id", "account": "account_id", "business_unit": "business_unit_id", "roles": "role_ids",
	"parent": "parent_id", "country": "country_id", "form": "",
}

var (
	addressField = regexp.MustCompile(`^address\.(\d+)\.(\w+)$`)
	listField    = regexp.MustCompile(`^(email|phone)\.(\d+)$`)
)

// fieldLocation turns a form field name into a location in the body: a
// customer's or contact's "address.0.city" is in body.addresses[0], an
// account's "address.city" in body.address, a contact's "email.1" in
// body.emails[1].
func fieldLocation(field string) string {
	if m := listField.FindStringSubmatch(field); m != nil {
		return "body." + m[1] + "s[" + m[2] + "]"
	}
	if name, ok := strings.CutPrefix(field, "address."); ok && !addressField.MatchString(field) {
		if n, ok := fieldNames[name]; ok {
			name = n
		}
		return "body.address." + name
	}
	if m := addressField.FindStringSubmatch(field); m != nil {
		name := m[2]
		if n, ok := fieldNames[name]; ok {
			name = n
		}
		return "body.addresses[" + m[1] + "]." + name
	}
	if n, ok := fieldNames[field]; ok {
		field = n
	}
	return strings.TrimSuffix("body."+field, ".")
}

// listProblem answers a list's error: field messages are about its query
// parameters.
func (s *Server) listProblem(err error) error {
	var fe crm.FieldErrors
	if errors.As(err, &fe) {
		return queryProblem(fe)
	}
	return s.problem(err)
}

// renamedProblem answers field messages under the API's names: name
// renames each form field.
func renamedProblem(fe crm.FieldErrors, name func(string) string) error {
	named := crm.FieldErrors{}
	for k, msg := range fe {
		named[name(k)] = msg
	}
	return fieldProblem(named)
}

// queryProblem answers field messages about query parameters.
func queryProblem(fe crm.FieldErrors) error {
	return problemAt(fe, func(k string) string { return "query." + k }, "Some parameters could not be read: see errors.")
}

func fieldProblem(fe crm.FieldErrors) error {
	return problemAt(fe, fieldLocation, "The request was not saved: fix the fields listed in errors.")
}

func problemAt(fe crm.FieldErrors, location func(string) string, detail string) error {
	keys := make([]string, 0, len(fe))
	for k := range fe {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	details := make([]error, len(keys))
	for i, k := range keys {
		details[i] = &huma.ErrorDetail{Location: location(k), Message: fe[k]}
	}
	return huma.Error422UnprocessableEntity(detail, details...)
}
