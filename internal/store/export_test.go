package store

import (
	"context"
	"database/sql"

	"magecrm/internal/acl"
	"magecrm/internal/db"
)

// SetExportChunk makes an export read n customers a chunk until the
// returned function puts the size back.
func SetExportChunk(n int) (restore func()) {
	old := exportChunk
	exportChunk = n
	return func() { exportChunk = old }
}

// SetMinWalkBudget makes a walk along the sort's index with a filter read
// at least n rows (instead of 2,000) before the page is found on the
// filter's index, until the returned function puts it back.
func SetMinWalkBudget(n int) (restore func()) {
	old := minWalkBudget
	minWalkBudget = n
	return func() { minWalkBudget = old }
}

// CaptureBase keeps, inside tx, the customer's state as the base of its
// next send, as a person's save does before it writes.
func (s *Store) CaptureBase(ctx context.Context, tx *sql.Tx, id int64) error {
	return s.captureBase(ctx, tx, id)
}

// EmailCheck is the query of a save's email check.
const EmailCheck = emailCheck

// SyncProblemsQuery is SyncProblems' query for scope on dialect d.
func SyncProblemsQuery(scope acl.Scope, d db.Dialect) string { return syncProblemsQuery(scope, d) }

// BatchForeignKeys lists the foreign keys a batch's COPY without the row
// triggers knows of, checked or not, as "table.column -> table".
func BatchForeignKeys() []string {
	var keys []string
	for _, r := range checkedReferences {
		keys = append(keys, r.table+"."+r.column+" -> "+r.refers)
	}
	for _, r := range uncheckedReferences {
		keys = append(keys, r.table+"."+r.column+" -> "+r.refers)
	}
	return keys
}

// SetIndexSortKiB makes index builds sort in chunks of n KiB until the
// returned function puts the size back.
func SetIndexSortKiB(n int) (restore func()) {
	old := indexSortKiB
	indexSortKiB = n
	return func() { indexSortKiB = old }
}

// MayTurnTriggersOff says whether the store's role may COPY an import
// batch without the row triggers, as the batches ask it.
func (s *Store) MayTurnTriggersOff(ctx context.Context) (bool, error) {
	var may bool
	err := s.Tx(ctx, func(tx *sql.Tx) (err error) {
		may, err = s.mayTurnTriggersOff(ctx, tx)
		return err
	})
	return may, err
}

// PlainCustomerIDs is the page of q read the plain way, to check the
// grid's plans against: every match sorted by the query's order and id
// in one ORDER BY, then cut to the page.
func (s *Store) PlainCustomerIDs(ctx context.Context, q CustomerQuery) ([]int64, error) {
	where, args := q.where(s.DB.Dialect, false)
	order, join := q.orderBy(s.DB.Dialect, false)
	found, err := s.ids(ctx, "SELECT c.id FROM magento_customers c"+join+" WHERE "+where+" ORDER BY "+order, args...)
	var ids []int64
	for i, id := range found {
		if i >= q.Offset && len(ids) < q.Limit {
			ids = append(ids, id.(int64))
		}
	}
	return ids, err
}
