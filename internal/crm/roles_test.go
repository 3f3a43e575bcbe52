package crm_test

import (
	"context"
	"errors"
	"maps"
	"testing"

	"magecrm/internal/acl"
	"magecrm/internal/crm"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/model"
)

func TestRoleRules(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newOrgFixture(t, d)
		perms := acl.Permissions{{Entity: acl.User, Action: acl.View}: acl.Organization, {Entity: acl.Contact, Action: acl.Edit}: acl.Own}
		r := &model.Role{Name: " Auditors ", Permissions: maps.Clone(perms)}
		r.Permissions[acl.Key{Entity: acl.Account, Action: acl.View}] = acl.None
		if err := f.svc.SaveRole(ctx, f.admin, r); err != nil {
			t.Fatal(err)
		}
		saved, err := f.svc.Role(ctx, f.admin, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if saved.Name != "Auditors" || !maps.Equal(saved.Permissions, perms) || saved.Builtin {
			t.Fatalf("saved role %q with %v", saved.Name, saved.Permissions)
		}

		if err := f.svc.SaveRole(ctx, f.admin, &model.Role{Name: "AUDITORS"}); fieldError(err, "name") != "Another role has this name." {
			t.Fatalf("a taken name: %v", err)
		}
		bad := &model.Role{Name: "Odd", Permissions: acl.Permissions{{Entity: acl.Channel, Action: acl.Delete}: acl.Level(7)}}
		if err := f.svc.SaveRole(ctx, f.admin, bad); fieldError(err, "permissions") != "Choose a level from the list for Channels / delete." {
			t.Fatalf("an unknown level: %v", err)
		}
		admin, _ := f.svc.Role(ctx, f.admin, f.RoleID(acl.RoleAdministrator))
		admin.Name = "Boss"
		if err := f.svc.SaveRole(ctx, f.admin, admin); fieldError(err, "name") == "" {
			t.Fatalf("renaming a built-in role: %v", err)
		}
		rep, _ := f.svc.Role(ctx, f.admin, f.RoleID(acl.RoleSalesRep))
		rep.Permissions[acl.Key{Entity: acl.Channel, Action: acl.View}] = acl.Organization
		if err := f.svc.SaveRole(ctx, f.admin, rep); err != nil {
			t.Fatalf("changing a built-in role's grants: %v", err)
		}
		if err := f.svc.SaveRole(ctx, f.admin, &model.Role{ID: 99999, Name: "Ghost"}); !errors.Is(err, crm.ErrNotFound) {
			t.Fatalf("saving a role that does not exist: %v", err)
		}

		var refusal crm.Refusal
		if err := f.svc.DeleteRole(ctx, f.admin, admin.ID); !errors.As(err, &refusal) {
			t.Fatalf("deleting a built-in role: %v", err)
		}
		u := f.addUser("lena", "Auditors", 0)
		if err := f.svc.DeleteRole(ctx, f.admin, r.ID); !errors.As(err, &refusal) {
			t.Fatalf("deleting a role in use: %v", err)
		}
		lena := f.SignIn("lena", "lena-password")
		if _, err := f.svc.Roles(ctx, lena); !errors.Is(err, crm.ErrForbidden) {
			t.Fatalf("listing roles without a grant: %v", err)
		}
		if err := f.svc.DeleteRole(ctx, lena, r.ID); !errors.Is(err, crm.ErrForbidden) {
			t.Fatalf("deleting a role without a grant: %v", err)
		}
		if _, err := f.svc.UpdateUser(ctx, f.admin, u.ID, crm.UserInput{Username: "lena", BusinessUnitID: f.root, RoleIDs: []int64{rep.ID}, Enabled: true}); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.DeleteRole(ctx, f.admin, r.ID); err != nil {
			t.Fatalf("deleting an unused role: %v", err)
		}
		roles, _ := f.svc.Roles(ctx, f.admin)
		if len(roles) != 3 {
			t.Fatalf("%d roles left, want the 3 built-in ones", len(roles))
		}
	})
}
