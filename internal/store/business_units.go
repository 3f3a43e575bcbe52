package store

import (
	"context"
	"database/sql"
	"time"

	"magecrm/internal/model"
)

// ErrUnitNotEmpty means a business unit still has users or child units.
var ErrUnitNotEmpty = Refusal("the business unit still has users or units below it; move them first")

// ErrUnitCycle means a unit would be moved below itself.
var ErrUnitCycle = Refusal("a business unit cannot be moved below itself or one of its own units")

// BusinessUnits returns the organization's units in tree order (each unit
// followed by its children, by name), with Depth set.
func (s *Store) BusinessUnits(ctx context.Context, orgID int64) ([]model.BusinessUnit, error) {
	rows, err := s.DB.QueryContext(ctx, "SELECT id, organization_id, COALESCE(parent_id, 0), name, created_at FROM business_units WHERE organization_id = $1 ORDER BY lower(name), id", orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	children := map[int64][]model.BusinessUnit{}
	for rows.Next() {
		var u model.BusinessUnit
		var created int64
		if err := rows.Scan(&u.ID, &u.OrganizationID, &u.ParentID, &u.Name, &created); err != nil {
			return nil, err
		}
		u.CreatedAt = fromMillis(created)
		children[u.ParentID] = append(children[u.ParentID], u)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []model.BusinessUnit
	var walk func(parent int64, depth int)
	walk = func(parent int64, depth int) {
		for _, u := range children[parent] {
			u.Depth = depth
			out = append(out, u)
			walk(u.ID, depth+1)
		}
	}
	walk(0, 0)
	return out, nil
}

// UnitParents maps every unit of the organization to its parent (0 for a root).
func (s *Store) UnitParents(ctx context.Context, orgID int64) (map[int64]int64, error) {
	return unitParents(ctx, s.DB, orgID)
}

func unitParents(ctx context.Context, q querier, orgID int64) (map[int64]int64, error) {
	rows, err := q.QueryContext(ctx, "SELECT id, COALESCE(parent_id, 0) FROM business_units WHERE organization_id = $1", orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	parents := map[int64]int64{}
	for rows.Next() {
		var id, p int64
		if err := rows.Scan(&id, &p); err != nil {
			return nil, err
		}
		parents[id] = p
	}
	return parents, rows.Err()
}

// BusinessUnit returns one unit of the organization.
func (s *Store) BusinessUnit(ctx context.Context, orgID, id int64) (*model.BusinessUnit, error) {
	var u model.BusinessUnit
	var created, updated int64
	err := s.DB.QueryRowContext(ctx, "SELECT id, organization_id, COALESCE(parent_id, 0), name, created_at, updated_at FROM business_units WHERE organization_id = $1 AND id = $2", orgID, id).
		Scan(&u.ID, &u.OrganizationID, &u.ParentID, &u.Name, &created, &updated)
	if err != nil {
		return nil, notFound(err, "load business unit")
	}
	u.CreatedAt, u.UpdatedAt = fromMillis(created), fromMillis(updated)
	return &u, nil
}

// CreateBusinessUnit adds a unit below parentID.
func (s *Store) CreateBusinessUnit(ctx context.Context, orgID, parentID int64, name string) (int64, error) {
	if _, err := s.BusinessUnit(ctx, orgID, parentID); err != nil {
		return 0, err
	}
	var id int64
	err := s.DB.QueryRowContext(ctx, "INSERT INTO business_units (organization_id, parent_id, name, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id",
		orgID, parentID, name, millis(time.Now())).Scan(&id)
	return id, err
}

// UpdateBusinessUnit renames a unit and moves it below parentID (0 keeps a
// root unit a root), as version next of the unit read at version prev:
// the version is compared in the UPDATE, so a change saved meanwhile makes
// this one ErrStale. Moving a unit below itself or its own descendants is
// refused with ErrUnitCycle.
func (s *Store) UpdateBusinessUnit(ctx context.Context, orgID, id, parentID int64, name string, prev, next time.Time) error {
	return s.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockTree(ctx, tx, "business units", orgID); err != nil {
			return err
		}
		parents, err := unitParents(ctx, tx, orgID)
		if err != nil {
			return err
		}
		if err := checkUnitMove(parents, id, parentID); err != nil {
			return err
		}
		var parent any
		if parentID != 0 {
			parent = parentID
		}
		res, err := tx.ExecContext(ctx, "UPDATE business_units SET name = $1, parent_id = $2, updated_at = $3 WHERE organization_id = $4 AND id = $5 AND updated_at = $6",
			name, parent, millis(next), orgID, id, millis(prev))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrStale
		}
		return nil
	})
}

// checkUnitMove refuses to move unit id below parentID when either is not
// one of parents' units, when id is the top unit, or when parentID is id
// or one of its own units.
func checkUnitMove(parents map[int64]int64, id, parentID int64) error {
	if _, ok := parents[id]; !ok {
		return ErrNotFound
	}
	if parents[id] == 0 && parentID != 0 {
		return Refusal("the top business unit cannot be moved")
	}
	if parentID == 0 {
		return nil
	}
	if _, ok := parents[parentID]; !ok {
		return ErrNotFound
	}
	for p := parentID; p != 0; p = parents[p] {
		if p == id {
			return ErrUnitCycle
		}
	}
	return nil
}

// DeleteBusinessUnit removes a unit that has no users and no child units.
func (s *Store) DeleteBusinessUnit(ctx context.Context, orgID, id int64) error {
	u, err := s.BusinessUnit(ctx, orgID, id)
	if err != nil {
		return err
	}
	if u.ParentID == 0 {
		return Refusal("the top business unit cannot be deleted")
	}
	var n int
	err = s.DB.QueryRowContext(ctx, "SELECT (SELECT COUNT(*) FROM users WHERE business_unit_id = $1) + (SELECT COUNT(*) FROM business_units WHERE parent_id = $1)", id).Scan(&n)
	if err != nil {
		return err
	}
	if n > 0 {
		return ErrUnitNotEmpty
	}
	_, err = s.DB.ExecContext(ctx, "DELETE FROM business_units WHERE organization_id = $1 AND id = $2", orgID, id)
	return err
}
