package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"magecrm/internal/model"
)

// ActivityComments returns the comments on an activity, oldest first.
func (s *Store) ActivityComments(ctx context.Context, activityID int64) ([]model.ActivityComment, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT cm.id, cm.activity_id, COALESCE(cm.author_user_id, 0), cm.body, cm.created_at,
		cm.updated_at, COALESCE(`+userName("u")+`, '')
		FROM activity_comments cm LEFT JOIN users u ON u.id = cm.author_user_id
		WHERE cm.activity_id = $1 ORDER BY cm.id`, activityID)
	if err != nil {
		return nil, fmt.Errorf("load comments: %w", err)
	}
	defer rows.Close()
	var out []model.ActivityComment
	for rows.Next() {
		c, err := scanComment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *c)
	}
	return out, rows.Err()
}

func scanComment(sc interface{ Scan(...any) error }) (*model.ActivityComment, error) {
	var c model.ActivityComment
	var created, updated int64
	if err := sc.Scan(&c.ID, &c.ActivityID, &c.AuthorUserID, &c.Body, &created, &updated, &c.AuthorName); err != nil {
		return nil, err
	}
	c.CreatedAt, c.UpdatedAt = fromMillis(created), fromMillis(updated)
	return &c, nil
}

// ActivityComment returns one comment of an activity.
func (s *Store) ActivityComment(ctx context.Context, activityID, id int64) (*model.ActivityComment, error) {
	c, err := scanComment(s.DB.QueryRowContext(ctx, `SELECT cm.id, cm.activity_id, COALESCE(cm.author_user_id, 0), cm.body,
		cm.created_at, cm.updated_at, COALESCE(`+userName("u")+`, '')
		FROM activity_comments cm LEFT JOIN users u ON u.id = cm.author_user_id
		WHERE cm.id = $1 AND cm.activity_id = $2`, id, activityID))
	if err != nil {
		return nil, notFound(err, "load comment")
	}
	return c, nil
}

// AddActivityComment saves a comment and a history entry on each record
// the activity is about.
func (s *Store) AddActivityComment(ctx context.Context, a *model.Activity, c *model.ActivityComment) error {
	c.CreatedAt = c.CreatedAt.UTC()
	c.UpdatedAt = c.CreatedAt
	return s.Tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO activity_comments (activity_id, author_user_id, body, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $4) RETURNING id`, a.ID, optionalID(c.AuthorUserID), c.Body, millis(c.CreatedAt)).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("add comment: %w", err)
		}
		return auditTargets(ctx, tx, a, c.AuthorUserID, "commented on "+auditKind(a),
			map[string][2]string{"comment": {"", c.Body}}, c.CreatedAt)
	})
}

// DeleteActivityComment removes a comment, with a history entry.
func (s *Store) DeleteActivityComment(ctx context.Context, a *model.Activity, c *model.ActivityComment, actorID int64, at time.Time) error {
	return s.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM activity_comments WHERE id = $1 AND activity_id = $2", c.ID, a.ID); err != nil {
			return fmt.Errorf("delete comment %d: %w", c.ID, err)
		}
		return auditTargets(ctx, tx, a, actorID, "deleted a comment on "+auditKind(a),
			map[string][2]string{"comment": {c.Body, ""}}, at)
	})
}
