package crm_test

import (
	"context"
	"errors"
	"fmt"
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
		idle, err := f.svc.Login(ctx, crm.SignIn{Username: "lena", Password: "lena-password"})
		if err != nil {
			t.Fatal(err)
		}
		busy, _ := f.svc.Login(ctx, crm.SignIn{Username: "lena", Password: "lena-password"})

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

func TestThrottleSlowsThePairAndLiftsAfterTheDelay(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newOrgFixture(t, d)
		f.addUser("lena", "Sales Representative", 0)
		here := func(pw string) crm.SignIn { return crm.SignIn{Username: "lena", Password: pw, Client: "192.0.2.1"} }
		start := f.now
		for i := range auth.PairLimit {
			f.now = start.Add(time.Duration(i) * time.Second)
			if _, err := f.svc.Login(ctx, here("wrong")); !errors.Is(err, crm.ErrBadCredentials) {
				t.Fatalf("failure %d: %v", i+1, err)
			}
		}
		last := f.now
		var locked *crm.LockedError
		in := here("lena-password")
		in.Username = " LENA"
		if _, err := f.svc.Login(ctx, in); !errors.As(err, &locked) || !about(locked.Wait, auth.FirstDelay) || locked.ByClient {
			t.Fatalf("the 6th attempt: %v, want a wait of %v for the pair", err, auth.FirstDelay)
		}
		if got := locked.Error(); got != "Too many failed sign-ins for this user name from your address. Try again in 1 minute." {
			t.Errorf("message %q", got)
		}
		if _, err := f.svc.Login(ctx, crm.SignIn{Username: "lena", Password: "lena-password", Client: "198.51.100.7"}); err != nil {
			t.Fatalf("the right password from another address: %v", err)
		}
		f.now = last.Add(auth.FirstDelay + time.Second)
		if _, err := f.svc.Login(ctx, here("wrong")); !errors.Is(err, crm.ErrBadCredentials) {
			t.Fatalf("after the delay the password is checked again: %v", err)
		}
		if _, err := f.svc.Login(ctx, here("lena-password")); !errors.As(err, &locked) || !about(locked.Wait, 2*auth.FirstDelay) {
			t.Fatalf("after a 6th failure: %v, want a doubled wait", err)
		}
		f.now = f.now.Add(2*auth.FirstDelay + time.Second)
		if _, err := f.svc.Login(ctx, here("lena-password")); err != nil {
			t.Fatalf("after the doubled delay: %v", err)
		}
		// A good sign-in forgets this address's failures: four more do not slow down.
		for range auth.PairLimit - 1 {
			f.svc.Login(ctx, here("wrong"))
		}
		if _, err := f.svc.Login(ctx, here("lena-password")); err != nil {
			t.Fatalf("old failures still counted: %v", err)
		}
	})
}

func TestAnAddressTryingManyUserNamesIsRefused(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newOrgFixture(t, d)
		f.addUser("lena", "Sales Representative", 0)
		start := f.now
		for i := range auth.ClientLimit {
			f.now = start.Add(time.Duration(i) * time.Second)
			in := crm.SignIn{Username: fmt.Sprintf("guess%d", i), Password: "wrong", Client: "203.0.113.9"}
			if _, err := f.svc.Login(ctx, in); !errors.Is(err, crm.ErrBadCredentials) {
				t.Fatalf("guess %d: %v", i+1, err)
			}
		}
		var locked *crm.LockedError
		if _, err := f.svc.Login(ctx, crm.SignIn{Username: "lena", Password: "lena-password", Client: "203.0.113.9"}); !errors.As(err, &locked) || !locked.ByClient {
			t.Fatalf("the spraying address: %v, want it refused", err)
		}
		if !strings.HasPrefix(locked.Error(), "Too many failed sign-ins from your address. Try again in 15 minutes") {
			t.Errorf("message %q", locked.Error())
		}
		if _, err := f.svc.Login(ctx, crm.SignIn{Username: "lena", Password: "lena-password", Client: "192.0.2.1"}); err != nil {
			t.Fatalf("lena from her own address: %v", err)
		}
		f.now = start.Add(auth.FailureWindow + time.Second)
		if _, err := f.svc.Login(ctx, crm.SignIn{Username: "lena", Password: "lena-password", Client: "203.0.113.9"}); err != nil {
			t.Fatalf("once the oldest failures left the window: %v", err)
		}
	})
}

func TestUnknownUserWaitsForAPasswordCheckSlotLikeAKnownOne(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newOrgFixture(t, d)
		f.addUser("lena", "Sales Representative", 0)
		f.svc.PasswordGate = auth.NewPasswordGate(1, 20*time.Millisecond)
		held, release, freed := make(chan struct{}), make(chan struct{}), make(chan struct{})
		go func() {
			f.svc.PasswordGate.Do(ctx, func() { close(held); <-release })
			close(freed)
		}()
		<-held
		for _, name := range []string{"lena", "nobody"} {
			if _, err := f.svc.Login(ctx, crm.SignIn{Username: name, Password: "lena-password"}); !errors.Is(err, crm.ErrBusy) {
				t.Errorf("%s with every slot taken: %v, want ErrBusy", name, err)
			}
		}
		close(release)
		<-freed // the slot is free again, however slowly the holder is scheduled
		if _, err := f.svc.Login(ctx, crm.SignIn{Username: "lena", Password: "lena-password"}); err != nil {
			t.Fatalf("a refused-as-busy attempt counted as a failure: %v", err)
		}
	})
}

func TestDisabledUserCannotSignIn(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newOrgFixture(t, d)
		u := f.addUser("lena", "Sales Representative", 0)
		token, _ := f.svc.Login(ctx, crm.SignIn{Username: "lena", Password: "lena-password"})
		if _, err := f.svc.UpdateUser(ctx, f.admin, u.ID, crm.UserInput{Username: "lena", BusinessUnitID: u.BusinessUnitID, RoleIDs: u.RoleIDs}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Authenticate(ctx, token); !errors.Is(err, crm.ErrNotFound) {
			t.Fatalf("a disabled user's session: %v", err)
		}
		if _, err := f.svc.Login(ctx, crm.SignIn{Username: "lena", Password: "lena-password"}); !errors.Is(err, crm.ErrBadCredentials) {
			t.Fatalf("a disabled user signing in: %v, want the same error as a wrong password", err)
		}
	})
}

// about reports whether d is want, give or take the millisecond that
// stored times are rounded to.
func about(d, want time.Duration) bool { return d > want-time.Millisecond && d <= want }
