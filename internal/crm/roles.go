package crm

import (
	"context"
	"errors"
	"strings"

	"magecrm/internal/acl"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

// Roles are organization-wide: only an organization-level grant on roles
// reaches them.
func (s *Service) roleRecord(sess *Session) acl.Record {
	return acl.Record{OrganizationID: sess.Actor.OrganizationID}
}

// Roles lists the organization's roles.
func (s *Service) Roles(ctx context.Context, sess *Session) ([]model.Role, error) {
	if !sess.Actor.Decide(acl.Role, acl.View, s.roleRecord(sess)) {
		return nil, ErrForbidden
	}
	return s.Store.Roles(ctx, sess.Actor.OrganizationID)
}

// RoleChoices lists the roles for a user form: everyone who may create or
// edit users may see their names.
func (s *Service) RoleChoices(ctx context.Context, sess *Session) ([]model.Role, error) {
	if !sess.Actor.Can(acl.User, acl.Create) && !sess.Actor.Can(acl.User, acl.Edit) {
		return nil, ErrForbidden
	}
	return s.Store.Roles(ctx, sess.Actor.OrganizationID)
}

// Role returns one role with its permissions.
func (s *Service) Role(ctx context.Context, sess *Session, id int64) (*model.Role, error) {
	if !sess.Actor.Decide(acl.Role, acl.View, s.roleRecord(sess)) {
		return nil, ErrForbidden
	}
	return s.Store.Role(ctx, sess.Actor.OrganizationID, id)
}

// SaveRole creates (r.ID 0) or updates a role and its permission matrix.
func (s *Service) SaveRole(ctx context.Context, sess *Session, r *model.Role) error {
	action := acl.Edit
	if r.ID == 0 {
		action = acl.Create
	}
	if !sess.Actor.Decide(acl.Role, action, s.roleRecord(sess)) {
		return ErrForbidden
	}
	r.Name = strings.TrimSpace(r.Name)
	fe := FieldErrors{}
	if r.Name == "" || len(r.Name) > 100 {
		fe["name"] = "Enter a name of at most 100 characters."
	}
	for k, l := range r.Permissions {
		if !l.Valid() {
			fe["permissions"] = "Choose a level from the list for " + k.Entity.Label() + " / " + string(k.Action) + "."
		}
	}
	if r.ID != 0 {
		// Built-in roles are found by name when the organization is set up.
		old, err := s.Store.Role(ctx, sess.Actor.OrganizationID, r.ID)
		if err != nil {
			return err
		}
		if old.Builtin && old.Name != r.Name {
			fe["name"] = "A built-in role keeps its name; create a new role for another name."
		}
	}
	if err := fe.orNil(); err != nil {
		return err
	}
	r.OrganizationID = sess.Actor.OrganizationID
	err := s.Store.SaveRole(ctx, r)
	if errors.Is(err, store.ErrDuplicate) {
		return FieldErrors{"name": "Another role has this name."}
	}
	if err == nil {
		s.Log.Info("role saved", "role", r.Name, "by", sess.User.Username)
	}
	return err
}

// DeleteRole removes a role no user holds.
func (s *Service) DeleteRole(ctx context.Context, sess *Session, id int64) error {
	if !sess.Actor.Decide(acl.Role, acl.Delete, s.roleRecord(sess)) {
		return ErrForbidden
	}
	return s.Store.DeleteRole(ctx, sess.Actor.OrganizationID, id)
}
