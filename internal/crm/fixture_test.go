package crm_test

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"magecrm/internal/crm"
	"magecrm/internal/db"
	"magecrm/internal/model"
	"magecrm/internal/secret"
	"magecrm/internal/store"
)

// orgFixture is a set-up organization with its administrator signed in,
// and a clock the test moves.
type orgFixture struct {
	t     *testing.T
	svc   *crm.Service
	admin *crm.Session
	root  int64
	now   time.Time
}

func newOrgFixture(t *testing.T, d *db.DB) *orgFixture {
	t.Helper()
	box, err := secret.New("crm tests' instance secret")
	if err != nil {
		t.Fatal(err)
	}
	f := &orgFixture{t: t, svc: crm.New(store.New(d, box), box, slog.New(slog.DiscardHandler)), now: time.Now()}
	f.svc.Now = func() time.Time { return f.now }
	pw, err := f.svc.EnsureAdmin(context.Background())
	if err != nil || pw == "" {
		t.Fatalf("EnsureAdmin: %q, %v", pw, err)
	}
	f.admin = f.signIn("admin", pw)
	units, err := f.svc.BusinessUnits(context.Background(), f.admin)
	if err != nil {
		t.Fatal(err)
	}
	f.root = units[0].ID
	return f
}

// signIn signs a user in and returns their session.
func (f *orgFixture) signIn(username, password string) *crm.Session {
	f.t.Helper()
	token, err := f.svc.Login(context.Background(), crm.SignIn{Username: username, Password: password})
	if err != nil {
		f.t.Fatalf("sign in as %s: %v", username, err)
	}
	sess, err := f.svc.Authenticate(context.Background(), token)
	if err != nil {
		f.t.Fatalf("session of %s: %v", username, err)
	}
	return sess
}

// addUser creates an enabled user with one role in a unit (0: the top unit).
func (f *orgFixture) addUser(username, role string, unit int64) *model.User {
	f.t.Helper()
	if unit == 0 {
		unit = f.root
	}
	u, err := f.svc.CreateUser(context.Background(), f.admin, crm.UserInput{Username: username, BusinessUnitID: unit,
		RoleIDs: []int64{f.roleID(role)}, Enabled: true, Password: username + "-password"})
	if err != nil {
		f.t.Fatalf("add user %s: %v", username, err)
	}
	return u
}

func (f *orgFixture) roleID(name string) int64 {
	f.t.Helper()
	r, err := f.svc.Store.RoleByName(context.Background(), f.admin.Actor.OrganizationID, name)
	if err != nil {
		f.t.Fatalf("role %s: %v", name, err)
	}
	return r.ID
}

func (f *orgFixture) addUnit(name string, parent int64) int64 {
	f.t.Helper()
	id, err := f.svc.CreateBusinessUnit(context.Background(), f.admin, parent, name)
	if err != nil {
		f.t.Fatalf("add unit %s: %v", name, err)
	}
	return id
}

// fieldError returns the message err gives for a field, or "".
func fieldError(err error, field string) string {
	var fe crm.FieldErrors
	if errors.As(err, &fe) {
		return fe[field]
	}
	return ""
}
