package store

import (
	"context"
	"fmt"
	"strings"
)

// The contact and account lists page by keyset too: ListQuery.After is the
// sort's values of the last row read, then its id (a CustomerKey, read and
// written the same way), and the next page starts right behind that row
// wherever it is now.

// listTerms are a list sort's ORDER BY terms, then the id column.
func listTerms(sorts map[string][]string, key, fallback, idCol string) []string {
	terms, ok := sorts[key]
	if !ok {
		terms = sorts[fallback]
	}
	return append(append([]string(nil), terms...), idCol)
}

// afterCondition is the WHERE condition of the rows behind key in the sort.
func afterCondition(terms []string, key CustomerKey, desc bool, args []any) (string, []any, error) {
	if len(key) != len(terms) {
		return "", nil, ErrBadKey
	}
	cmp := ">"
	if desc {
		cmp = "<"
	}
	args = append(args, key...)
	return " AND (" + strings.Join(terms, ", ") + ") " + cmp + " (" + placeholders(len(args)-len(key)+1, len(key)) + ")", args, nil
}

// listKey reads the key of one row from the list's tables (from).
func (s *Store) listKey(ctx context.Context, terms []string, from, idCol string, id int64) (CustomerKey, error) {
	vals := make([]any, len(terms))
	ptrs := make([]any, len(terms))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	err := s.DB.QueryRowContext(ctx, "SELECT "+strings.Join(terms, ", ")+" FROM "+from+" WHERE "+idCol+" = $1", id).Scan(ptrs...)
	if err != nil {
		return nil, fmt.Errorf("read a list position: %w", err)
	}
	return keyValues(vals), nil
}

// ContactKey is the position of contact id in q's sort, to page after it.
func (s *Store) ContactKey(ctx context.Context, q ListQuery, id int64) (CustomerKey, error) {
	return s.listKey(ctx, listTerms(ContactSorts, q.Sort, "name", "ct.id"), contactJoins(q.Accounts, s.DB.Dialect), "ct.id", id)
}

// AccountKey is the position of account id in q's sort, to page after it.
func (s *Store) AccountKey(ctx context.Context, q ListQuery, id int64) (CustomerKey, error) {
	return s.listKey(ctx, listTerms(AccountSorts, q.Sort, "name", "a.id"), accountJoins, "a.id", id)
}

// page is the condition that starts a page behind q.After ("" without it).
func (q *ListQuery) page(terms []string, args []any) (string, []any, error) {
	if q.After == nil {
		return "", args, nil
	}
	return afterCondition(terms, q.After, q.Desc, args)
}

// offset is the rows to skip: none after a key.
func (q *ListQuery) offset() int {
	if q.After != nil {
		return 0
	}
	return max(q.Offset, 0)
}
