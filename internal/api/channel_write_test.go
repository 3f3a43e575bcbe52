package api_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"magecrm/internal/api"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/magesim"
)

const simPassword = "Sup3r-secret-pw"

// newSimStore serves a simulated Magento 2 store over real HTTP.
func newSimStore(t *testing.T) string {
	t.Helper()
	sim, err := magesim.New(magesim.Options{Customers: 2, AdminPassword: simPassword})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sim.Handler())
	t.Cleanup(srv.Close)
	return srv.URL
}

type apiChannel struct {
	ID           int64  `json:"id"`
	Name         string `json:"name"`
	BaseURL      string `json:"base_url"`
	AuthKind     string `json:"auth_kind"`
	WebsiteID    int64  `json:"website_id"`
	SyncInterval int    `json:"sync_interval_minutes"`
	Enabled      bool   `json:"enabled"`
	TwoWay       bool   `json:"two_way"`
}

type checkAnswer struct {
	OK    bool `json:"ok"`
	Steps []struct {
		Name string `json:"name"`
		OK   bool   `json:"ok"`
		Fix  string `json:"fix"`
	} `json:"steps"`
	Websites []struct {
		ID int64 `json:"id"`
	} `json:"websites"`
}

func TestChannelsAreAddedCheckedChangedAndDeletedByAdministrators(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		a := newTestAPI(t, d, api.Options{})
		base := newSimStore(t)
		admin := a.token("admin", false)
		a.addUser("mia", "Sales Manager", "")
		a.addUser("rita", "Sales Representative", "")
		mia, rita := a.token("mia", false), a.token("rita", false)
		creds := map[string]any{"username": "admin", "password": simPassword}
		good := map[string]any{"name": "Main store", "base_url": base + "/", "two_way": true, "credentials": creds}

		p := a.call(admin, "POST", "/api/v1/channels", map[string]any{"name": "Main store", "base_url": "shop.example.com/rest",
			"sync_interval_minutes": 0, "credentials": map[string]any{"username": "admin", "password": simPassword}}).problem(t)
		if p.Status != http.StatusUnprocessableEntity || !strings.Contains(p.fieldMessage("body.base_url"), "starting with https://") ||
			!strings.Contains(p.fieldMessage("body.sync_interval_minutes"), "from 1 to 1440") {
			t.Fatalf("bad channel: %+v", p)
		}
		p = a.call(admin, "POST", "/api/v1/channels", map[string]any{"name": "Main store", "base_url": base + "/",
			"credentials": map[string]any{"username": "admin"}}).problem(t)
		if p.Status != http.StatusUnprocessableEntity || !strings.Contains(p.fieldMessage("body.credentials.password"), "Enter the admin password") {
			t.Fatalf("a channel without its password: %+v", p)
		}
		typed := a.call(admin, "POST", "/api/v1/channels", []byte(`{"name":"x","base_url":"`+base+`/","credentials":{"username":"admin","password":98765432123}}`))
		if typed.status != http.StatusUnprocessableEntity || strings.Contains(string(typed.body), "98765432123") {
			t.Errorf("a password of the wrong type is echoed: %d %s", typed.status, typed.body)
		}
		for who, tok := range map[string]string{"manager": mia, "representative": rita} {
			if got := a.call(tok, "POST", "/api/v1/channels", good); got.status != http.StatusForbidden {
				t.Errorf("a %s added a channel: %d %s", who, got.status, got.body)
			}
		}

		var chk checkAnswer
		wrong := map[string]any{"base_url": base + "/", "credentials": map[string]any{"username": "admin", "password": "not-it-" + simPassword}}
		got := a.call(admin, "POST", "/api/v1/channels/check", wrong)
		got.json(t, &chk)
		if got.status != http.StatusOK || chk.OK || strings.Contains(string(got.body), simPassword) {
			t.Fatalf("check with a wrong password: %d %s", got.status, got.body)
		}
		got = a.call(admin, "POST", "/api/v1/channels/check", good)
		chk = checkAnswer{}
		got.json(t, &chk)
		if !chk.OK || len(chk.Websites) == 0 {
			t.Fatalf("check before adding: %s", got.body)
		}

		made := a.call(admin, "POST", "/api/v1/channels", good, "Idempotency-Key", "channel-1")
		var ch apiChannel
		made.json(t, &ch)
		if made.status != http.StatusCreated || made.header.Get("Location") != fmt.Sprintf("/api/v1/channels/%d", ch.ID) ||
			ch.AuthKind != "admin_token" || ch.WebsiteID != -1 || ch.SyncInterval != 15 || !ch.Enabled || !ch.TwoWay ||
			strings.Contains(string(made.body), simPassword) {
			t.Fatalf("add a channel: %d %s", made.status, made.body)
		}
		again := a.call(admin, "POST", "/api/v1/channels", good, "Idempotency-Key", "channel-1")
		if again.header.Get("Idempotent-Replayed") != "true" || again.status != http.StatusCreated {
			t.Errorf("a retried create: %d %s", again.status, again.body)
		}
		if text := a.rig.TableText("channels") + a.rig.TableText("api_idempotency"); strings.Contains(text, simPassword) {
			t.Error("the password is stored in plain text")
		}
		path := fmt.Sprintf("/api/v1/channels/%d", ch.ID)
		got = a.call(admin, "POST", path+"/check", nil)
		chk = checkAnswer{}
		got.json(t, &chk)
		if got.status != http.StatusOK || !chk.OK {
			t.Fatalf("check the saved channel: %d %s", got.status, got.body)
		}
		if got := a.call(mia, "POST", path+"/check", nil); got.status != http.StatusForbidden {
			t.Errorf("a manager (who may only view channels) checked one with its stored secrets: %d", got.status)
		}

		cur := a.call(admin, "GET", path, nil)
		etag := cur.header.Get("ETag")
		if got := a.call(admin, "PATCH", path, map[string]any{"name": "Renamed"}); got.status != http.StatusPreconditionRequired {
			t.Errorf("a change without If-Match: %d", got.status)
		}
		renamed := a.call(admin, "PATCH", path, map[string]any{"name": "Renamed", "sync_interval_minutes": 30}, "If-Match", etag)
		ch = apiChannel{}
		renamed.json(t, &ch)
		if renamed.status != http.StatusOK || ch.Name != "Renamed" || ch.SyncInterval != 30 || ch.BaseURL != base+"/" || renamed.header.Get("ETag") == etag {
			t.Fatalf("rename: %d %s", renamed.status, renamed.body)
		}
		if got := a.call(admin, "PATCH", path, map[string]any{"name": "Stale"}, "If-Match", etag).problem(t); got.Status != http.StatusPreconditionFailed {
			t.Errorf("a change on a stale version: %+v", got)
		}
		etag = renamed.header.Get("ETag")
		chk = checkAnswer{}
		a.call(admin, "POST", path+"/check", nil).json(t, &chk)
		if !chk.OK {
			t.Errorf("the stored password was not kept by a change without it: %+v", chk)
		}
		chk = checkAnswer{}
		got = a.call(admin, "POST", path+"/check", map[string]any{"credentials": map[string]any{"password": "not-it"}})
		got.json(t, &chk)
		if got.status != http.StatusOK || chk.OK {
			t.Errorf("check a change to a wrong password before saving it: %d %s", got.status, got.body)
		}
		chk = checkAnswer{}
		a.call(admin, "POST", path+"/check", map[string]any{"sync_interval_minutes": 5}).json(t, &chk)
		if !chk.OK || len(chk.Websites) == 0 {
			t.Errorf("check a change that keeps the stored password: %+v", chk)
		}
		if p := a.call(admin, "POST", path+"/check", map[string]any{"base_url": "http://127.0.0.2:1/"}).problem(t); p.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(p.fieldMessage("body.credentials.password"), "the base URL changed") {
			t.Errorf("check a new base URL with the stored password: %+v", p)
		}
		p = a.call(admin, "PATCH", path, map[string]any{"base_url": "http://127.0.0.2:1/"}, "If-Match", etag).problem(t)
		if p.Status != http.StatusUnprocessableEntity || !strings.Contains(p.fieldMessage("body.credentials.password"), "the base URL changed") {
			t.Errorf("a new base URL without the password again: %+v", p)
		}
		if p := a.call(admin, "PATCH", path, map[string]any{"type": "magento1"}, "If-Match", etag).problem(t); p.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(p.fieldMessage("body.type"), "cannot change") {
			t.Errorf("a change of type: %+v", p)
		}
		if got := a.call(mia, "PATCH", path, map[string]any{"name": "Mine"}, "If-Match", etag); got.status != http.StatusForbidden {
			t.Errorf("a manager changed a channel: %d", got.status)
		}
		if got := a.call(rita, "GET", path, nil); got.status != http.StatusForbidden && got.status != http.StatusNotFound {
			t.Errorf("a representative read a channel: %d", got.status)
		}
		if got := a.call(rita, "PATCH", path, map[string]any{"name": "Mine"}, "If-Match", etag); got.status != http.StatusNotFound {
			t.Errorf("a representative (who may not see channels) changed one: %d", got.status)
		}
		if got := a.call(mia, "DELETE", path, nil); got.status != http.StatusForbidden {
			t.Errorf("a manager deleted a channel: %d", got.status)
		}
		if got := a.call(admin, "DELETE", path, nil); got.status != http.StatusNoContent {
			t.Fatalf("delete: %d %s", got.status, got.body)
		}
		if got := a.call(admin, "GET", path, nil); got.status != http.StatusNotFound {
			t.Errorf("a deleted channel: %d", got.status)
		}
	})
}
