package crm_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"magecrm/internal/auth"
	"magecrm/internal/crm"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
)

func TestEnsureAdminCreatesTheFirstUserOnce(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		f := newOrgFixture(t, d)
		if !f.admin.User.Enabled || f.admin.User.BusinessUnitID != f.root || !f.admin.Actor.Can("role", "delete") {
			t.Fatalf("the first user is not an enabled administrator of the top unit: %+v", f.admin.User)
		}
		pw, err := f.svc.EnsureAdmin(context.Background())
		if err != nil || pw != "" {
			t.Fatalf("second EnsureAdmin: %q, %v; want nothing created", pw, err)
		}
		users, _ := f.svc.AllUsers(context.Background())
		if len(users) != 1 {
			t.Fatalf("%d users, want 1", len(users))
		}
	})
}

func TestSessionEndsWhenIdleAndAtItsMaximumAge(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newOrgFixture(t, d)
		f.addUser("lena", "Sales Representative", 0)
		start := f.now
		idle, err := f.svc.Login(ctx, "lena", "lena-password")
		if err != nil {
			t.Fatal(err)
		}
		busy, _ := f.svc.Login(ctx, "lena", "lena-password")

		f.now = start.Add(auth.IdleTimeout - time.Minute)
		if _, err := f.svc.Authenticate(ctx, idle); err != nil {
			t.Fatalf("just within the idle timeout: %v", err)
		}
		f.now = f.now.Add(auth.IdleTimeout + time.Minute)
		if _, err := f.svc.Authenticate(ctx, idle); !errors.Is(err, crm.ErrNotFound) {
			t.Fatalf("after the idle timeout: %v, want ErrNotFound", err)
		}

		// A session used every few hours still ends at its maximum age.
		for f.now = start; f.now.Before(start.Add(auth.MaxAge)); f.now = f.now.Add(6 * time.Hour) {
			if _, err := f.svc.Authenticate(ctx, busy); err != nil {
				t.Fatalf("an active session ended after %v: %v", f.now.Sub(start), err)
			}
		}
		f.now = start.Add(auth.MaxAge + time.Minute)
		if _, err := f.svc.Authenticate(ctx, busy); !errors.Is(err, crm.ErrNotFound) {
			t.Fatalf("past the maximum age: %v, want ErrNotFound", err)
		}
		if _, err := f.svc.Authenticate(ctx, ""); !errors.Is(err, crm.ErrNotFound) {
			t.Fatalf("no token: %v", err)
		}
	})
}

func TestThrottleLiftsAfterTheWindow(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newOrgFixture(t, d)
		f.addUser("lena", "Sales Representative", 0)
		start := f.now
		for i := range auth.MaxFailures {
			f.now = start.Add(time.Duration(i) * time.Second)
			if _, err := f.svc.Login(ctx, "lena", "wrong"); !errors.Is(err, crm.ErrBadCredentials) {
				t.Fatalf("failure %d: %v", i+1, err)
			}
		}
		var locked *crm.LockedError
		if _, err := f.svc.Login(ctx, " LENA", "lena-password"); !errors.As(err, &locked) || !locked.Until.Equal(start.Add(auth.FailureWindow).Truncate(time.Millisecond)) {
			t.Fatalf("the 6th attempt: %v, want locked until %v", err, start.Add(auth.FailureWindow))
		}
		if !strings.Contains(locked.Error(), "Try again in 15 minutes.") {
			t.Errorf("lock message %q", locked.Error())
		}
		f.now = start.Add(auth.FailureWindow + time.Second)
		if _, err := f.svc.Login(ctx, "lena", "lena-password"); err != nil {
			t.Fatalf("after the window: %v", err)
		}
		// A good sign-in forgets the failures: four more do not lock.
		for range auth.MaxFailures - 1 {
			f.svc.Login(ctx, "lena", "wrong")
		}
		if _, err := f.svc.Login(ctx, "lena", "lena-password"); err != nil {
			t.Fatalf("old failures still counted: %v", err)
		}
	})
}

func TestDisabledUserCannotSignIn(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newOrgFixture(t, d)
		u := f.addUser("lena", "Sales Representative", 0)
		token, _ := f.svc.Login(ctx, "lena", "lena-password")
		if _, err := f.svc.UpdateUser(ctx, f.admin, u.ID, crm.UserInput{Username: "lena", BusinessUnitID: u.BusinessUnitID, RoleIDs: u.RoleIDs}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Authenticate(ctx, token); !errors.Is(err, crm.ErrNotFound) {
			t.Fatalf("a disabled user's session: %v", err)
		}
		if _, err := f.svc.Login(ctx, "lena", "lena-password"); !errors.Is(err, crm.ErrBadCredentials) {
			t.Fatalf("a disabled user signing in: %v, want the same error as a wrong password", err)
		}
	})
}
