package web_test

import (
	"net/url"
	"testing"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
)

func TestSignInGoesOnlyToACleanPathOnThisSite(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		app := newTestApp(t, d)
		cases := []struct{ next, want string }{
			{"/customers?country=DE&page=2", "/customers?country=DE&page=2"},
			{"/system/users/", "/system/users/"},
			{"/./\\evil.example", "/"},
			{"/\\evil.example", "/"},
			{"/\t/evil.example", "/"},
			{"/\n/evil.example", "/"},
			{"//evil.example/", "/"},
			{"///evil.example/", "/"},
			{"/%2F%2Fevil.example", "/"},
			{"/%5Cevil.example", "/"},
			{"/%09/evil.example", "/"},
			{"/a/../../evil", "/"},
			{"https://evil.example/", "/"},
			{"javascript:alert(1)", "/"},
			{"evil.example", "/"},
			{"", "/"},
		}
		for _, tc := range cases {
			t.Run(tc.next, func(t *testing.T) {
				p := app.browser().post("/login", url.Values{"username": {"admin"}, "password": {app.AdminPassword}, "next": {tc.next}})
				expectRedirect(t, p, tc.want)
			})
		}
	})
}
