package crm

import (
	"context"
	"slices"
	"strings"

	"magecrm/internal/acl"
	"magecrm/internal/model"
)

// The rules that keep user management from raising anyone's access:
// a user gives only roles whose every grant is within their own, never
// changes their own roles, and manages (edits, enables, disables, resets
// the password of) only users in their edit scope who hold no role they
// could not give themselves.

// RoleChoices lists the roles a user form offers: those the actor may give.
func (s *Service) RoleChoices(ctx context.Context, sess *Session) ([]model.Role, error) {
	if !managesUsers(sess) {
		return nil, ErrForbidden
	}
	roles, err := s.Store.Roles(ctx, sess.Actor.OrganizationID)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(roles, func(r model.Role) bool { return !sess.Actor.Covers(r.Permissions) }), nil
}

// MayManageUser reports whether the actor may edit u, enable or disable
// them, or reset their password: u is within the actor's edit scope and
// holds no role that grants more than the actor's own roles.
func (s *Service) MayManageUser(ctx context.Context, sess *Session, u *model.User) (bool, error) {
	if !sess.Actor.Decide(acl.User, acl.Edit, userRecord(u)) {
		return false, nil
	}
	over, err := s.ungrantable(ctx, sess, u.RoleIDs)
	return len(over) == 0, err
}

// ungrantable returns the names of the roles among ids that the actor may
// not give. Unknown ids are left to validateUser.
func (s *Service) ungrantable(ctx context.Context, sess *Session, ids []int64) ([]string, error) {
	roles, err := s.Store.Roles(ctx, sess.Actor.OrganizationID)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, r := range roles {
		if slices.Contains(ids, r.ID) && !sess.Actor.Covers(r.Permissions) {
			names = append(names, r.Name)
		}
	}
	return names, nil
}

// checkGrants adds a message to fe when in gives roles the actor may not
// give, or changes the actor's own roles (old is the user's saved roles;
// nil on create).
func (s *Service) checkGrants(ctx context.Context, sess *Session, userID int64, old []int64, in *UserInput, fe FieldErrors) error {
	if userID != 0 && userID == sess.User.ID {
		if !sameIDs(old, in.RoleIDs) {
			fe["roles"] = "You cannot change your own roles; ask another administrator."
		}
		return nil
	}
	over, err := s.ungrantable(ctx, sess, in.RoleIDs)
	switch {
	case err != nil:
		return err
	case len(over) == 1:
		fe["roles"] = "You cannot give the role " + over[0] + ": it grants more than your own roles do."
	case len(over) > 1:
		fe["roles"] = "You cannot give the roles " + strings.Join(over, ", ") + ": they grant more than your own roles do."
	}
	return nil
}

// sameIDs reports whether a and b hold the same ids, in any order.
func sameIDs(a, b []int64) bool {
	a, b = slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b))
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}

// UnitChoices lists the business units a user form offers, in tree order:
// those where the actor may create or edit users. It needs no grant on
// business units themselves.
func (s *Service) UnitChoices(ctx context.Context, sess *Session) ([]model.BusinessUnit, error) {
	if !managesUsers(sess) {
		return nil, ErrForbidden
	}
	units, err := s.Store.BusinessUnits(ctx, sess.Actor.OrganizationID)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(units, func(u model.BusinessUnit) bool {
		rec := unitRecord(u.OrganizationID, u.ID)
		return !sess.Actor.Decide(acl.User, acl.Create, rec) && !sess.Actor.Decide(acl.User, acl.Edit, rec)
	}), nil
}

// managesUsers reports whether the actor may create or edit any user.
func managesUsers(sess *Session) bool {
	return sess.Actor.Can(acl.User, acl.Create) || sess.Actor.Can(acl.User, acl.Edit)
}
