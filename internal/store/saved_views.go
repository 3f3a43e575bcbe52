package store

import (
	"context"
	"fmt"
	"time"
)

// SavedView is a named view of a grid: filters, sort and page size as URL
// parameters, and the columns shown. Shared views are seen by everyone in
// the owner's business unit.
type SavedView struct {
	ID, OrganizationID, OwnerUserID int64
	Grid, Name                      string
	Query                           string // URL-encoded parameters
	Columns                         string // comma-separated column keys
	Shared                          bool
	CreatedAt                       time.Time
	OwnerName                       string // filled by reads
}

const savedViewColumns = `v.id, v.organization_id, v.owner_user_id, v.grid, v.name, v.query, v.columns, v.shared, v.created_at, ` + "COALESCE(NULLIF(trim(u.first_name || ' ' || u.last_name), ''), u.username)"

// savedViewsFor is the condition of the views a user sees: their own and
// those shared in their business unit.
const savedViewsFor = `v.grid = $1 AND v.organization_id = $2 AND (v.owner_user_id = $3 OR (v.shared AND u.business_unit_id = $4))`

func scanSavedView(sc interface{ Scan(...any) error }) (*SavedView, error) {
	var v SavedView
	var created int64
	if err := sc.Scan(&v.ID, &v.OrganizationID, &v.OwnerUserID, &v.Grid, &v.Name, &v.Query, &v.Columns, &v.Shared, &created, &v.OwnerName); err != nil {
		return nil, err
	}
	v.CreatedAt = fromMillis(created)
	return &v, nil
}

// ViewReader says whose views to read: the user, their organization and
// business unit.
type ViewReader struct {
	UserID, OrganizationID, BusinessUnitID int64
}

// SavedViews lists the views of a grid the user sees, by name.
func (s *Store) SavedViews(ctx context.Context, grid string, r ViewReader) ([]SavedView, error) {
	rows, err := s.DB.QueryContext(ctx, "SELECT "+savedViewColumns+" FROM saved_views v JOIN users u ON u.id = v.owner_user_id WHERE "+
		savedViewsFor+" ORDER BY lower(v.name), v.id", grid, r.OrganizationID, r.UserID, r.BusinessUnitID)
	if err != nil {
		return nil, fmt.Errorf("list saved views: %w", err)
	}
	defer rows.Close()
	var out []SavedView
	for rows.Next() {
		v, err := scanSavedView(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *v)
	}
	return out, rows.Err()
}

// SavedView returns one view the user sees, or ErrNotFound.
func (s *Store) SavedView(ctx context.Context, grid string, r ViewReader, id int64) (*SavedView, error) {
	v, err := scanSavedView(s.DB.QueryRowContext(ctx, "SELECT "+savedViewColumns+" FROM saved_views v JOIN users u ON u.id = v.owner_user_id WHERE "+
		savedViewsFor+" AND v.id = $5", grid, r.OrganizationID, r.UserID, r.BusinessUnitID, id))
	if err != nil {
		return nil, notFound(err, "load saved view")
	}
	return v, nil
}

// CreateSavedView saves a new view and sets v.ID; a name the owner already
// gave a view of this grid is ErrDuplicate.
func (s *Store) CreateSavedView(ctx context.Context, v *SavedView) error {
	err := s.DB.QueryRowContext(ctx, `INSERT INTO saved_views (organization_id, owner_user_id, grid, name, query, columns, shared, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		v.OrganizationID, v.OwnerUserID, v.Grid, v.Name, v.Query, v.Columns, v.Shared, millis(v.CreatedAt)).Scan(&v.ID)
	if isUniqueViolation(err) {
		return ErrDuplicate
	}
	if err != nil {
		return fmt.Errorf("save view: %w", err)
	}
	return nil
}

// DeleteSavedView deletes one of the owner's views; another's is ErrNotFound.
func (s *Store) DeleteSavedView(ctx context.Context, ownerID, id int64) error {
	res, err := s.DB.ExecContext(ctx, "DELETE FROM saved_views WHERE id = $1 AND owner_user_id = $2", id, ownerID)
	if err != nil {
		return fmt.Errorf("delete saved view: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}
