package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// AuditEntry is one recorded change of a record: who made it (a person or
// a channel's sync), what it was and every field it changed.
type AuditEntry struct {
	ID             int64
	Entity         string // e.g. "magento_customer"
	EntityID       int64
	ActorUserID    int64 // set when a person made the change
	ActorChannelID int64 // set when a channel's sync made it
	Action         string
	// Changes maps each changed field to its old and new value.
	Changes   map[string][2]string
	CreatedAt time.Time
	// ActorName is filled by reads: the person's name or the channel's.
	ActorName string
}

func insertAudit(ctx context.Context, q querier, e AuditEntry) error {
	changes, err := json.Marshal(e.Changes)
	if err != nil {
		return fmt.Errorf("encode audit changes: %w", err)
	}
	if e.Changes == nil {
		changes = []byte("{}")
	}
	_, err = q.ExecContext(ctx, `INSERT INTO audit_log (entity, entity_id, actor_user_id, actor_channel_id, action, changes, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		e.Entity, e.EntityID, optionalID(e.ActorUserID), optionalID(e.ActorChannelID), e.Action, string(changes), millis(e.CreatedAt))
	if err != nil {
		return fmt.Errorf("record audit entry: %w", err)
	}
	return nil
}

// Audit returns the history of one record, newest first.
func (s *Store) Audit(ctx context.Context, entity string, id int64, limit int) ([]AuditEntry, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT a.id, a.entity, a.entity_id, COALESCE(a.actor_user_id, 0), COALESCE(a.actor_channel_id, 0),
		a.action, a.changes, a.created_at,
		COALESCE(NULLIF(trim(u.first_name || ' ' || u.last_name), ''), u.username, ch.name || ' sync', '')
		FROM audit_log a
		LEFT JOIN users u ON u.id = a.actor_user_id
		LEFT JOIN channels ch ON ch.id = a.actor_channel_id
		WHERE a.entity = $1 AND a.entity_id = $2 ORDER BY a.id DESC LIMIT $3`, entity, id, limit)
	if err != nil {
		return nil, fmt.Errorf("load history: %w", err)
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var changes string
		var at int64
		if err := rows.Scan(&e.ID, &e.Entity, &e.EntityID, &e.ActorUserID, &e.ActorChannelID, &e.Action, &changes, &at, &e.ActorName); err != nil {
			return nil, err
		}
		e.CreatedAt = fromMillis(at)
		if err := json.Unmarshal([]byte(changes), &e.Changes); err != nil {
			return nil, fmt.Errorf("decode audit entry %d: %w", e.ID, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// optionalID stores 0 as NULL, for optional references.
func optionalID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
