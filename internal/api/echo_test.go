package api_test

import (
	"net/http"
	"strings"
	"testing"

	"magecrm/internal/api"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
)

// A body huma refuses (an unknown member, a missing one) is not echoed in
// the answer, nor kept for an Idempotency-Key retry: it may hold a password.
func TestRefusedBodiesAreNeitherEchoedNorKept(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		a := newTestAPI(t, d, api.Options{})
		admin := a.token("admin", false)
		const secret = "TOPSECRET-PW-4711"
		creds := `"credentials":{"username":"admin","password":"` + secret + `"}`
		for i, c := range []struct{ path, body string }{
			{"/api/v1/channels", `{"name":"x","base_url":"https://shop.example.com/",` + creds + `,"bogus":1}`},
			{"/api/v1/channels/check", `{"base_url":"https://shop.example.com/",` + creds + `,"bogus":1}`},
			{"/api/v1/channels", `{"name":"x",` + creds + `}`},
			{"/api/v1/users", `{"username":"nick","firstname":"Nick","password":"` + secret + `"}`},
			{"/api/v1/customers", `{"email":"jo@example.com","firstname":"Jo","password":"` + secret + `"}`},
		} {
			got := a.call(admin, "POST", c.path, []byte(c.body), "Idempotency-Key", "k"+string(rune('a'+i)))
			if p := got.problem(t); p.Status != http.StatusUnprocessableEntity || len(p.Errors) == 0 {
				t.Errorf("POST %s %s: want 422 with field errors, got %d %s", c.path, c.body, got.status, got.body)
			}
			if strings.Contains(string(got.body), secret) {
				t.Errorf("POST %s echoes the password: %s", c.path, got.body)
			}
		}
		var kept int
		if err := d.QueryRow("SELECT COUNT(*) FROM api_idempotency WHERE body LIKE $1", "%"+secret+"%").Scan(&kept); err != nil {
			t.Fatal(err)
		}
		if kept != 0 {
			t.Errorf("%d refused answers with the password are kept for replay", kept)
		}
	})
}
