package store

import (
	"context"
	"fmt"
	"time"
)

// RecentView is a record a person opened, with its name as they may see it.
type RecentView struct {
	Entity   string // CustomerEntity, ContactEntity or AccountEntity
	EntityID int64
	Name     string
	ViewedAt time.Time
}

// recentViewsKept is how many records each person's list keeps.
const recentViewsKept = 20

// RecordView notes that a person opened a record, and forgets the oldest
// beyond the number each person's list keeps.
func (s *Store) RecordView(ctx context.Context, userID int64, entity string, id int64, at time.Time) error {
	_, err := s.DB.ExecContext(ctx, `INSERT INTO recent_views (user_id, entity, entity_id, viewed_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (user_id, entity, entity_id) DO UPDATE SET viewed_at = excluded.viewed_at`, userID, entity, id, millis(at))
	if err != nil {
		return fmt.Errorf("record view: %w", err)
	}
	_, err = s.DB.ExecContext(ctx, `DELETE FROM recent_views WHERE user_id = $1 AND viewed_at < (
		SELECT MIN(viewed_at) FROM (SELECT viewed_at FROM recent_views WHERE user_id = $1 ORDER BY viewed_at DESC LIMIT $2) newest)`,
		userID, recentViewsKept)
	if err != nil {
		return fmt.Errorf("trim recent views: %w", err)
	}
	return nil
}

// RecentViews returns the records the person opened last, newest first,
// only those still within scope (and still there).
func (s *Store) RecentViews(ctx context.Context, userID int64, scope CustomerScope, limit int) ([]RecentView, error) {
	q := `SELECT v.entity, v.entity_id, v.viewed_at, name FROM (
		SELECT v.entity, v.entity_id, v.viewed_at, COALESCE(NULLIF(trim(c.first_name || ' ' || c.last_name), ''), c.email) AS name
			FROM recent_views v JOIN magento_customers c ON c.id = v.entity_id
			WHERE v.user_id = $1 AND v.entity = '` + CustomerEntity + `' AND ` + customerScope.where(scope.Customers, s.DB.Dialect) + `
		UNION ALL
		SELECT v.entity, v.entity_id, v.viewed_at, COALESCE(NULLIF(trim(ct.first_name || ' ' || ct.last_name), ''), ct.email)
			FROM recent_views v JOIN contacts ct ON ct.id = v.entity_id
			WHERE v.user_id = $1 AND v.entity = '` + ContactEntity + `' AND ` + contactScope.where(scope.Contacts, s.DB.Dialect) + `
		UNION ALL
		SELECT v.entity, v.entity_id, v.viewed_at, a.name
			FROM recent_views v JOIN accounts a ON a.id = v.entity_id
			WHERE v.user_id = $1 AND v.entity = '` + AccountEntity + `' AND ` + accountScope.where(scope.Accounts, s.DB.Dialect) + `
		) v ORDER BY v.viewed_at DESC, v.entity, v.entity_id LIMIT $2`
	rows, err := s.DB.QueryContext(ctx, q, userID, limit)
	if err != nil {
		return nil, fmt.Errorf("list recent views: %w", err)
	}
	defer rows.Close()
	var out []RecentView
	for rows.Next() {
		var r RecentView
		var at int64
		if err := rows.Scan(&r.Entity, &r.EntityID, &at, &r.Name); err != nil {
			return nil, err
		}
		r.ViewedAt = fromMillis(at)
		out = append(out, r)
	}
	return out, rows.Err()
}
