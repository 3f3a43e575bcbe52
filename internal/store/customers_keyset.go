package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"magecrm/internal/model"
)

// CustomerKey is a position in a customer sort: the sort terms' values of
// one row, then its id. A page read after a key starts right behind that
// row, wherever it is now, so rows added or removed meanwhile neither
// shift nor repeat the rest of the walk.
type CustomerKey []any

// keysetTerms are the sort's ORDER BY terms with NULL made a value, so a
// row comparison orders every row the same way on both databases.
func (q *CustomerQuery) keysetTerms() ([]string, string) {
	key := q.Sort
	terms, ok := CustomerSorts[key]
	if !ok {
		key, terms = "id", nil
	}
	out := make([]string, 0, len(terms)+1)
	for _, t := range terms {
		switch t {
		case "c.website_id", "c.store_id", "c.group_id":
			t = "COALESCE(" + t + ", 0)"
		case "c.is_subscribed":
			t = "CASE WHEN c.is_subscribed IS NULL THEN -1 WHEN c.is_subscribed THEN 1 ELSE 0 END"
		}
		out = append(out, t)
	}
	return append(out, "c.id"), sortJoins[key]
}

// CustomersAfter returns up to q.Limit customers the query selects that
// follow the key in the query's sort (from the start when after is nil),
// and the key of the last one when more follow (nil at the end). Offset
// is ignored. The default sort here is by id.
func (s *Store) CustomersAfter(ctx context.Context, q CustomerQuery, after CustomerKey) ([]model.Customer, CustomerKey, error) {
	terms, join := q.keysetTerms()
	if after != nil && len(after) != len(terms) {
		return nil, nil, ErrBadKey
	}
	where, args := q.where(s.DB.Dialect, false)
	dir, cmp := "", ">"
	if q.Desc {
		dir, cmp = " DESC", "<"
	}
	if after != nil {
		args = append(args, after...)
		where += " AND (" + strings.Join(terms, ", ") + ") " + cmp + " (" + placeholders(len(args)-len(after)+1, len(after)) + ")"
	}
	order := make([]string, len(terms))
	for i, t := range terms {
		order[i] = t + dir
	}
	limit := max(q.Limit, 1)
	if len(terms) == 1 {
		return s.customersAfterID(ctx, q, where, args, dir, limit)
	}
	sqlText := fmt.Sprintf("SELECT %s FROM magento_customers c%s WHERE %s ORDER BY %s LIMIT %d",
		strings.Join(terms, ", "), join, where, strings.Join(order, ", "), limit+1)
	rows, err := s.DB.QueryContext(ctx, sqlText, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("list customers: %w", err)
	}
	var ids []any
	var last CustomerKey
	more := false
	for rows.Next() {
		if len(ids) == limit {
			more = true
			break
		}
		vals := make([]any, len(terms))
		ptrs := make([]any, len(terms))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			rows.Close()
			return nil, nil, err
		}
		ids = append(ids, vals[len(vals)-1])
		last = keyValues(vals)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	out, err := s.customersByID(ctx, q.Scope, ids)
	if !more {
		last = nil
	}
	return out, last, err
}

// customersAfterID reads a page sorted by id alone in one query: the
// rows with their related names, in the primary key's order. (Other sorts
// read the page's ids first, so that the sort walks its index, then the
// rows.)
func (s *Store) customersAfterID(ctx context.Context, q CustomerQuery, where string, args []any, dir string, limit int) ([]model.Customer, CustomerKey, error) {
	rows, err := s.DB.QueryContext(ctx, fmt.Sprintf("%s WHERE %s ORDER BY c.id%s LIMIT %d", customerSelect(q.Scope, s.DB.Dialect), where, dir, limit+1), args...)
	if err != nil {
		return nil, nil, fmt.Errorf("list customers: %w", err)
	}
	defer rows.Close()
	out := make([]model.Customer, 0, limit)
	for rows.Next() {
		c, err := scanCustomer(rows)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, *c)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	if len(out) <= limit {
		return out, nil, nil
	}
	out = out[:limit]
	return out, CustomerKey{out[limit-1].ID}, nil
}

// ErrBadKey means a paging position does not fit the query's sort.
var ErrBadKey = Refusal("The cursor does not belong to this sort. Start again without a cursor, or keep the sort it was made with.")

// keyValues normalizes scanned values to int64, float64 or string, the
// kinds a key is written in and read back from.
func keyValues(vals []any) CustomerKey {
	out := make(CustomerKey, len(vals))
	for i, v := range vals {
		switch v := v.(type) {
		case []byte:
			out[i] = string(v)
		case int32:
			out[i] = int64(v)
		case bool:
			out[i] = map[bool]int64{false: 0, true: 1}[v]
		default:
			out[i] = v
		}
	}
	return out
}

// UnmarshalJSON reads a key written with encoding/json, keeping whole
// numbers as int64 so ids and times compare exactly.
func (k *CustomerKey) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var raw []any
	if err := dec.Decode(&raw); err != nil {
		return ErrBadKey
	}
	out := make(CustomerKey, len(raw))
	for i, v := range raw {
		switch v := v.(type) {
		case json.Number:
			if n, err := v.Int64(); err == nil {
				out[i] = n
			} else if f, err := v.Float64(); err == nil {
				out[i] = f
			} else {
				return ErrBadKey
			}
		case string:
			out[i] = v
		default:
			return ErrBadKey
		}
	}
	*k = out
	return nil
}
