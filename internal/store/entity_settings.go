package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"magecrm/internal/model"
)

// EntityKinds returns which activity kinds an entity offers in an
// organization; every kind is on until an administrator changes it.
func (s *Store) EntityKinds(ctx context.Context, orgID int64, entity string) (model.EntityKinds, error) {
	var kinds string
	err := s.DB.QueryRowContext(ctx, "SELECT kinds FROM entity_settings WHERE organization_id = $1 AND entity = $2",
		orgID, entity).Scan(&kinds)
	if errors.Is(err, sql.ErrNoRows) {
		return model.AllKinds(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("load entity settings: %w", err)
	}
	out := model.EntityKinds{}
	for _, k := range strings.Split(kinds, ",") {
		if kind := model.ActivityKind(k); kind.Valid() {
			out[kind] = true
		}
	}
	return out, nil
}

// SetEntityKinds saves which activity kinds an entity offers.
func (s *Store) SetEntityKinds(ctx context.Context, orgID int64, entity string, kinds model.EntityKinds) error {
	var list []string
	for _, k := range kinds.List() {
		list = append(list, string(k))
	}
	_, err := s.DB.ExecContext(ctx, `INSERT INTO entity_settings (organization_id, entity, kinds) VALUES ($1, $2, $3)
		ON CONFLICT (organization_id, entity) DO UPDATE SET kinds = excluded.kinds`, orgID, entity, strings.Join(list, ","))
	if err != nil {
		return fmt.Errorf("save entity settings: %w", err)
	}
	return nil
}
