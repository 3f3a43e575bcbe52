package store

import (
	"context"
	"database/sql"
	"time"

	"magecrm/internal/acl"
	"magecrm/internal/model"
)

// Roles returns the organization's roles by name, with their permissions and
// how many users hold each.
func (s *Store) Roles(ctx context.Context, orgID int64) ([]model.Role, error) {
	roles, err := s.roleList(ctx, orgID)
	if err != nil {
		return nil, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT rp.role_id, rp.entity, rp.action, rp.level
		FROM role_permissions rp JOIN roles r ON r.id = rp.role_id WHERE r.organization_id = $1`, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	perms := map[int64]acl.Permissions{}
	for rows.Next() {
		var id int64
		var e, a string
		var l int
		if err := rows.Scan(&id, &e, &a, &l); err != nil {
			return nil, err
		}
		if perms[id] == nil {
			perms[id] = acl.Permissions{}
		}
		perms[id].Merge(acl.Permissions{{Entity: acl.Entity(e), Action: acl.Action(a)}: acl.Level(l)})
	}
	for i := range roles {
		roles[i].Permissions = perms[roles[i].ID]
		if roles[i].Permissions == nil {
			roles[i].Permissions = acl.Permissions{}
		}
	}
	return roles, rows.Err()
}

func (s *Store) roleList(ctx context.Context, orgID int64) ([]model.Role, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT r.id, r.organization_id, r.name, r.builtin,
		(SELECT COUNT(*) FROM user_roles ur WHERE ur.role_id = r.id)
		FROM roles r WHERE r.organization_id = $1 ORDER BY lower(r.name)`, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Role
	for rows.Next() {
		var r model.Role
		if err := rows.Scan(&r.ID, &r.OrganizationID, &r.Name, &r.Builtin, &r.UserCount); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Role returns one role with its permissions.
func (s *Store) Role(ctx context.Context, orgID, id int64) (*model.Role, error) {
	var r model.Role
	var updated int64
	err := s.DB.QueryRowContext(ctx, "SELECT id, organization_id, name, builtin, updated_at FROM roles WHERE organization_id = $1 AND id = $2", orgID, id).
		Scan(&r.ID, &r.OrganizationID, &r.Name, &r.Builtin, &updated)
	if err != nil {
		return nil, notFound(err, "load role")
	}
	r.UpdatedAt = fromMillis(updated)
	r.Permissions, err = s.rolePermissions(ctx, s.DB, []int64{id})
	return &r, err
}

// RoleByName finds a role by its name, ignoring case.
func (s *Store) RoleByName(ctx context.Context, orgID int64, name string) (*model.Role, error) {
	var id int64
	err := s.DB.QueryRowContext(ctx, "SELECT id FROM roles WHERE organization_id = $1 AND lower(name) = lower($2)", orgID, name).Scan(&id)
	if err != nil {
		return nil, notFound(err, "find role")
	}
	return s.Role(ctx, orgID, id)
}

// SaveRole creates (ID 0) or updates a role and replaces its permissions,
// as version r.UpdatedAt. An update is of the role read at version prev:
// the version is compared in the UPDATE, so a change saved meanwhile makes
// this one ErrStale.
func (s *Store) SaveRole(ctx context.Context, r *model.Role, prev time.Time) error {
	return s.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if r.ID == 0 {
			err = tx.QueryRowContext(ctx, "INSERT INTO roles (organization_id, name, updated_at) VALUES ($1, $2, $3) RETURNING id",
				r.OrganizationID, r.Name, millis(r.UpdatedAt)).Scan(&r.ID)
		} else {
			var res sql.Result
			res, err = tx.ExecContext(ctx, "UPDATE roles SET name = $1, updated_at = $2 WHERE organization_id = $3 AND id = $4 AND updated_at = $5",
				r.Name, millis(r.UpdatedAt), r.OrganizationID, r.ID, millis(prev))
			if err == nil {
				if n, _ := res.RowsAffected(); n == 0 {
					return ErrStale
				}
			}
		}
		if isUniqueViolation(err) {
			return ErrDuplicate
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM role_permissions WHERE role_id = $1", r.ID); err != nil {
			return err
		}
		return writePermissions(ctx, tx, r.ID, r.Permissions)
	})
}

func writePermissions(ctx context.Context, tx *sql.Tx, roleID int64, p acl.Permissions) error {
	for k, l := range p {
		if l == acl.None {
			continue
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO role_permissions (role_id, entity, action, level) VALUES ($1, $2, $3, $4)",
			roleID, string(k.Entity), string(k.Action), int(l)); err != nil {
			return err
		}
	}
	return nil
}

// rolePermissions merges the permissions of the given roles.
func (s *Store) rolePermissions(ctx context.Context, q querier, roleIDs []int64) (acl.Permissions, error) {
	p := acl.Permissions{}
	if len(roleIDs) == 0 {
		return p, nil
	}
	args := make([]any, len(roleIDs))
	for i, id := range roleIDs {
		args[i] = id
	}
	rows, err := q.QueryContext(ctx, "SELECT entity, action, level FROM role_permissions WHERE role_id IN ("+placeholders(1, len(args))+")", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var e, a string
		var l int
		if err := rows.Scan(&e, &a, &l); err != nil {
			return nil, err
		}
		p.Merge(acl.Permissions{{Entity: acl.Entity(e), Action: acl.Action(a)}: acl.Level(l)})
	}
	return p, rows.Err()
}

// DeleteRole removes a role no user holds. Built-in roles stay.
func (s *Store) DeleteRole(ctx context.Context, orgID, id int64) error {
	r, err := s.Role(ctx, orgID, id)
	if err != nil {
		return err
	}
	if r.Builtin {
		return Refusal("a built-in role cannot be deleted")
	}
	var n int
	if err := s.DB.QueryRowContext(ctx, "SELECT COUNT(*) FROM user_roles WHERE role_id = $1", id).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return Refusal("the role is still given to users; give them another role first")
	}
	_, err = s.DB.ExecContext(ctx, "DELETE FROM roles WHERE id = $1", id)
	return err
}
