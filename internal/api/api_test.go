package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	vErrors "github.com/pb33f/libopenapi-validator/errors"

	"magecrm/internal/api"
	"magecrm/internal/crm"
	"magecrm/internal/db"
	"magecrm/internal/model"
	"magecrm/internal/testrig"
)

// testAPI is the JSON API on a fresh database, served over real HTTP.
// Every answer a test gets is checked against the OpenAPI document the
// server itself serves.
type testAPI struct {
	t     *testing.T
	rig   *testrig.Rig
	db    *db.DB
	crm   *crm.Service
	api   *api.Server
	srv   *httptest.Server
	check validator.Validator
	mu    sync.Mutex // the validator is not safe for concurrent use
}

func newTestAPI(t *testing.T, d *db.DB, opt api.Options) *testAPI {
	t.Helper()
	rig := testrig.New(t, d, nil)
	a := &testAPI{t: t, rig: rig, db: d, crm: rig.CRM, api: api.New(rig.CRM, rig.CRM.Log, opt)}
	a.srv = httptest.NewServer(a.api.Handler())
	t.Cleanup(a.srv.Close)
	resp, err := http.Get(a.srv.URL + api.Prefix + "/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	spec, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	doc, err := libopenapi.NewDocument(spec)
	if err != nil {
		t.Fatalf("the served document does not parse: %v", err)
	}
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		t.Fatalf("the served document cannot validate: %v", errs)
	}
	if ok, verrs := v.ValidateDocument(); !ok {
		t.Fatalf("the served document is not valid OpenAPI: %v", verrs)
	}
	a.check = v
	return a
}

// token makes a personal access token for a user through the service.
func (a *testAPI) token(username string, readOnly bool) string {
	a.t.Helper()
	var id int64
	if err := a.db.QueryRow("SELECT id FROM users WHERE username = $1", username).Scan(&id); err != nil {
		a.t.Fatalf("user %s: %v", username, err)
	}
	sess := &crm.Session{User: &model.User{ID: id, Username: username}}
	_, tok, err := a.crm.CreateAPIToken(context.Background(), sess, crm.APITokenInput{Name: "test " + username, ExpiresInDays: 30, ReadOnly: readOnly})
	if err != nil {
		a.t.Fatal(err)
	}
	return tok
}

// addUser creates a user with a role in a unit ("" for the top unit);
// the password is the user name and "-password-1".
func (a *testAPI) addUser(username, role, unit string) {
	a.t.Helper()
	a.rig.User(username, username+"-password-1", role, unit)
}

// answer is one API answer.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// json decodes the body into v, failing the test when it does not decode.
func (r answer) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// problem is an RFC 9457 answer.
type problem struct {
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Errors []struct {
		Location string `json:"location"`
		Message  string `json:"message"`
	} `json:"errors"`
}

func (r answer) problem(t *testing.T) problem {
	t.Helper()
	if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("status %d with content type %q, want a problem: %s", r.status, ct, r.body)
	}
	var p problem
	r.json(t, &p)
	if p.Status != r.status {
		t.Errorf("problem status %d in an answer of %d", p.Status, r.status)
	}
	return p
}

// fieldMessage returns the message of the error at a location, or "".
func (p problem) fieldMessage(location string) string {
	for _, e := range p.Errors {
		if e.Location == location {
			return e.Message
		}
	}
	return ""
}

// call sends a request with a token ("" for none) and headers given as
// name, value pairs; body is JSON-encoded unless nil or already bytes.
func (a *testAPI) call(token, method, path string, body any, headers ...string) answer {
	a.t.Helper()
	var raw []byte
	switch b := body.(type) {
	case nil:
	case []byte:
		raw = b
	default:
		raw, _ = json.Marshal(b)
	}
	req, err := http.NewRequest(method, a.srv.URL+path, bytes.NewReader(raw))
	if err != nil {
		a.t.Fatal(err)
	}
	if raw != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := a.srv.Client().Do(req)
	if err != nil {
		a.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	a.conforms(method, path, raw, resp, got)
	return answer{status: resp.StatusCode, header: resp.Header, body: got}
}

// conforms checks an answer (and, when it succeeded, its request) against
// the served OpenAPI document.
func (a *testAPI) conforms(method, path string, reqBody []byte, resp *http.Response, body []byte) {
	a.t.Helper()
	if !strings.HasPrefix(path, api.Prefix+"/") || strings.HasSuffix(path, "/docs") || strings.Contains(path, "/openapi") {
		return
	}
	req, _ := http.NewRequest(method, "http://magecrm.test"+path, bytes.NewReader(reqBody))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer x")
	copyResp := *resp
	copyResp.Body = io.NopCloser(bytes.NewReader(body))
	a.mu.Lock()
	defer a.mu.Unlock()
	var ok bool
	var errs []*vErrors.ValidationError
	if resp.StatusCode < 300 {
		ok, errs = a.check.ValidateHttpRequestResponse(req, &copyResp)
	} else {
		ok, errs = a.check.ValidateHttpResponse(req, &copyResp)
	}
	if !ok {
		var msgs []string
		for _, e := range errs {
			m := e.Message + ": " + e.Reason
			for _, se := range e.SchemaValidationErrors {
				m += fmt.Sprintf(" [%s %s]", se.FieldPath, se.Reason)
			}
			msgs = append(msgs, m)
		}
		a.t.Errorf("%s %s answered %d not as the document says: %s\nbody: %.400s", method, path, resp.StatusCode, strings.Join(msgs, "; "), body)
	}
}
