package store_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"magecrm/internal/acl"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/model"
	"magecrm/internal/secret"
	"magecrm/internal/store"
)

// newChannelStore returns a store with an organization and one user, the
// channel's owner.
func newChannelStore(t *testing.T, d *db.DB) (*store.Store, int64, int64) {
	t.Helper()
	box, err := secret.New("a test secret of enough length")
	if err != nil {
		t.Fatal(err)
	}
	st := store.New(d, box)
	ctx := context.Background()
	org, root, err := st.Bootstrap(ctx, "Test org")
	if err != nil {
		t.Fatal(err)
	}
	u := &model.User{OrganizationID: org, BusinessUnitID: root, Username: "owner", Enabled: true}
	if err := st.CreateUser(ctx, u, "x"); err != nil {
		t.Fatal(err)
	}
	return st, org, u.ID
}

func testChannel(org, owner int64, name string) *model.Channel {
	return &model.Channel{
		OrganizationID: org, OwnerUserID: owner, Name: name, BaseURL: "https://shop.example.com/",
		AdminURL: "https://shop.example.com/admin", AuthKind: model.AuthAdminToken,
		Credentials: model.Credentials{Username: "apiuser", Password: "s3cret-Pa55word!"},
		WebsiteID:   model.AllWebsites, SyncStartDate: time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC),
		TwoWay: true, Priority: model.LocalWins, DefaultOwnerID: owner, SyncInterval: 30 * time.Minute, Enabled: true,
	}
}

func TestChannelRoundTrip(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, org, owner := newChannelStore(t, d)
		in := testChannel(org, owner, "Main store")
		if err := st.CreateChannel(ctx, in); err != nil {
			t.Fatal(err)
		}
		got, err := st.Channel(ctx, in.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "Main store" || got.Type != model.Magento2 || got.BaseURL != in.BaseURL || got.AdminURL != in.AdminURL ||
			got.AuthKind != model.AuthAdminToken || got.Credentials != in.Credentials || got.WebsiteID != -1 ||
			!got.SyncStartDate.Equal(in.SyncStartDate) || !got.TwoWay || got.Priority != model.LocalWins ||
			got.DefaultOwnerID != owner || got.SyncInterval != 30*time.Minute || !got.Enabled || got.CreatedAt.IsZero() {
			t.Fatalf("read back %+v, want %+v", got, in)
		}

		var raw string
		if err := d.QueryRowContext(ctx, "SELECT credentials FROM channels WHERE id = $1", in.ID).Scan(&raw); err != nil {
			t.Fatal(err)
		}
		if raw == "" || strings.Contains(raw, "s3cret") || strings.Contains(raw, "apiuser") {
			t.Fatalf("credentials column holds %q: not sealed", raw)
		}

		got.Name = "Renamed"
		got.AuthKind = model.AuthBearer
		got.Credentials = model.Credentials{AccessToken: "tok-123456"}
		got.Enabled = false
		if err := st.UpdateChannel(ctx, got); err != nil {
			t.Fatal(err)
		}
		again, err := st.Channel(ctx, in.ID)
		if err != nil {
			t.Fatal(err)
		}
		if again.Name != "Renamed" || again.Credentials.AccessToken != "tok-123456" || again.Credentials.Password != "" || again.Enabled {
			t.Fatalf("after update: %+v", again)
		}
		if err := st.SetChannelEnabled(ctx, org, in.ID, true); err != nil {
			t.Fatal(err)
		}
		if again, _ = st.Channel(ctx, in.ID); !again.Enabled {
			t.Fatal("SetChannelEnabled(true) did not enable")
		}
		if _, err := st.Channel(ctx, in.ID+100); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("missing channel: %v, want ErrNotFound", err)
		}
	})
}

func TestMagento1ChannelRoundTrip(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, org, owner := newChannelStore(t, d)
		in := testChannel(org, owner, "Old store")
		in.Type, in.AuthKind, in.WSICompliance = model.Magento1, model.AuthSOAP, true
		in.Credentials = model.Credentials{APIUser: "magecrm", APIKey: "k3y-of-the-api-user"}
		if err := st.CreateChannel(ctx, in); err != nil {
			t.Fatal(err)
		}
		got, err := st.Channel(ctx, in.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Type != model.Magento1 || got.AuthKind != model.AuthSOAP || !got.WSICompliance || got.Credentials != in.Credentials {
			t.Fatalf("read back type %s, auth %s, WS-I %v, credentials match %v", got.Type, got.AuthKind, got.WSICompliance, got.Credentials == in.Credentials)
		}
		var raw string
		if err := d.QueryRowContext(ctx, "SELECT credentials FROM channels WHERE id = $1", in.ID).Scan(&raw); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(raw, "k3y-of-the-api-user") || strings.Contains(raw, "magecrm") {
			t.Fatalf("credentials column holds %q: not sealed", raw)
		}
		// An update saves the WS-I setting; the type stays what it was.
		got.WSICompliance, got.Type = false, model.Magento2
		if err := st.UpdateChannel(ctx, got); err != nil {
			t.Fatal(err)
		}
		list, err := st.Channels(ctx, acl.WholeOrganization(org))
		if err != nil || len(list) != 1 || list[0].Type != model.Magento1 || list[0].WSICompliance {
			t.Fatalf("listed after update: %+v, %v", list, err)
		}
	})
}

func TestChannelSealedForItsRowOnly(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, org, owner := newChannelStore(t, d)
		a, b := testChannel(org, owner, "A"), testChannel(org, owner, "B")
		for _, c := range []*model.Channel{a, b} {
			if err := st.CreateChannel(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
		// Copying A's sealed credentials onto B must not give B A's secrets.
		if _, err := d.ExecContext(ctx, "UPDATE channels SET credentials = (SELECT credentials FROM channels WHERE id = $1) WHERE id = $2", a.ID, b.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Channel(ctx, b.ID); !errors.Is(err, secret.ErrTampered) {
			t.Fatalf("opening copied credentials: %v, want ErrTampered", err)
		}
	})
}

func TestChannelNamesAreUnique(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, org, owner := newChannelStore(t, d)
		if err := st.CreateChannel(ctx, testChannel(org, owner, "Shop")); err != nil {
			t.Fatal(err)
		}
		if err := st.CreateChannel(ctx, testChannel(org, owner, "shop")); !errors.Is(err, store.ErrDuplicate) {
			t.Fatalf("same name in another case: %v, want ErrDuplicate", err)
		}
		other := testChannel(org, owner, "Other")
		if err := st.CreateChannel(ctx, other); err != nil {
			t.Fatal(err)
		}
		other.Name = "SHOP"
		if err := st.UpdateChannel(ctx, other); !errors.Is(err, store.ErrDuplicate) {
			t.Fatalf("rename to a taken name: %v, want ErrDuplicate", err)
		}
	})
}

func TestChannelListAndDeleteCascade(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, org, owner := newChannelStore(t, d)
		keep, gone := testChannel(org, owner, "Keep"), testChannel(org, owner, "Gone")
		for _, c := range []*model.Channel{keep, gone} {
			if err := st.CreateChannel(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
		seedChannelData(t, d, org, owner, keep.ID, 1)
		seedChannelData(t, d, org, owner, gone.ID, 3)

		list, err := st.Channels(ctx, acl.WholeOrganization(org))
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].Name != "Gone" || list[1].Name != "Keep" {
			t.Fatalf("list: %+v", list)
		}
		if l := list[0]; l.LastRunStatus != "failed" || l.LastRunError != "run 3 failed" || l.ErrorCount != 3 || l.Credentials != (model.Credentials{}) {
			t.Fatalf("listing of Gone: status %q error %q errors %d", l.LastRunStatus, l.LastRunError, l.ErrorCount)
		}
		scoped, err := st.Channels(ctx, acl.Scope{Level: acl.Own, OrganizationID: org, UserID: owner + 1000})
		if err != nil || len(scoped) != 0 {
			t.Fatalf("scope not applied: %v, %d channels", err, len(scoped))
		}

		n, err := st.ChannelContents(ctx, gone.ID)
		if err != nil {
			t.Fatal(err)
		}
		if want := (store.ChannelContents{Customers: 3, Addresses: 6, Orders: 3, Runs: 3, Errors: 3}); n != want {
			t.Fatalf("contents %+v, want %+v", n, want)
		}
		if _, err := st.DeleteChannel(ctx, org, gone.ID); err != nil {
			t.Fatal(err)
		}
		for _, table := range []string{"magento_customers", "magento_orders", "sync_runs", "sync_errors", "sync_cursors", "sync_leases",
			"magento_websites", "magento_store_groups", "magento_stores", "magento_customer_groups"} {
			var left int
			if err := d.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table+" WHERE channel_id = $1", gone.ID).Scan(&left); err != nil {
				t.Fatal(err)
			}
			if left != 0 {
				t.Errorf("%s: %d rows of the deleted channel left", table, left)
			}
		}
		var addresses int
		d.QueryRowContext(ctx, "SELECT COUNT(*) FROM magento_addresses").Scan(&addresses)
		if addresses != 2 {
			t.Errorf("%d addresses left, want the 2 of the kept channel", addresses)
		}
		if n, _ := st.ChannelContents(ctx, keep.ID); n.Customers != 1 || n.Orders != 1 {
			t.Errorf("the other channel lost records: %+v", n)
		}
		if _, err := st.DeleteChannel(ctx, org, gone.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("second delete: %v, want ErrNotFound", err)
		}
	})
}

// seedChannelData writes n customers (two addresses and one order each),
// n runs with one error each, and the channel's structure.
func seedChannelData(t *testing.T, d *db.DB, org, owner, channel int64, n int) {
	t.Helper()
	ctx := context.Background()
	exec := func(q string, args ...any) int64 {
		t.Helper()
		var id int64
		if err := d.QueryRowContext(ctx, q+" RETURNING id", args...).Scan(&id); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return id
	}
	web := exec("INSERT INTO magento_websites (channel_id, origin_id, code, name) VALUES ($1, 1, 'base', 'Main')", channel)
	exec("INSERT INTO magento_store_groups (channel_id, origin_id, website_origin_id, name) VALUES ($1, 1, 1, 'Main')", channel)
	st := exec("INSERT INTO magento_stores (channel_id, origin_id, website_id, code, name) VALUES ($1, 1, $2, 'default', 'Default')", channel, web)
	grp := exec("INSERT INTO magento_customer_groups (channel_id, origin_id, code) VALUES ($1, 1, 'General')", channel)
	if _, err := d.ExecContext(ctx, "INSERT INTO sync_cursors (channel_id, connector, updated_at) VALUES ($1, 'customers', 1)", channel); err != nil {
		t.Fatal(err)
	}
	if _, err := d.ExecContext(ctx, "INSERT INTO sync_leases (channel_id, connector, holder, expires_at) VALUES ($1, 'customers', 'x', 1)", channel); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= n; i++ {
		cust := exec(`INSERT INTO magento_customers (organization_id, channel_id, origin_id, website_id, store_id, group_id, email, created_at, updated_at, owner_user_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, 1, 1, $8)`, org, channel, i, web, st, grp, "c@example.com", owner)
		exec("INSERT INTO magento_addresses (customer_id, origin_id) VALUES ($1, 1)", cust)
		exec("INSERT INTO magento_addresses (customer_id, origin_id) VALUES ($1, 2)", cust)
		exec("INSERT INTO magento_orders (channel_id, origin_id, customer_id, increment_id) VALUES ($1, $2, $3, '0001')", channel, i, cust)
		run := exec("INSERT INTO sync_runs (channel_id, connector, kind, status, error, started_at) VALUES ($1, 'customers', 'incremental', $2, $3, $4)",
			channel, map[bool]string{true: "failed", false: "finished"}[i == n], "run "+strconv.Itoa(i)+" failed", int64(i))
		exec("INSERT INTO sync_errors (run_id, channel_id, entity, remote_id, message, created_at) VALUES ($1, $2, 'customer', '7', 'bad email', 1)", run, channel)
	}
}
