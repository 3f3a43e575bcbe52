package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"magecrm/internal/acl"
	"magecrm/internal/db"
	"magecrm/internal/model"
)

// ActivityScope is what the actor may see of activities: their scope on
// activities and, per target entity, their view scope on its records. An
// activity is visible only when it is in Activity's scope and at least one
// record it is about is in its entity's scope.
type ActivityScope struct {
	Activity acl.Scope
	Targets  map[string]acl.Scope
}

// activityScopeColumns are the scope columns of activities ("act").
var activityScopeColumns = scopeColumns{owner: "act.owner_user_id", organization: "act.organization_id"}

// targetTables are the tables of the records activities are about, with
// the alias their scope columns are written on.
var targetTables = map[string]struct {
	table, alias string
	cols         scopeColumns
}{
	model.TargetCustomer: {"magento_customers", "c", customerScope},
	model.TargetContact:  {"contacts", "ct", contactScope},
	model.TargetAccount:  {"accounts", "a", accountScope},
}

// activityCondition returns the activity part of the scope on "act" alone.
func (sc ActivityScope) activityCondition(d db.Dialect) string {
	return activityScopeColumns.where(sc.Activity, d)
}

// condition returns the SQL condition of the whole scope on "act".
func (sc ActivityScope) condition(d db.Dialect) string {
	if sc.Activity.Level == acl.None {
		return "(1 = 0)"
	}
	var ors []string
	for _, e := range model.TargetEntities {
		s := sc.Targets[e]
		if s.Level == acl.None {
			continue
		}
		t := targetTables[e]
		ors = append(ors, fmt.Sprintf("(vt.entity = '%s' AND EXISTS (SELECT 1 FROM %s %s WHERE %s.id = vt.entity_id AND %s))",
			e, t.table, t.alias, t.alias, t.cols.where(s, d)))
	}
	if len(ors) == 0 {
		return "(1 = 0)"
	}
	return "(" + sc.activityCondition(d) + " AND EXISTS (SELECT 1 FROM activity_targets vt WHERE vt.activity_id = act.id AND (" +
		strings.Join(ors, " OR ") + ")))"
}

var activityColumns = `act.id, act.organization_id, act.owner_user_id, COALESCE(act.created_by_user_id, 0), act.kind,
	act.subject, act.body, act.occurred_at, act.phone, act.direction, act.duration_seconds, act.due_at, act.priority,
	act.status, act.remind_at, act.ends_at, act.all_day, act.place, act.email_from, act.email_to, act.email_state,
	act.email_error, act.email_attempts, act.email_next_at, act.email_sent_at, act.created_at, act.updated_at,
	` + userName("ou") + `, COALESCE(` + userName("cu") + `, ''),
	(SELECT COUNT(*) FROM activity_comments cm WHERE cm.activity_id = act.id)`

const activityFrom = ` FROM activities act
	JOIN users ou ON ou.id = act.owner_user_id
	LEFT JOIN users cu ON cu.id = act.created_by_user_id`

func scanActivity(sc interface{ Scan(...any) error }) (*model.Activity, error) {
	var a model.Activity
	var occurred, due, remind, ends, next, sent, created, updated, duration int64
	err := sc.Scan(&a.ID, &a.OrganizationID, &a.OwnerUserID, &a.CreatedByUserID, &a.Kind, &a.Subject, &a.Body, &occurred,
		&a.Phone, &a.Direction, &duration, &due, &a.Priority, &a.Status, &remind, &ends, &a.AllDay, &a.Place, &a.EmailFrom,
		&a.EmailTo, &a.EmailState, &a.EmailError, &a.EmailAttempts, &next, &sent, &created, &updated, &a.OwnerName,
		&a.CreatedByName, &a.CommentCount)
	if err != nil {
		return nil, err
	}
	a.OccurredAt, a.DueAt, a.RemindAt, a.EndsAt = fromMillis(occurred), fromMillis(due), fromMillis(remind), fromMillis(ends)
	a.EmailNextAt, a.EmailSentAt = fromMillis(next), fromMillis(sent)
	a.CreatedAt, a.UpdatedAt = fromMillis(created), fromMillis(updated)
	a.Duration = time.Duration(duration) * time.Second
	return &a, nil
}

// Activity returns one activity inside scope, with its records, attendees
// and attachment.
func (s *Store) Activity(ctx context.Context, scope ActivityScope, id int64) (*model.Activity, error) {
	a, err := scanActivity(s.DB.QueryRowContext(ctx, "SELECT "+activityColumns+activityFrom+
		" WHERE act.id = $1 AND "+scope.condition(s.DB.Dialect), id))
	if err != nil {
		return nil, notFound(err, "load activity")
	}
	if err := s.loadActivityParts(ctx, []*model.Activity{a}, true); err != nil {
		return nil, err
	}
	return a, nil
}

// ActivityChange is one person's change of an activity.
type ActivityChange struct {
	Activity *model.Activity
	ActorID  int64
	At       time.Time
}

// auditKind names the activity's kind in history entries.
func auditKind(a *model.Activity) string { return strings.ToLower(a.Kind.Label()) }

// CreateActivity saves a new activity with its records and attendees, the
// records' summaries and history entries, in one transaction.
func (s *Store) CreateActivity(ctx context.Context, ch ActivityChange) error {
	return s.Tx(ctx, func(tx *sql.Tx) error { return insertActivity(ctx, tx, ch) })
}

func insertActivity(ctx context.Context, tx *sql.Tx, ch ActivityChange) error {
	a := ch.Activity
	a.CreatedAt, a.UpdatedAt = ch.At, ch.At
	if a.OccurredAt.IsZero() {
		a.OccurredAt = ch.At
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO activities (organization_id, owner_user_id, created_by_user_id, kind,
		subject, body, occurred_at, phone, direction, duration_seconds, due_at, priority, status, remind_at, ends_at,
		all_day, place, email_from, email_to, email_state, email_next_at, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $22)
		RETURNING id`,
		a.OrganizationID, a.OwnerUserID, optionalID(a.CreatedByUserID), string(a.Kind), a.Subject, a.Body,
		millis(a.OccurredAt), a.Phone, a.Direction, int64(a.Duration/time.Second), millis(a.DueAt), a.Priority, a.Status,
		millis(a.RemindAt), millis(a.EndsAt), a.AllDay, a.Place, a.EmailFrom, a.EmailTo, a.EmailState,
		millis(a.EmailNextAt), millis(ch.At)).Scan(&a.ID)
	if err != nil {
		return fmt.Errorf("insert activity: %w", err)
	}
	for i, t := range a.Targets {
		if _, err := tx.ExecContext(ctx, `INSERT INTO activity_targets (activity_id, entity, entity_id, position, kind, occurred_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, a.ID, t.Entity, t.EntityID, i, string(a.Kind), millis(a.OccurredAt)); err != nil {
			return fmt.Errorf("attach activity: %w", err)
		}
	}
	if err := replaceAttendees(ctx, tx, a); err != nil {
		return err
	}
	if a.Attachment != nil {
		if err := insertAttachment(ctx, tx, a); err != nil {
			return err
		}
	}
	if err := queueWebhookEvent(ctx, tx, a.OrganizationID, model.EventActivityCreated, activityEvent(a), ch.At); err != nil {
		return err
	}
	return recordActivityChange(ctx, tx, a, ch, "added "+auditKind(a), [2]string{"", a.Title()})
}

// UpdateActivity saves a person's change of an activity's fields and
// attendees (its records stay), with summaries and history. It saves only
// while the activity's last change time is still old's (compared in the
// UPDATE), else it is ErrStale and nothing is saved.
func (s *Store) UpdateActivity(ctx context.Context, old *model.Activity, ch ActivityChange) error {
	a := ch.Activity
	a.UpdatedAt = ch.At
	return s.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE activities SET owner_user_id = $1, subject = $2, body = $3, occurred_at = $4,
			phone = $5, direction = $6, duration_seconds = $7, due_at = $8, priority = $9, status = $10, remind_at = $11,
			ends_at = $12, all_day = $13, place = $14, updated_at = $15 WHERE id = $16 AND organization_id = $17 AND updated_at = $18`,
			a.OwnerUserID, a.Subject, a.Body, millis(a.OccurredAt), a.Phone, a.Direction, int64(a.Duration/time.Second),
			millis(a.DueAt), a.Priority, a.Status, millis(a.RemindAt), millis(a.EndsAt), a.AllDay, a.Place, millis(ch.At),
			a.ID, a.OrganizationID, millis(old.UpdatedAt))
		if err != nil {
			return fmt.Errorf("update activity %d: %w", a.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrStale
		}
		if _, err := tx.ExecContext(ctx, "UPDATE activity_targets SET occurred_at = $1 WHERE activity_id = $2",
			millis(a.OccurredAt), a.ID); err != nil {
			return fmt.Errorf("update activity %d: %w", a.ID, err)
		}
		if err := replaceAttendees(ctx, tx, a); err != nil {
			return err
		}
		return recordActivityChange(ctx, tx, a, ch, "edited "+auditKind(a), [2]string{old.Title(), a.Title()})
	})
}

// DeleteActivity removes an activity with its comments and attachment
// rows, and returns the storage names of its files for the caller to
// remove once the deletion is committed.
func (s *Store) DeleteActivity(ctx context.Context, ch ActivityChange) ([]string, error) {
	a := ch.Activity
	var files []string
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if files, err = queryStrings(ctx, tx, "SELECT storage_name FROM attachments WHERE activity_id = $1", a.ID); err != nil {
			return fmt.Errorf("list attachment files: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM activities WHERE id = $1 AND organization_id = $2", a.ID, a.OrganizationID); err != nil {
			return fmt.Errorf("delete activity %d: %w", a.ID, err)
		}
		return recordActivityChange(ctx, tx, a, ch, "deleted "+auditKind(a), [2]string{a.Title(), ""})
	})
	return files, err
}

// recordActivityChange refreshes the summaries of the activity's records
// and writes one history entry on each.
func recordActivityChange(ctx context.Context, tx *sql.Tx, a *model.Activity, ch ActivityChange, action string, title [2]string) error {
	for _, t := range a.Targets {
		if err := refreshSummary(ctx, tx, t.Entity, t.EntityID); err != nil {
			return err
		}
	}
	return auditTargets(ctx, tx, a, ch.ActorID, action, map[string][2]string{string(a.Kind): title}, ch.At)
}

// auditTargets writes one history entry on each record the activity is about.
func auditTargets(ctx context.Context, tx *sql.Tx, a *model.Activity, actorID int64, action string, changes map[string][2]string, at time.Time) error {
	for _, t := range a.Targets {
		if err := insertAudit(ctx, tx, AuditEntry{Entity: t.Entity, EntityID: t.EntityID, ActorUserID: actorID,
			Action: action, Changes: changes, CreatedAt: at}); err != nil {
			return err
		}
	}
	return nil
}

func replaceAttendees(ctx context.Context, tx *sql.Tx, a *model.Activity) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM activity_attendees WHERE activity_id = $1", a.ID); err != nil {
		return fmt.Errorf("replace attendees: %w", err)
	}
	for _, at := range a.Attendees {
		_, err := tx.ExecContext(ctx, `INSERT INTO activity_attendees (activity_id, user_id, entity, entity_id, name, email)
			VALUES ($1, $2, $3, $4, $5, $6)`, a.ID, optionalID(at.UserID), at.Entity, at.EntityID, at.Name, at.Email)
		if err != nil {
			return fmt.Errorf("add attendee: %w", err)
		}
	}
	return nil
}

// loadActivityParts fills the records (with names), attendees and
// attachment of each activity; records only when targets is set.
func (s *Store) loadActivityParts(ctx context.Context, acts []*model.Activity, targets bool) error {
	if len(acts) == 0 {
		return nil
	}
	byID := make(map[int64]*model.Activity, len(acts))
	ids := make([]any, len(acts))
	for i, a := range acts {
		byID[a.ID], ids[i] = a, a.ID
	}
	in := placeholders(1, len(ids))
	rows, err := s.DB.QueryContext(ctx, `SELECT activity_id, COALESCE(user_id, 0), entity, entity_id, name, email
		FROM activity_attendees WHERE activity_id IN (`+in+`) ORDER BY name`, ids...)
	if err != nil {
		return fmt.Errorf("load attendees: %w", err)
	}
	for rows.Next() {
		var id int64
		var at model.Attendee
		if err := rows.Scan(&id, &at.UserID, &at.Entity, &at.EntityID, &at.Name, &at.Email); err != nil {
			rows.Close()
			return err
		}
		byID[id].Attendees = append(byID[id].Attendees, at)
	}
	rows.Close()
	if err := s.loadAttachments(ctx, byID, ids); err != nil {
		return err
	}
	if !targets {
		return nil
	}
	return s.loadTargets(ctx, byID, ids)
}

func (s *Store) loadTargets(ctx context.Context, byID map[int64]*model.Activity, ids []any) error {
	rows, err := s.DB.QueryContext(ctx, `SELECT t.activity_id, t.entity, t.entity_id,
		COALESCE(NULLIF(trim(c.first_name || ' ' || c.last_name), ''), c.email,
			NULLIF(trim(ct.first_name || ' ' || ct.last_name), ''), ct.email, a.name, '')
		FROM activity_targets t
		LEFT JOIN magento_customers c ON t.entity = 'magento_customer' AND c.id = t.entity_id
		LEFT JOIN contacts ct ON t.entity = 'contact' AND ct.id = t.entity_id
		LEFT JOIN accounts a ON t.entity = 'account' AND a.id = t.entity_id
		WHERE t.activity_id IN (`+placeholders(1, len(ids))+`) ORDER BY t.position`, ids...)
	if err != nil {
		return fmt.Errorf("load activity records: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var t model.ActivityTarget
		if err := rows.Scan(&id, &t.Entity, &t.EntityID, &t.Name); err != nil {
			return err
		}
		byID[id].Targets = append(byID[id].Targets, t)
	}
	return rows.Err()
}
