package crm

import (
	"context"
	"errors"
	"strings"
	"time"

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

// Role returns one role with its permissions.
func (s *Service) Role(ctx context.Context, sess *Session, id int64) (*model.Role, error) {
	if !sess.Actor.Decide(acl.Role, acl.View, s.roleRecord(sess)) {
		return nil, ErrForbidden
	}
	return s.Store.Role(ctx, sess.Actor.OrganizationID, id)
}

// SaveRole creates (r.ID 0) or updates a role and its permission matrix.
// Nobody grants more than their own roles do, nor changes a role that does:
// else a role editor could raise their own access. An update made on
// version r.UpdatedAt (zero: as it is now) of a role changed since is
// ErrStale, also when the change is saved at the same moment.
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
	if over := sess.Actor.Exceeding(r.Permissions); len(over) > 0 && fe["permissions"] == "" {
		fe["permissions"] = "You cannot grant more than your own roles do: " + cellNames(over) + "."
	}
	var prev time.Time
	if r.ID != 0 {
		// Built-in roles are found by name when the organization is set up.
		old, err := s.Store.Role(ctx, sess.Actor.OrganizationID, r.ID)
		if err != nil {
			return err
		}
		if stale(r.UpdatedAt, old.UpdatedAt) {
			return ErrStale
		}
		prev = old.UpdatedAt
		if old.Builtin && old.Name != r.Name {
			fe["name"] = "A built-in role keeps its name; create a new role for another name."
		}
		if !sess.Actor.Covers(old.Permissions) {
			fe["permissions"] = "This role grants more than your own roles do, so you cannot change it."
		}
	}
	if err := fe.orNil(); err != nil {
		return err
	}
	r.OrganizationID, r.UpdatedAt = sess.Actor.OrganizationID, nextVersion(s.Now(), prev)
	err := s.Store.SaveRole(ctx, r, prev)
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

// cellNames lists matrix cells as the role page labels them.
func cellNames(keys []acl.Key) string {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = k.Entity.Label() + " / " + string(k.Action)
	}
	return strings.Join(names, ", ")
}
