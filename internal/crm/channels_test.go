package crm_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"magecrm/internal/acl"
	"magecrm/internal/crm"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/magento"
	"magecrm/internal/magesim"
	"magecrm/internal/model"
	"magecrm/internal/secret"
	"magecrm/internal/store"
)

// channelFixture is a service on a fresh SQLite database with an
// administrator, a sales manager, a sales representative and a disabled user.
type channelFixture struct {
	svc                           *crm.Service
	admin, manager, rep, disabled *crm.Session
	// keeper may do anything with channels but assign no customers.
	keeper *crm.Session
}

func newChannelFixture(t *testing.T, d *db.DB) *channelFixture {
	t.Helper()
	ctx := context.Background()
	box, err := secret.New("a test secret of enough length")
	if err != nil {
		t.Fatal(err)
	}
	st := store.New(d, box)
	svc := crm.New(st, box, slog.New(slog.NewTextHandler(io.Discard, nil)))
	svc.Now = func() time.Time { return time.Date(2025, 6, 15, 12, 0, 0, 0, time.UTC) }
	org, root, err := st.Bootstrap(ctx, "Org")
	if err != nil {
		t.Fatal(err)
	}
	session := func(name, role string, enabled bool) *crm.Session {
		r, err := st.RoleByName(ctx, org, role)
		if err != nil {
			t.Fatal(err)
		}
		u := &model.User{OrganizationID: org, BusinessUnitID: root, Username: name, Enabled: enabled, RoleIDs: []int64{r.ID}}
		if err := st.CreateUser(ctx, u, "unused"); err != nil {
			t.Fatal(err)
		}
		a, err := st.Actor(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		u, _ = st.User(ctx, org, u.ID)
		return &crm.Session{User: u, Actor: a}
	}
	keeper := &model.Role{OrganizationID: org, Name: "Channel keeper", Permissions: acl.Permissions{}}
	for _, a := range []acl.Action{acl.View, acl.Create, acl.Edit, acl.Delete} {
		keeper.Permissions[acl.Key{Entity: acl.Channel, Action: a}] = acl.Organization
	}
	if err := st.SaveRole(ctx, keeper, time.Time{}); err != nil {
		t.Fatal(err)
	}
	return &channelFixture{svc: svc, keeper: session("keeper", "Channel keeper", true),
		admin:    session("admin", acl.RoleAdministrator, true),
		manager:  session("manager", acl.RoleSalesManager, true),
		rep:      session("rep", acl.RoleSalesRep, true),
		disabled: session("gone", acl.RoleSalesRep, false),
	}
}

// validInput is a channel input every rule accepts.
func (f *channelFixture) validInput() crm.ChannelInput {
	return crm.ChannelInput{
		Name: "Main store", BaseURL: "https://shop.example.com/", AdminURL: "https://shop.example.com/admin",
		AuthKind: "admin_token", Credentials: model.Credentials{Username: "api", Password: "api-password-1"},
		Website: "-1", SyncStartDate: "2020-01-01", TwoWay: true, Priority: "remote",
		DefaultOwnerID: f.admin.User.ID, SyncInterval: "15", Enabled: true,
	}
}

func TestChannelValidationRules(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		f := newChannelFixture(t, d)
		ctx := context.Background()
		cases := []struct {
			name   string
			change func(*crm.ChannelInput)
			field  string // "" when the input is valid
			msg    string
		}{
			{"valid", func(*crm.ChannelInput) {}, "", ""},
			{"name missing", func(in *crm.ChannelInput) { in.Name = "  " }, "name", "Enter a name"},
			{"name too long", func(in *crm.ChannelInput) { in.Name = strings.Repeat("n", 101) }, "name", "at most 100"},
			{"base URL missing", func(in *crm.ChannelInput) { in.BaseURL = "" }, "base_url", "Enter the store's address"},
			{"base URL without scheme", func(in *crm.ChannelInput) { in.BaseURL = "shop.example.com" }, "base_url", "starting with https://"},
			{"base URL not http", func(in *crm.ChannelInput) { in.BaseURL = "ftp://shop.example.com/" }, "base_url", "starting with https://"},
			{"base URL with credentials", func(in *crm.ChannelInput) { in.BaseURL = "https://u:p@shop.example.com/" }, "base_url", "Leave the user name and password out"},
			{"base URL with query", func(in *crm.ChannelInput) { in.BaseURL = "https://shop.example.com/?x=1" }, "base_url", "without ?"},
			{"base URL is the REST root", func(in *crm.ChannelInput) { in.BaseURL = "https://shop.example.com/rest/V1" }, "base_url", "without /rest/V1"},
			{"base URL is the admin", func(in *crm.ChannelInput) { in.BaseURL = "https://shop.example.com/admin/" }, "base_url", "without /admin"},
			{"base URL in a folder", func(in *crm.ChannelInput) { in.BaseURL = "http://example.com/shop/" }, "", ""},
			{"base URL in a non-ASCII folder", func(in *crm.ChannelInput) { in.BaseURL = "http://example.com/İİİİİİ/" }, "", ""},
			{"admin URL relative", func(in *crm.ChannelInput) { in.AdminURL = "/admin" }, "admin_url", "full address of Magento's admin"},
			{"admin URL empty", func(in *crm.ChannelInput) { in.AdminURL = "" }, "", ""},
			{"auth kind unknown", func(in *crm.ChannelInput) { in.AuthKind = "soap" }, "auth_kind", "Choose how magecrm signs in"},
			{"admin token without password", func(in *crm.ChannelInput) { in.Credentials.Password = "" }, "password", "Enter the admin password"},
			{"admin token without user", func(in *crm.ChannelInput) { in.Credentials.Username = " " }, "username", "Enter the admin user name"},
			{"bearer without token", func(in *crm.ChannelInput) { in.AuthKind = "bearer" }, "access_token", "Enter the access token"},
			{"bearer with token", func(in *crm.ChannelInput) {
				in.AuthKind, in.Credentials = "bearer", model.Credentials{AccessToken: "tok"}
			}, "", ""},
			{"oauth without consumer secret", func(in *crm.ChannelInput) {
				in.AuthKind = "oauth"
				in.Credentials = model.Credentials{ConsumerKey: "k", AccessToken: "t", AccessTokenSecret: "ts"}
			}, "consumer_secret", "Enter the consumer secret"},
			{"website not a number", func(in *crm.ChannelInput) { in.Website = "main" }, "website", "Enter -1 for all websites"},
			{"website admin", func(in *crm.ChannelInput) { in.Website = "0" }, "website", "Enter -1 for all websites"},
			{"website below -1", func(in *crm.ChannelInput) { in.Website = "-2" }, "website", "Enter -1 for all websites"},
			{"website one", func(in *crm.ChannelInput) { in.Website = "3" }, "", ""},
			{"start date not a date", func(in *crm.ChannelInput) { in.SyncStartDate = "01/02/2020" }, "sync_start_date", "YYYY-MM-DD"},
			{"start date impossible", func(in *crm.ChannelInput) { in.SyncStartDate = "2021-02-30" }, "sync_start_date", "YYYY-MM-DD"},
			{"start date in the future", func(in *crm.ChannelInput) { in.SyncStartDate = "2025-06-16" }, "sync_start_date", "not in the future"},
			{"start date today", func(in *crm.ChannelInput) { in.SyncStartDate = "2025-06-15" }, "", ""},
			{"priority unknown", func(in *crm.ChannelInput) { in.Priority = "both" }, "priority", "whose change wins"},
			{"priority local", func(in *crm.ChannelInput) { in.Priority = "local" }, "", ""},
			{"default owner missing", func(in *crm.ChannelInput) { in.DefaultOwnerID = 0 }, "default_owner", "Choose an active user"},
			{"default owner unknown", func(in *crm.ChannelInput) { in.DefaultOwnerID = 9999 }, "default_owner", "Choose an active user"},
			{"default owner disabled", func(in *crm.ChannelInput) { in.DefaultOwnerID = f.disabled.User.ID }, "default_owner", "Choose an active user"},
			{"interval zero", func(in *crm.ChannelInput) { in.SyncInterval = "0" }, "sync_interval", "from 1 to 1440"},
			{"interval over a day", func(in *crm.ChannelInput) { in.SyncInterval = "1441" }, "sync_interval", "from 1 to 1440"},
			{"interval not a number", func(in *crm.ChannelInput) { in.SyncInterval = "15m" }, "sync_interval", "from 1 to 1440"},
			{"interval a day", func(in *crm.ChannelInput) { in.SyncInterval = "1440" }, "", ""},
		}
		for i, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				in := f.validInput()
				in.Name = fmt.Sprintf("Store %d", i)
				c.change(&in)
				ch, err := f.svc.CreateChannel(ctx, f.admin, in)
				if c.field == "" {
					if err != nil {
						t.Fatalf("valid input refused: %v", err)
					}
					if ch.ID == 0 {
						t.Fatal("no id")
					}
					return
				}
				var fe crm.FieldErrors
				if !errors.As(err, &fe) {
					t.Fatalf("got %v, want field errors", err)
				}
				if !strings.Contains(fe[c.field], c.msg) {
					t.Fatalf("%s: %q, want it to contain %q (all: %v)", c.field, fe[c.field], c.msg, fe)
				}
				if len(fe) != 1 {
					t.Errorf("one mistake gave %d messages: %v", len(fe), fe)
				}
			})
		}
	})
}

func TestChannelNameMustBeUnique(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		f := newChannelFixture(t, d)
		ctx := context.Background()
		if _, err := f.svc.CreateChannel(ctx, f.admin, f.validInput()); err != nil {
			t.Fatal(err)
		}
		in := f.validInput()
		in.Name = "MAIN STORE"
		_, err := f.svc.CreateChannel(ctx, f.admin, in)
		var fe crm.FieldErrors
		if !errors.As(err, &fe) || !strings.Contains(fe["name"], "Another channel has this name") {
			t.Fatalf("duplicate name: %v", err)
		}
	})
}

func TestChannelEditKeepsStoredSecrets(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		f := newChannelFixture(t, d)
		ctx := context.Background()
		ch, err := f.svc.CreateChannel(ctx, f.admin, f.validInput())
		if err != nil {
			t.Fatal(err)
		}
		shown, err := f.svc.Channel(ctx, f.admin, ch.ID)
		if err != nil {
			t.Fatal(err)
		}
		if shown.Credentials.Password != "" || shown.Credentials.Username != "api" {
			t.Fatalf("Channel shows credentials %+v; want the user name only", shown.Credentials)
		}

		in := f.validInput()
		in.Credentials.Password = "" // left blank: keep
		in.Name = "Renamed"
		if _, err := f.svc.UpdateChannel(ctx, f.admin, ch.ID, in); err != nil {
			t.Fatal(err)
		}
		stored, _ := f.svc.Store.Channel(ctx, ch.ID)
		if stored.Name != "Renamed" || stored.Credentials.Password != "api-password-1" {
			t.Fatalf("after a blank password: name %q, password kept %v", stored.Name, stored.Credentials.Password == "api-password-1")
		}

		// Another kind needs its own secrets: the stored password does not count.
		in.AuthKind = "bearer"
		_, err = f.svc.UpdateChannel(ctx, f.admin, ch.ID, in)
		var fe crm.FieldErrors
		if !errors.As(err, &fe) || fe["access_token"] == "" {
			t.Fatalf("switch to bearer without a token: %v", err)
		}
		in.Credentials.AccessToken = "  tok-1  "
		if _, err := f.svc.UpdateChannel(ctx, f.admin, ch.ID, in); err != nil {
			t.Fatal(err)
		}
		stored, _ = f.svc.Store.Channel(ctx, ch.ID)
		if stored.Credentials != (model.Credentials{AccessToken: "tok-1"}) {
			t.Fatalf("after switching to bearer the stored credentials are %+v", stored.Credentials)
		}
	})
}

func TestChannelDefaultOwnerChoices(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		f := newChannelFixture(t, d)
		ctx := context.Background()
		ch, err := f.svc.CreateChannel(ctx, f.admin, f.validInput())
		if err != nil {
			t.Fatal(err)
		}
		// Without an assign grant the keeper may choose only themselves…
		in := f.validInput()
		in.Name, in.DefaultOwnerID = "Keeper's", f.rep.User.ID
		var fe crm.FieldErrors
		if _, err := f.svc.CreateChannel(ctx, f.keeper, in); !errors.As(err, &fe) || fe["default_owner"] == "" {
			t.Fatalf("keeper assigns the representative: %v", err)
		}
		in.DefaultOwnerID = f.keeper.User.ID
		if _, err := f.svc.CreateChannel(ctx, f.keeper, in); err != nil {
			t.Fatalf("keeper chooses themselves: %v", err)
		}
		// …but may keep the owner an administrator chose when editing.
		choices, err := f.svc.ChannelOwnerChoices(ctx, f.keeper, ch)
		if err != nil || len(choices) != 2 || choices[0].ID != f.keeper.User.ID || choices[1].ID != f.admin.User.ID {
			t.Fatalf("choices on edit: %v %v", choices, err)
		}
		in = f.validInput()
		in.SyncInterval = "60"
		if _, err := f.svc.UpdateChannel(ctx, f.keeper, ch.ID, in); err != nil {
			t.Fatalf("keeper keeps the admin as owner: %v", err)
		}
		in.DefaultOwnerID = f.rep.User.ID
		if _, err := f.svc.UpdateChannel(ctx, f.keeper, ch.ID, in); !errors.As(err, &fe) || fe["default_owner"] == "" {
			t.Fatalf("keeper moves the owner to the representative: %v", err)
		}
	})
}

func TestChannelAccess(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		f := newChannelFixture(t, d)
		ctx := context.Background()
		ch, err := f.svc.CreateChannel(ctx, f.admin, f.validInput())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.CreateChannel(ctx, f.rep, f.validInput()); !errors.Is(err, crm.ErrForbidden) {
			t.Errorf("representative creates: %v", err)
		}
		if _, err := f.svc.Channels(ctx, f.rep); !errors.Is(err, crm.ErrForbidden) {
			t.Errorf("representative lists: %v", err)
		}
		if _, err := f.svc.Channel(ctx, f.rep, ch.ID); !errors.Is(err, crm.ErrNotFound) {
			t.Errorf("representative views: %v", err)
		}
		// A manager sees channels but does not change them.
		if list, err := f.svc.Channels(ctx, f.manager); err != nil || len(list) != 1 {
			t.Errorf("manager lists: %v, %d", err, len(list))
		}
		if _, err := f.svc.UpdateChannel(ctx, f.manager, ch.ID, f.validInput()); !errors.Is(err, crm.ErrForbidden) {
			t.Errorf("manager edits: %v", err)
		}
		if _, err := f.svc.SetChannelEnabled(ctx, f.manager, ch.ID, false); !errors.Is(err, crm.ErrForbidden) {
			t.Errorf("manager disables: %v", err)
		}
		if err := f.svc.DeleteChannel(ctx, f.manager, ch.ID); !errors.Is(err, crm.ErrForbidden) {
			t.Errorf("manager deletes: %v", err)
		}
		if _, err := f.svc.ChannelToSync(ctx, f.manager, ch.ID); !errors.Is(err, crm.ErrForbidden) {
			t.Errorf("manager syncs: %v", err)
		}
		if _, err := f.svc.SetChannelEnabled(ctx, f.admin, ch.ID, false); err != nil {
			t.Fatal(err)
		}
		var refusal crm.Refusal
		if _, err := f.svc.ChannelToSync(ctx, f.admin, ch.ID); !errors.As(err, &refusal) || !strings.Contains(err.Error(), "Enable it first") {
			t.Errorf("sync of a disabled channel: %v", err)
		}
		if err := f.svc.DeleteChannel(ctx, f.admin, ch.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Channel(ctx, f.admin, ch.ID); !errors.Is(err, crm.ErrNotFound) {
			t.Errorf("after delete: %v", err)
		}
	})
}

func TestCheckChannelInputAgainstSimulator(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		f := newChannelFixture(t, d)
		ctx := context.Background()
		sim, err := magesim.New(magesim.Options{Customers: 3})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(sim.Handler())
		t.Cleanup(srv.Close)

		in := f.validInput()
		in.BaseURL, in.Credentials = srv.URL+"/", model.Credentials{Username: "admin", Password: "magento123"}
		chk, err := f.svc.CheckChannelInput(ctx, f.admin, 0, in)
		if err != nil || !crm.CheckPassed(chk.Steps) {
			t.Fatalf("good credentials: %v %v", chk, err)
		}
		steps := chk.Steps
		if got := fmt.Sprint(chk.Websites); got != "[{1 Main Website (Default Store View)} {2 EU Website (EU English, EU Deutsch)}]" {
			t.Errorf("websites offered: %s", got)
		}
		if last := steps[len(steps)-1]; last.Detail != "3 customers" {
			t.Errorf("last step %v, want 3 customers", last)
		}

		// A saved channel's check with a blank typed password uses the stored one.
		ch, err := f.svc.CreateChannel(ctx, f.admin, in)
		if err != nil {
			t.Fatal(err)
		}
		in.Credentials.Password = ""
		if chk, err := f.svc.CheckChannelInput(ctx, f.admin, ch.ID, in); err != nil || !crm.CheckPassed(chk.Steps) {
			t.Fatalf("stored password: %v %v", steps, err)
		}
		in.Credentials.Password = "wrong-password"
		steps, err = checkSteps(f.svc.CheckChannelInput(ctx, f.admin, ch.ID, in))
		if err != nil || crm.CheckPassed(steps) || !strings.Contains(steps[len(steps)-1].Fix, "refused the admin user name or password") {
			t.Fatalf("wrong password: %v %v", steps, err)
		}
		if stored, _ := f.svc.Store.Channel(ctx, ch.ID); stored.Credentials.Password != "magento123" {
			t.Fatal("checking typed credentials changed the stored ones")
		}
		if steps, err := f.svc.CheckChannel(ctx, f.admin, ch.ID); err != nil || !crm.CheckPassed(steps) {
			t.Fatalf("saved channel: %v %v", steps, err)
		}

		in.BaseURL = "not a url"
		if _, err := f.svc.CheckChannelInput(ctx, f.admin, 0, in); err == nil || !strings.Contains(err.Error(), "base_url") {
			t.Fatalf("check with a bad URL: %v, want a field error", err)
		}
		if _, err := f.svc.CheckChannelInput(ctx, f.rep, 0, f.validInput()); !errors.Is(err, crm.ErrForbidden) {
			t.Fatalf("representative checks: %v", err)
		}
	})
}

// magento1Input is a Magento 1 channel input every rule accepts.
func (f *channelFixture) magento1Input() crm.ChannelInput {
	in := f.validInput()
	in.Type, in.AuthKind, in.BaseURL = "magento1", "", "https://shop.example.com/index.php/"
	in.Credentials = model.Credentials{APIUser: "magecrm", APIKey: "api-key-1 "}
	return in
}

func TestMagento1ChannelValidationRules(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		f := newChannelFixture(t, d)
		ctx := context.Background()
		cases := []struct {
			name   string
			change func(*crm.ChannelInput)
			field  string // "" when the input is valid
			msg    string
		}{
			{"valid", func(*crm.ChannelInput) {}, "", ""},
			{"base without index.php", func(in *crm.ChannelInput) { in.BaseURL = "https://shop.example.com" }, "", ""},
			{"base in a folder", func(in *crm.ChannelInput) { in.BaseURL = "http://example.com/shop/index.php" }, "", ""},
			{"REST path is fine for Magento 1", func(in *crm.ChannelInput) { in.BaseURL = "https://shop.example.com/rest/" }, "", ""},
			{"base is the SOAP endpoint", func(in *crm.ChannelInput) { in.BaseURL = "https://shop.example.com/index.php/api/v2_soap/" },
				"base_url", "without /api/v2_soap: magecrm adds /api/v2_soap/ itself"},
			{"base is the WSDL", func(in *crm.ChannelInput) { in.BaseURL = "https://shop.example.com/api/v2_soap/?wsdl=1" }, "base_url", "without ?"},
			{"base is the admin", func(in *crm.ChannelInput) { in.BaseURL = "https://shop.example.com/index.php/admin" }, "base_url", "without /admin"},
			{"base without scheme", func(in *crm.ChannelInput) { in.BaseURL = "shop.example.com" }, "base_url", "starting with https://"},
			{"auth kind is ignored", func(in *crm.ChannelInput) { in.AuthKind = "bogus" }, "", ""},
			{"API user missing", func(in *crm.ChannelInput) { in.Credentials.APIUser = " " }, "api_user", "SOAP/XML-RPC Users"},
			{"API key missing", func(in *crm.ChannelInput) { in.Credentials.APIKey = "" }, "api_key", "Enter the API key"},
			{"certificate settings", func(in *crm.ChannelInput) { in.SkipTLSVerify = true }, "ca_file", "leave the certificate settings empty"},
			{"type unknown", func(in *crm.ChannelInput) { in.Type = "magento3" }, "type", "Choose the kind of store"},
			{"sync settings checked too", func(in *crm.ChannelInput) { in.SyncInterval = "0" }, "sync_interval", "from 1 to 1440"},
			{"address calls", func(in *crm.ChannelInput) { in.AddressCalls = " 12 " }, "", ""},
			{"address calls zero", func(in *crm.ChannelInput) { in.AddressCalls = "0" }, "address_calls", "from 1 to 32"},
			{"address calls too many", func(in *crm.ChannelInput) { in.AddressCalls = "33" }, "address_calls", "from 1 to 32"},
			{"address calls not a number", func(in *crm.ChannelInput) { in.AddressCalls = "many" }, "address_calls", "from 1 to 32"},
		}
		for i, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				in := f.magento1Input()
				in.Name = fmt.Sprintf("Store %d", i)
				c.change(&in)
				ch, err := f.svc.CreateChannel(ctx, f.admin, in)
				if c.field == "" {
					if err != nil {
						t.Fatalf("valid input refused: %v", err)
					}
					stored, _ := f.svc.Store.Channel(ctx, ch.ID)
					if stored.Type != model.Magento1 || stored.AuthKind != model.AuthSOAP ||
						stored.Credentials != (model.Credentials{APIUser: "magecrm", APIKey: "api-key-1 "}) {
						t.Fatalf("stored %s channel signing in with %s, %+v", stored.Type, stored.AuthKind, stored.Credentials)
					}
					want := model.DefaultAddressCalls
					if strings.TrimSpace(in.AddressCalls) != "" {
						want, _ = strconv.Atoi(strings.TrimSpace(in.AddressCalls))
					}
					if stored.AddressCalls != want {
						t.Fatalf("stored %d address calls at once, want %d", stored.AddressCalls, want)
					}
					return
				}
				var fe crm.FieldErrors
				if !errors.As(err, &fe) {
					t.Fatalf("got %v, want field errors", err)
				}
				if !strings.Contains(fe[c.field], c.msg) {
					t.Fatalf("%s: %q, want it to contain %q (all: %v)", c.field, fe[c.field], c.msg, fe)
				}
				if len(fe) != 1 {
					t.Errorf("one mistake gave %d messages: %v", len(fe), fe)
				}
			})
		}
	})
}

func TestMagento1ChannelEditKeepsKeyAndType(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		f := newChannelFixture(t, d)
		ctx := context.Background()
		in := f.magento1Input()
		in.WSICompliance = true
		ch, err := f.svc.CreateChannel(ctx, f.admin, in)
		if err != nil {
			t.Fatal(err)
		}
		shown, err := f.svc.Channel(ctx, f.admin, ch.ID)
		if err != nil || shown.Credentials != (model.Credentials{APIUser: "magecrm"}) || !shown.WSICompliance {
			t.Fatalf("Channel shows %+v (WS-I %v), %v; want the API user only", shown.Credentials, shown.WSICompliance, err)
		}

		in.Type, in.Credentials.APIKey, in.WSICompliance = "", "", false // as the edit form posts it
		if _, err := f.svc.UpdateChannel(ctx, f.admin, ch.ID, in); err != nil {
			t.Fatal(err)
		}
		stored, _ := f.svc.Store.Channel(ctx, ch.ID)
		if stored.Type != model.Magento1 || stored.Credentials.APIKey != "api-key-1 " || stored.WSICompliance {
			t.Fatalf("after edit: type %s, key kept %v, WS-I %v", stored.Type, stored.Credentials.APIKey == "api-key-1 ", stored.WSICompliance)
		}
		in.Type = "magento2"
		var fe crm.FieldErrors
		if _, err := f.svc.UpdateChannel(ctx, f.admin, ch.ID, in); !errors.As(err, &fe) || !strings.Contains(fe["type"], "cannot change") {
			t.Fatalf("changing the type: %v", err)
		}
	})
}

func TestCheckMagento1ChannelAgainstSimulator(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		f := newChannelFixture(t, d)
		ctx := context.Background()
		sim, err := magesim.New(magesim.Options{Customers: 3, SOAPKey: "the-right-key-1", WSI: true})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(sim.Handler())
		t.Cleanup(srv.Close)

		in := f.magento1Input()
		in.BaseURL, in.WSICompliance = srv.URL+"/index.php/", true
		in.Credentials = model.Credentials{APIUser: magesim.DefaultSOAPUser, APIKey: "the-right-key-1"}
		chk, err := f.svc.CheckChannelInput(ctx, f.admin, 0, in)
		if err != nil || !crm.CheckPassed(chk.Steps) || len(chk.Steps) != 5 || chk.Steps[0].Name != "WSDL" || chk.Steps[3].Name != "customers" ||
			chk.Steps[4].Name != "XML-RPC" || chk.Steps[4].Warning {
			t.Fatalf("good settings: %v %v", chk, err)
		}
		if got := fmt.Sprint(chk.Websites); got != "[{1 Website 1 (Default Store View)} {2 Website 2 (EU English, EU Deutsch)}]" {
			t.Errorf("websites offered: %s", got)
		}
		ch, err := f.svc.CreateChannel(ctx, f.admin, in)
		if err != nil {
			t.Fatal(err)
		}
		if steps, err := f.svc.CheckChannel(ctx, f.admin, ch.ID); err != nil || !crm.CheckPassed(steps) {
			t.Fatalf("saved channel: %v %v", steps, err)
		}

		in.Credentials.APIKey = "wrong-key"
		steps, err := checkSteps(f.svc.CheckChannelInput(ctx, f.admin, ch.ID, in))
		if err != nil || crm.CheckPassed(steps) || !strings.Contains(steps[len(steps)-1].Fix, `Magento refused the API user or key (fault 2 "Access denied.")`) ||
			strings.Contains(fmt.Sprint(steps), "wrong-key") {
			t.Fatalf("wrong key: %v %v", steps, err)
		}
		in.Credentials.APIKey, in.WSICompliance = "", false
		steps, err = checkSteps(f.svc.CheckChannelInput(ctx, f.admin, ch.ID, in))
		if err != nil || crm.CheckPassed(steps) || !strings.Contains(steps[0].Fix, "The store answers with WS-I compliance on, but the channel has it off") {
			t.Fatalf("WS-I mismatch: %v %v", steps, err)
		}
		if stored, _ := f.svc.Store.Channel(ctx, ch.ID); stored.Credentials.APIKey != "the-right-key-1" || !stored.WSICompliance {
			t.Fatal("checking typed settings changed the stored ones")
		}
	})
}

// checkSteps is the steps of a connection check, nil when it failed.
func checkSteps(c *crm.ChannelCheck, err error) ([]magento.CheckStep, error) {
	if c == nil {
		return nil, err
	}
	return c.Steps, err
}
