package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"magecrm/internal/db"
)

// currentValues loads the stored values of customerDataColumns, as text,
// for the audit of what an import changed.
func currentValues(ctx context.Context, tx *sql.Tx, d db.Dialect, ids []int64) (map[int64][]string, error) {
	out := make(map[int64][]string, len(ids))
	for start := 0; start < len(ids); start += 1000 {
		part := ids[start:min(start+1000, len(ids))]
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		rows, err := tx.QueryContext(ctx, "SELECT id, "+strings.Join(customerDataColumns, ", ")+" FROM magento_customers WHERE id IN ("+
			listPlaceholders(d, 1, len(part))+")", args...)
		if err != nil {
			return nil, fmt.Errorf("load customers before import: %w", err)
		}
		for rows.Next() {
			var id int64
			vals := make([]any, len(customerDataColumns))
			dest := make([]any, len(vals)+1)
			dest[0] = &id
			for i := range vals {
				dest[i+1] = &vals[i]
			}
			if err := rows.Scan(dest...); err != nil {
				rows.Close()
				return nil, err
			}
			text := make([]string, len(vals))
			for i, v := range vals {
				text[i] = asText(v)
			}
			out[id] = text
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// asText renders a column value the same way whichever driver read it.
func asText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case bool:
		if x {
			return "1"
		}
		return "0"
	case []byte:
		return string(x)
	case time.Time:
		return x.UTC().Format(time.RFC3339)
	}
	return fmt.Sprint(v)
}

// changes lists the columns whose value differs: column → [old, new].
// An unknown newsletter status (nil) keeps the stored one, so it is no change.
func changes(old []string, now []any) map[string][2]string {
	out := map[string][2]string{}
	for i, v := range now {
		if v == nil && keepWhenUnsaid(customerDataColumns[i]) {
			continue // Magento did not say: the stored value is kept
		}
		if customerDataColumns[i] == "remote_updated_at" {
			// Every save in Magento moves it, a send from magecrm included:
			// alone it is no change worth a history entry, and beside others
			// the entry's own time says when.
			continue
		}
		nv := asText(v)
		if old == nil || old[i] != nv {
			o := ""
			if old != nil {
				o = old[i]
			}
			out[customerDataColumns[i]] = [2]string{o, nv}
		}
	}
	return out
}

// writeImportAudits writes audit_log rows (customer id, channel id,
// changes, time) in statements of up to 200.
func writeImportAudits(ctx context.Context, tx *sql.Tx, d db.Dialect, flat []any) error {
	const per = 4
	for len(flat) > 0 {
		n := min(len(flat)/per, 200)
		var b strings.Builder
		b.WriteString("INSERT INTO audit_log (entity, entity_id, actor_channel_id, action, changes, created_at) VALUES ")
		for i := range n {
			if i > 0 {
				b.WriteString(", ")
			}
			if d == db.SQLite { // see listPlaceholders
				b.WriteString("('magento_customer', ?, ?, 'import', ?, ?)")
				continue
			}
			p := i*per + 1
			fmt.Fprintf(&b, "('magento_customer', $%d, $%d, 'import', $%d, $%d)", p, p+1, p+2, p+3)
		}
		if _, err := tx.ExecContext(ctx, b.String(), flat[:n*per]...); err != nil {
			return fmt.Errorf("audit imported changes: %w", err)
		}
		flat = flat[n*per:]
	}
	return nil
}
