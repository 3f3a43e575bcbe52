package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"magecrm/internal/model"
)

// TimelineQuery is one page of a record's activity timeline, newest first.
type TimelineQuery struct {
	// Scope is the actor's activity scope; the caller has checked that the
	// record itself is visible to them.
	Scope    ActivityScope
	Entity   string
	EntityID int64
	Kind     model.ActivityKind // "" for every kind
	// From and To bound the activity's time (From included, To excluded);
	// zero means open.
	From, To time.Time
	// Before, when set, starts the page after this activity (keyset
	// paging: every page is a short walk of the index).
	Before *TimelineCursor
	Limit  int
}

// TimelineCursor is a place in a timeline: an activity's time and id.
type TimelineCursor struct {
	At time.Time
	ID int64
}

// Timeline returns a page of the activities about a record and, when more
// follow, the cursor of the next page. The page's ids are found first by walking the record's
// targets in time order (activity_targets_timeline), then read whole.
func (s *Store) Timeline(ctx context.Context, q TimelineQuery) ([]model.Activity, *TimelineCursor, error) {
	conds := []string{"t.entity = $1", "t.entity_id = $2", q.Scope.activityCondition(s.DB.Dialect)}
	args := []any{q.Entity, q.EntityID}
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if q.Kind != "" {
		conds = append(conds, "t.kind = "+arg(string(q.Kind)))
	}
	if !q.From.IsZero() {
		conds = append(conds, "t.occurred_at >= "+arg(millis(q.From)))
	}
	if !q.To.IsZero() {
		conds = append(conds, "t.occurred_at < "+arg(millis(q.To)))
	}
	if b := q.Before; b != nil {
		at := arg(millis(b.At))
		conds = append(conds, "(t.occurred_at < "+at+" OR (t.occurred_at = "+at+" AND t.activity_id < "+arg(b.ID)+"))")
	}
	limit := pageLimit(q.Limit)
	ids, err := s.ids(ctx, fmt.Sprintf(`SELECT act.id FROM activity_targets t JOIN activities act ON act.id = t.activity_id
		WHERE %s ORDER BY t.occurred_at DESC, t.activity_id DESC LIMIT %d`, strings.Join(conds, " AND "), limit+1), args...)
	if err != nil {
		return nil, nil, fmt.Errorf("timeline: %w", err)
	}
	more := len(ids) > limit
	if more {
		ids = ids[:limit]
	}
	acts, err := s.activitiesByID(ctx, ids, true)
	if err != nil || !more || len(acts) == 0 {
		return acts, nil, err
	}
	last := acts[len(acts)-1]
	return acts, &TimelineCursor{At: last.OccurredAt, ID: last.ID}, nil
}

// ids runs a query of one id column.
func (s *Store) ids(ctx context.Context, query string, args ...any) ([]any, error) {
	rows, err := s.DB.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []any
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// activitiesByID reads activities whole, in the order of ids.
func (s *Store) activitiesByID(ctx context.Context, ids []any, targets bool) ([]model.Activity, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err := s.DB.QueryContext(ctx, "SELECT "+activityColumns+activityFrom+
		" WHERE act.id IN ("+placeholders(1, len(ids))+")", ids...)
	if err != nil {
		return nil, fmt.Errorf("load activities: %w", err)
	}
	byID := map[int64]*model.Activity{}
	for rows.Next() {
		a, err := scanActivity(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		byID[a.ID] = a
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	list := make([]*model.Activity, 0, len(ids))
	for _, id := range ids {
		if a, ok := byID[id.(int64)]; ok {
			list = append(list, a)
		}
	}
	if err := s.loadActivityParts(ctx, list, targets); err != nil {
		return nil, err
	}
	out := make([]model.Activity, len(list))
	for i, a := range list {
		out[i] = *a
	}
	return out, nil
}

// openTasksOf is the condition for the open tasks a user is assigned.
const openTasksOf = "act.owner_user_id = $1 AND act.kind = 'task' AND act.status IN ('open', 'in_progress')"

// OpenTasks returns the open tasks assigned to a user that are in scope:
// overdue and soonest due first, tasks without a due time last. Each part
// walks the user's tasks in due order (activities_owner_due) and stops
// when the page is full.
func (s *Store) OpenTasks(ctx context.Context, scope ActivityScope, userID int64, limit int) ([]model.Activity, error) {
	limit = pageLimit(limit)
	ids, err := s.ids(ctx, fmt.Sprintf(`SELECT act.id FROM activities act WHERE %s AND act.due_at > 0 AND %s
		ORDER BY act.due_at, act.id LIMIT %d`, openTasksOf, scope.condition(s.DB.Dialect), limit), userID)
	if err != nil {
		return nil, fmt.Errorf("list open tasks: %w", err)
	}
	if len(ids) < limit {
		undated, err := s.ids(ctx, fmt.Sprintf(`SELECT act.id FROM activities act WHERE %s AND act.due_at = 0 AND %s
			ORDER BY act.id LIMIT %d`, openTasksOf, scope.condition(s.DB.Dialect), limit-len(ids)), userID)
		if err != nil {
			return nil, fmt.Errorf("list open tasks: %w", err)
		}
		ids = append(ids, undated...)
	}
	return s.activitiesByID(ctx, ids, true)
}

// CountOpenTasks counts the open tasks assigned to a user that are in
// scope, up to most (the navigation shows "99+" beyond).
func (s *Store) CountOpenTasks(ctx context.Context, scope ActivityScope, userID int64, most int) (int, error) {
	var n int
	err := s.DB.QueryRowContext(ctx, fmt.Sprintf("SELECT COUNT(*) FROM (SELECT 1 FROM activities act WHERE %s AND %s LIMIT %d) open_tasks",
		openTasksOf, scope.condition(s.DB.Dialect), most), userID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count open tasks: %w", err)
	}
	return n, nil
}

// UpcomingEvents returns the calendar events in scope that a user owns or
// attends and that have not ended before from, starting before to.
func (s *Store) UpcomingEvents(ctx context.Context, scope ActivityScope, userID int64, from, to time.Time, limit int) ([]model.Activity, error) {
	ids, err := s.ids(ctx, fmt.Sprintf(`SELECT act.id FROM activities act WHERE act.kind = 'event'
		AND act.occurred_at < $2 AND (act.ends_at >= $3 OR act.occurred_at >= $3)
		AND (act.owner_user_id = $1 OR EXISTS (SELECT 1 FROM activity_attendees aa WHERE aa.activity_id = act.id AND aa.user_id = $1))
		AND %s ORDER BY act.occurred_at, act.id LIMIT %d`, scope.condition(s.DB.Dialect), pageLimit(limit)),
		userID, millis(to), millis(from))
	if err != nil {
		return nil, fmt.Errorf("list events: %w", err)
	}
	return s.activitiesByID(ctx, ids, true)
}

// refreshSummary recomputes a record's activity summary inside tx.
func refreshSummary(ctx context.Context, q querier, entity string, id int64) error {
	_, err := q.ExecContext(ctx, `INSERT INTO activity_summaries (entity, entity_id, last_activity_at, open_tasks)
		SELECT CAST($1 AS TEXT), CAST($2 AS BIGINT), COALESCE(MAX(a.created_at), 0),
			COALESCE(SUM(CASE WHEN a.kind = 'task' AND a.status <> 'done' THEN 1 ELSE 0 END), 0)
		FROM activity_targets t JOIN activities a ON a.id = t.activity_id
		WHERE t.entity = CAST($1 AS TEXT) AND t.entity_id = CAST($2 AS BIGINT)
		ON CONFLICT (entity, entity_id) DO UPDATE SET last_activity_at = excluded.last_activity_at,
			open_tasks = excluded.open_tasks`, entity, id)
	if err != nil {
		return fmt.Errorf("refresh activity summary of %s %d: %w", entity, id, err)
	}
	return nil
}

// ActivitySummaries returns the summaries of records of one entity, by id;
// records without activities are missing from the map.
func (s *Store) ActivitySummaries(ctx context.Context, entity string, ids []int64) (map[int64]model.ActivitySummary, error) {
	out := map[int64]model.ActivitySummary{}
	if len(ids) == 0 {
		return out, nil
	}
	args := []any{entity}
	for _, id := range ids {
		args = append(args, id)
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT entity_id, last_activity_at, open_tasks FROM activity_summaries
		WHERE entity = $1 AND entity_id IN (`+placeholders(2, len(ids))+")", args...)
	if err != nil {
		return nil, fmt.Errorf("load activity summaries: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, last int64
		var sum model.ActivitySummary
		if err := rows.Scan(&id, &last, &sum.OpenTasks); err != nil {
			return nil, err
		}
		sum.LastActivityAt = fromMillis(last)
		out[id] = sum
	}
	return out, rows.Err()
}
