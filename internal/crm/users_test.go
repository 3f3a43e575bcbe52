package crm_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"magecrm/internal/acl"
	"magecrm/internal/crm"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/model"
)

func usernames(users []model.User) []string {
	var out []string
	for _, u := range users {
		out = append(out, u.Username)
	}
	slices.Sort(out)
	return out
}

func TestUsersAreScopedToTheActorsGrant(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newOrgFixture(t, d)
		sales := f.addUnit("Sales", f.root)
		east := f.addUnit("East", sales)
		support := f.addUnit("Support", f.root)
		f.addUser("manager", acl.RoleSalesManager, sales)
		f.addUser("eastrep", acl.RoleSalesRep, east)
		outside := f.addUser("helpdesk", acl.RoleSalesRep, support)

		mgr := f.SignIn("manager", "manager-password")
		users, err := f.svc.Users(ctx, mgr, "")
		if err != nil {
			t.Fatal(err)
		}
		if got := usernames(users); !slices.Equal(got, []string{"eastrep", "manager"}) {
			t.Fatalf("the manager sees %v, want their division's users", got)
		}
		if users, _ := f.svc.Users(ctx, mgr, "EAST"); !slices.Equal(usernames(users), []string{"eastrep"}) {
			t.Fatalf("search EAST: %v", usernames(users))
		}
		if _, err := f.svc.User(ctx, mgr, outside.ID); !errors.Is(err, crm.ErrNotFound) {
			t.Fatalf("a user outside the division: %v, want ErrNotFound", err)
		}
		if _, err := f.svc.UpdateUser(ctx, mgr, users[0].ID, crm.UserInput{Username: "x"}); !errors.Is(err, crm.ErrForbidden) {
			t.Fatalf("a manager editing a user: %v, want ErrForbidden", err)
		}

		rep := f.SignIn("eastrep", "eastrep-password")
		if _, err := f.svc.Users(ctx, rep, ""); !errors.Is(err, crm.ErrForbidden) {
			t.Fatalf("a representative listing users: %v", err)
		}
		if _, err := f.svc.User(ctx, rep, rep.User.ID); !errors.Is(err, crm.ErrForbidden) {
			t.Fatalf("a representative opening a user: %v", err)
		}
		if _, err := f.svc.RoleChoices(ctx, rep); !errors.Is(err, crm.ErrForbidden) {
			t.Fatalf("a representative listing role choices: %v", err)
		}
	})
}

func TestAssignableOwners(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newOrgFixture(t, d)
		sales := f.addUnit("Sales", f.root)
		f.addUser("manager", acl.RoleSalesManager, sales)
		f.addUser("rep", acl.RoleSalesRep, sales)
		gone := f.addUser("gone", acl.RoleSalesRep, sales)
		f.addUser("elsewhere", acl.RoleSalesRep, 0)
		if _, err := f.svc.UpdateUser(ctx, f.admin, gone.ID, crm.UserInput{Username: "gone", BusinessUnitID: sales, RoleIDs: gone.RoleIDs}); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			who  string
			want []string
		}{
			{"rep", []string{"rep"}},
			{"manager", []string{"manager", "rep"}},
			{"admin", []string{"admin", "elsewhere", "manager", "rep"}},
		} {
			sess := f.admin
			if tc.who != "admin" {
				sess = f.SignIn(tc.who, tc.who+"-password")
			}
			owners, err := f.svc.AssignableOwners(ctx, sess, acl.MagentoCustomer)
			if err != nil {
				t.Fatal(err)
			}
			if got := usernames(owners); !slices.Equal(got, tc.want) {
				t.Errorf("%s may assign customers to %v, want %v (never a disabled user)", tc.who, got, tc.want)
			}
		}
	})
}

func TestUserUpdateRules(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newOrgFixture(t, d)
		u := f.addUser("lena", acl.RoleSalesRep, 0)
		admin := f.admin.User
		in := crm.UserInput{Username: admin.Username, BusinessUnitID: admin.BusinessUnitID, RoleIDs: admin.RoleIDs}
		if _, err := f.svc.UpdateUser(ctx, f.admin, admin.ID, in); fieldError(err, "enabled") == "" {
			t.Fatalf("disabling yourself: %v", err)
		}
		in = crm.UserInput{Username: "ADMIN", BusinessUnitID: u.BusinessUnitID, RoleIDs: u.RoleIDs, Enabled: true}
		if _, err := f.svc.UpdateUser(ctx, f.admin, u.ID, in); fieldError(err, "username") != "This user name is taken; choose another." {
			t.Fatalf("renaming to a taken name: %v", err)
		}
		in.Username, in.RoleIDs = " lena.k ", []int64{f.RoleID(acl.RoleSalesRep), f.RoleID(acl.RoleSalesManager)}
		saved, err := f.svc.UpdateUser(ctx, f.admin, u.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		again, _ := f.svc.User(ctx, f.admin, u.ID)
		if saved.Username != "lena.k" || len(again.RoleIDs) != 2 || !slices.Equal(again.RoleNames, []string{acl.RoleSalesManager, acl.RoleSalesRep}) {
			t.Fatalf("after the update: %q with roles %v", again.Username, again.RoleNames)
		}
		// The two roles merge: the manager's user view comes with the representative's grants.
		if s := f.SignIn("lena.k", "lena-password"); !s.Actor.Can(acl.User, acl.View) || s.Actor.Level(acl.Contact, acl.Delete) != acl.Division {
			t.Fatal("the grants of two roles were not merged")
		}
	})
}

func TestResetPasswordEndsTheUsersSessions(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newOrgFixture(t, d)
		u := f.addUser("lena", acl.RoleSalesRep, 0)
		token, _ := f.svc.Login(ctx, crm.SignIn{Username: "lena", Password: "lena-password"})
		if err := f.svc.ResetPassword(ctx, f.admin, u.ID, "short"); fieldError(err, "password") != "Use at least 10 characters." {
			t.Fatalf("a weak password: %v", err)
		}
		if _, err := f.svc.Authenticate(ctx, token); err != nil {
			t.Fatalf("a refused reset ended the session: %v", err)
		}
		if err := f.svc.ResetPassword(ctx, f.admin, u.ID, "lena-new-password"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Authenticate(ctx, token); !errors.Is(err, crm.ErrNotFound) {
			t.Fatalf("the old session after a reset: %v", err)
		}
		if _, err := f.svc.Login(ctx, crm.SignIn{Username: "lena", Password: "lena-password"}); !errors.Is(err, crm.ErrBadCredentials) {
			t.Fatalf("the old password after a reset: %v", err)
		}
		f.SignIn("lena", "lena-new-password")
	})
}

func TestAddUserFromTheCommandLine(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newOrgFixture(t, d)
		f.addUnit("Field Sales", f.root)
		u, err := f.svc.AddUser(ctx, crm.UserInput{Username: "nina", Password: "nina-password"}, "", "")
		if err != nil {
			t.Fatal(err)
		}
		got, _ := f.svc.User(ctx, f.admin, u.ID)
		if got.BusinessUnitID != f.root || !slices.Equal(got.RoleNames, []string{acl.RoleSalesRep}) || !got.Enabled {
			t.Fatalf("defaults: unit %d, roles %v, enabled %v", got.BusinessUnitID, got.RoleNames, got.Enabled)
		}
		u, err = f.svc.AddUser(ctx, crm.UserInput{Username: "otto", Password: "otto-password"}, "sales manager", "FIELD SALES")
		if err != nil || u.BusinessUnitID == f.root {
			t.Fatalf("role and unit by name, any case: %v", err)
		}
		if _, err := f.svc.AddUser(ctx, crm.UserInput{Username: "x1", Password: "x1-password"}, "Boss", ""); fieldError(err, "role") != "No role is named Boss." {
			t.Fatalf("an unknown role: %v", err)
		}
		if _, err := f.svc.AddUser(ctx, crm.UserInput{Username: "x2", Password: "x2-password"}, "", "Nowhere"); fieldError(err, "business_unit") != "No business unit is named Nowhere." {
			t.Fatalf("an unknown unit: %v", err)
		}
	})
}
