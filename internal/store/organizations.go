package store

import (
	"context"
	"database/sql"
	"time"

	"magecrm/internal/acl"
)

// Bootstrap makes sure the default organization, its root business unit
// and the built-in roles exist, each made at version now. It returns the
// organization's id and root unit id. It is idempotent.
func (s *Store) Bootstrap(ctx context.Context, orgName string) (orgID, rootUnitID int64, err error) {
	err = s.Tx(ctx, func(tx *sql.Tx) error {
		now := millis(time.Now())
		err := tx.QueryRowContext(ctx, "SELECT id FROM organizations ORDER BY id LIMIT 1").Scan(&orgID)
		if err == sql.ErrNoRows {
			err = tx.QueryRowContext(ctx, "INSERT INTO organizations (name, created_at) VALUES ($1, $2) RETURNING id", orgName, now).Scan(&orgID)
		}
		if err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, "SELECT id FROM business_units WHERE organization_id = $1 AND parent_id IS NULL ORDER BY id LIMIT 1", orgID).Scan(&rootUnitID)
		if err == sql.ErrNoRows {
			err = tx.QueryRowContext(ctx, "INSERT INTO business_units (organization_id, name, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id", orgID, orgName, now).Scan(&rootUnitID)
		}
		if err != nil {
			return err
		}
		for name, perms := range acl.SeedRoles() {
			var id int64
			err := tx.QueryRowContext(ctx, "SELECT id FROM roles WHERE organization_id = $1 AND name = $2", orgID, name).Scan(&id)
			if err == nil {
				continue
			}
			if err != sql.ErrNoRows {
				return err
			}
			if err := tx.QueryRowContext(ctx, "INSERT INTO roles (organization_id, name, builtin, updated_at) VALUES ($1, $2, TRUE, $3) RETURNING id", orgID, name, now).Scan(&id); err != nil {
				return err
			}
			if err := writePermissions(ctx, tx, id, perms); err != nil {
				return err
			}
		}
		return nil
	})
	return orgID, rootUnitID, err
}
