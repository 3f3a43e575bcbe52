package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"magecrm/internal/acl"
	"magecrm/internal/model"
)

const userColumns = `u.id, u.organization_id, u.business_unit_id, u.username, u.email, u.first_name, u.last_name,
	u.enabled, u.created_at, u.updated_at, b.name`

func scanUser(sc interface{ Scan(...any) error }) (*model.User, error) {
	var u model.User
	var created, updated int64
	err := sc.Scan(&u.ID, &u.OrganizationID, &u.BusinessUnitID, &u.Username, &u.Email, &u.FirstName, &u.LastName,
		&u.Enabled, &created, &updated, &u.BusinessUnitName)
	u.CreatedAt, u.UpdatedAt = fromMillis(created), fromMillis(updated)
	return &u, err
}

// UserFilter narrows a user listing.
type UserFilter struct {
	Scope *acl.Scope // the users listed; nil means the whole organization
	Units []int64    // only users of these units, when set
	Query string     // matches user name, names or email
	Limit int
}

// Users lists the organization's users by name.
func (s *Store) Users(ctx context.Context, orgID int64, f UserFilter) ([]model.User, error) {
	q := "SELECT " + userColumns + " FROM users u JOIN business_units b ON b.id = u.business_unit_id WHERE u.organization_id = $1"
	args := []any{orgID}
	if f.Scope != nil {
		q += " AND " + userScope.where(*f.Scope, s.DB.Dialect)
	}
	if len(f.Units) > 0 {
		for _, id := range f.Units {
			args = append(args, id)
		}
		q += " AND u.business_unit_id IN (" + placeholders(2, len(f.Units)) + ")"
	}
	if f.Query != "" {
		args = append(args, "%"+strings.ToLower(f.Query)+"%")
		n := len(args)
		q += " AND (lower(u.username) LIKE $" + itoa(n) + " OR lower(u.first_name || ' ' || u.last_name) LIKE $" + itoa(n) + " OR lower(u.email) LIKE $" + itoa(n) + ")"
	}
	q += " ORDER BY lower(u.first_name), lower(u.last_name), lower(u.username)"
	if f.Limit > 0 {
		q += " LIMIT " + itoa(f.Limit)
	}
	rows, err := s.DB.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *u)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, s.fillRoles(ctx, out)
}

func (s *Store) fillRoles(ctx context.Context, users []model.User) error {
	if len(users) == 0 {
		return nil
	}
	idx := map[int64]int{}
	args := make([]any, len(users))
	for i, u := range users {
		idx[u.ID] = i
		args[i] = u.ID
	}
	rows, err := s.DB.QueryContext(ctx, "SELECT ur.user_id, r.id, r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id IN ("+placeholders(1, len(args))+") ORDER BY r.name", args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var uid, rid int64
		var name string
		if err := rows.Scan(&uid, &rid, &name); err != nil {
			return err
		}
		u := &users[idx[uid]]
		u.RoleIDs = append(u.RoleIDs, rid)
		u.RoleNames = append(u.RoleNames, name)
	}
	return rows.Err()
}

// User returns one user of the organization.
func (s *Store) User(ctx context.Context, orgID, id int64) (*model.User, error) {
	u, err := scanUser(s.DB.QueryRowContext(ctx, "SELECT "+userColumns+" FROM users u JOIN business_units b ON b.id = u.business_unit_id WHERE u.organization_id = $1 AND u.id = $2", orgID, id))
	if err != nil {
		return nil, notFound(err, "load user")
	}
	list := []model.User{*u}
	err = s.fillRoles(ctx, list)
	return &list[0], err
}

// UserCredentials returns the user with this user name (any case) and their
// password hash, for signing in.
func (s *Store) UserCredentials(ctx context.Context, username string) (*model.User, string, error) {
	var hash string
	var id, org int64
	err := s.DB.QueryRowContext(ctx, "SELECT id, organization_id, password_hash FROM users WHERE lower(username) = lower($1)", strings.TrimSpace(username)).Scan(&id, &org, &hash)
	if err != nil {
		return nil, "", notFound(err, "find user")
	}
	u, err := s.User(ctx, org, id)
	return u, hash, err
}

// CountUsers returns how many users exist in all organizations.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.DB.QueryRowContext(ctx, "SELECT COUNT(*) FROM users").Scan(&n)
	return n, err
}

// CreateUser adds a user with a password hash and roles. A taken user name
// is ErrDuplicate.
func (s *Store) CreateUser(ctx context.Context, u *model.User, passwordHash string) error {
	now := time.Now()
	return s.Tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO users (organization_id, business_unit_id, username, email, first_name, last_name, password_hash, enabled, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
			u.OrganizationID, u.BusinessUnitID, strings.TrimSpace(u.Username), u.Email, u.FirstName, u.LastName, passwordHash, u.Enabled, millis(now)).Scan(&u.ID)
		if isUniqueViolation(err) {
			return ErrDuplicate
		}
		if err != nil {
			return err
		}
		u.CreatedAt, u.UpdatedAt = now, now
		return setUserRoles(ctx, tx, u.ID, u.RoleIDs)
	})
}

// UpdateUser saves a user's profile, unit, enabled flag and roles, only
// when the user's last change time is still prev (compare-and-set in the
// UPDATE; otherwise ErrStale). Disabling a user ends their sessions.
func (s *Store) UpdateUser(ctx context.Context, u *model.User, prev time.Time) error {
	return s.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET business_unit_id = $1, username = $2, email = $3, first_name = $4, last_name = $5, enabled = $6, updated_at = $7
			WHERE organization_id = $8 AND id = $9 AND updated_at = $10`,
			u.BusinessUnitID, strings.TrimSpace(u.Username), u.Email, u.FirstName, u.LastName, u.Enabled, millis(u.UpdatedAt), u.OrganizationID, u.ID,
			millis(prev))
		if isUniqueViolation(err) {
			return ErrDuplicate
		}
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrStale
		}
		if !u.Enabled {
			if _, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE user_id = $1", u.ID); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM user_roles WHERE user_id = $1", u.ID); err != nil {
			return err
		}
		return setUserRoles(ctx, tx, u.ID, u.RoleIDs)
	})
}

// SetPassword replaces a user's password hash and ends their sessions. Its
// last change time moves past the one stored, as SetChannelEnabled's does.
func (s *Store) SetPassword(ctx context.Context, userID int64, passwordHash string) error {
	return s.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE users SET password_hash = $1, updated_at = "+laterVersion("$2")+" WHERE id = $3", passwordHash, millis(time.Now()), userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		_, err = tx.ExecContext(ctx, "DELETE FROM sessions WHERE user_id = $1", userID)
		return err
	})
}

func setUserRoles(ctx context.Context, tx *sql.Tx, userID int64, roleIDs []int64) error {
	for _, r := range roleIDs {
		if _, err := tx.ExecContext(ctx, "INSERT INTO user_roles (user_id, role_id) VALUES ($1, $2)", userID, r); err != nil {
			return err
		}
	}
	return nil
}

// Actor loads what access decisions need to know of a user.
func (s *Store) Actor(ctx context.Context, userID int64) (*acl.Actor, error) {
	u := model.User{ID: userID}
	err := s.DB.QueryRowContext(ctx, "SELECT organization_id, business_unit_id, enabled FROM users WHERE id = $1", userID).
		Scan(&u.OrganizationID, &u.BusinessUnitID, &u.Enabled)
	if err != nil {
		return nil, notFound(err, "load actor")
	}
	list := []model.User{u}
	if err := s.fillRoles(ctx, list); err != nil {
		return nil, err
	}
	return s.ActorOf(ctx, &list[0])
}

// ActorOf is Actor for a user already loaded with their roles: it reads
// only the organization's units and the roles' permissions.
func (s *Store) ActorOf(ctx context.Context, u *model.User) (*acl.Actor, error) {
	a := &acl.Actor{UserID: u.ID, OrganizationID: u.OrganizationID, BusinessUnitID: u.BusinessUnitID, Enabled: u.Enabled}
	parents, err := s.UnitParents(ctx, a.OrganizationID)
	if err != nil {
		return nil, err
	}
	a.DivisionUnitIDs = acl.Descendants(a.BusinessUnitID, parents)
	a.Permissions, err = s.rolePermissions(ctx, s.DB, u.RoleIDs)
	return a, err
}
