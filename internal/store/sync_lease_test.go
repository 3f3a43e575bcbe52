package store

import (
	"context"
	"testing"
	"time"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/model"
	"magecrm/internal/secret"
)

func TestSyncLeaseIsHeldByOneHolderUntilReleasedOrExpired(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		box, _ := secret.New("test instance secret 0123456789")
		s := New(d, box)
		ch := leaseChannel(t, s)
		now := time.Now()
		take := func(holder string, at time.Time) bool {
			t.Helper()
			ok, err := s.AcquireLease(ctx, ch, "import", holder, at, time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if !take("a", now) {
			t.Fatal("a free lease was refused")
		}
		if take("b", now.Add(30*time.Second)) {
			t.Fatal("b took a lease a holds")
		}
		if ok, err := s.RenewLease(ctx, ch, "import", "a", now.Add(50*time.Second), time.Minute); err != nil || !ok {
			t.Fatalf("a could not renew its lease: %v", err)
		}
		if take("b", now.Add(100*time.Second)) {
			t.Fatal("b took a renewed lease before it ran out")
		}
		if !take("b", now.Add(111*time.Second)) {
			t.Fatal("b could not take a lease that ran out")
		}
		if ok, _ := s.RenewLease(ctx, ch, "import", "a", now.Add(112*time.Second), time.Minute); ok {
			t.Fatal("a renewed a lease b has taken")
		}
		if err := s.ReleaseLease(ctx, ch, "import", "a"); err != nil {
			t.Fatal(err)
		}
		if take("a", now.Add(113*time.Second)) {
			t.Fatal("a's release freed b's lease")
		}
		if ok, err := s.AcquireLease(ctx, ch, "export", "c", now.Add(113*time.Second), time.Minute); err != nil || !ok {
			t.Fatalf("another connector's lease is separate, yet c could not take it: %v", err)
		}
		if err := s.ReleaseLease(ctx, ch, "import", "b"); err != nil {
			t.Fatal(err)
		}
		if !take("a", now.Add(114*time.Second)) {
			t.Fatal("a released lease was refused")
		}
	})
}

func leaseChannel(t *testing.T, s *Store) int64 {
	t.Helper()
	ctx := context.Background()
	orgID, unitID, err := s.Bootstrap(ctx, "Org")
	if err != nil {
		t.Fatal(err)
	}
	u := &model.User{OrganizationID: orgID, BusinessUnitID: unitID, Username: "owner", Enabled: true}
	if err := s.CreateUser(ctx, u, "x"); err != nil {
		t.Fatal(err)
	}
	ch := &model.Channel{OrganizationID: orgID, OwnerUserID: u.ID, Name: "Shop", BaseURL: "http://shop.test/",
		AuthKind: model.AuthBearer, WebsiteID: model.AllWebsites, Priority: model.RemoteWins, DefaultOwnerID: u.ID, Enabled: true}
	if err := s.CreateChannel(ctx, ch); err != nil {
		t.Fatal(err)
	}
	return ch.ID
}
