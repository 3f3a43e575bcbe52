package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
)

// detachActivities is called in the transaction that deletes records of
// entity, before they are deleted; idsSQL selects their ids, with its own
// arguments $1…$n. Activities about those records alone are deleted with
// their comments and attachment rows; activities also about other records
// stay there and only lose the link. Attendees that were those records keep
// their name and email. It returns the deleted attachments' storage names,
// for the caller to remove once the transaction is committed.
func detachActivities(ctx context.Context, tx *sql.Tx, entity, idsSQL string, args ...any) ([]string, error) {
	e := "$" + strconv.Itoa(len(args)+1)
	args = append(args, entity)
	mine := fmt.Sprintf("entity = %s AND entity_id IN (%s)", e, idsSQL)
	alone := fmt.Sprintf(`SELECT t.activity_id FROM activity_targets t WHERE t.%s
		AND NOT EXISTS (SELECT 1 FROM activity_targets o WHERE o.activity_id = t.activity_id AND NOT (o.%s))`, mine, mine)

	files, err := queryStrings(ctx, tx, "SELECT storage_name FROM attachments WHERE activity_id IN ("+alone+")", args...)
	if err != nil {
		return nil, fmt.Errorf("list attachment files of %s records: %w", entity, err)
	}
	for _, q := range []string{
		"DELETE FROM activities WHERE id IN (" + alone + ")",
		"DELETE FROM activity_targets WHERE " + mine,
		"DELETE FROM activity_summaries WHERE " + mine,
		"UPDATE activity_attendees SET entity = '', entity_id = 0 WHERE " + mine,
	} {
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return nil, fmt.Errorf("detach activities of %s records: %s: %w", entity, strings.Fields(q)[0], err)
		}
	}
	return files, nil
}

// queryStrings returns the single text column of q's rows.
func queryStrings(ctx context.Context, tx *sql.Tx, q string, args ...any) ([]string, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
