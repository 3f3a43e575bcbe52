package crm_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"magecrm/internal/crm"
	"magecrm/internal/db"
	"magecrm/internal/model"
	"magecrm/internal/testrig"
)

// orgFixture is the shared test organization (testrig) with its
// administrator signed in, and a clock the test moves.
type orgFixture struct {
	*testrig.Rig
	t     *testing.T
	svc   *crm.Service
	admin *crm.Session
	root  int64
	now   time.Time
}

func newOrgFixture(t *testing.T, d *db.DB) *orgFixture {
	t.Helper()
	rig := testrig.New(t, d, nil)
	f := &orgFixture{Rig: rig, t: t, svc: rig.CRM, root: rig.RootUnit, now: time.Now()}
	f.svc.Now = func() time.Time { return f.now }
	f.admin = rig.SignIn("admin", rig.AdminPassword)
	return f
}

// addUser creates an enabled user with one role in a unit (0: the top unit).
func (f *orgFixture) addUser(username, role string, unit int64) *model.User {
	f.t.Helper()
	if unit == 0 {
		unit = f.root
	}
	u, err := f.svc.CreateUser(context.Background(), f.admin, crm.UserInput{Username: username, BusinessUnitID: unit,
		RoleIDs: []int64{f.RoleID(role)}, Enabled: true, Password: username + "-password"})
	if err != nil {
		f.t.Fatalf("add user %s: %v", username, err)
	}
	return u
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
