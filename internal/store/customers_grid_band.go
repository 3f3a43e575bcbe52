package store

import (
	"context"
	"database/sql"
	"fmt"

	"magecrm/internal/db"
)

// idBand is the least and greatest id of a query's matches: every match
// lies in it. A filter whose matches were stored together (created in
// Magento in 2024: one sixth of the customers, one stretch of ids) has a
// narrow band, and an index that ends with the id seeks to its start:
// the page of a sort by id, or of one arm read in id order, is then found
// among the band's rows instead of after every row before it.
type idBand struct{ lo, hi int64 }

// where is the band's condition on the customer's id: integers of the
// database's own, written as literals.
func (b *idBand) where() string { return fmt.Sprintf("c.id >= %d AND c.id <= %d", b.lo, b.hi) }

// banded reports whether the query's matches may lie in a band narrower
// than the table: with a range of Magento's created time, since an import
// stores customers in the order Magento created them. Other filters'
// matches are spread over the ids (a country's, a region's), and their
// band would cost one index entry per match for nothing.
func (q *CustomerQuery) banded() bool {
	return q.band == nil && (!q.CreatedFrom.IsZero() || !q.CreatedTo.IsZero())
}

// findBand sets q's band to its matches' ids, found on the filter's index
// (one index entry per match, no table row where the index holds the
// filter's columns). No match gives an empty band.
func (s *Store) findBand(ctx context.Context, q *CustomerQuery) error {
	where, args := q.where(s.DB.Dialect, false)
	sqlText := "SELECT MIN(c.id), MAX(c.id) FROM magento_customers c WHERE " + where
	if s.DB.Dialect == db.Postgres { // apart, or the planner walks the id's index for MIN and MAX
		sqlText = "SELECT MIN(id), MAX(id) FROM (SELECT c.id FROM magento_customers c WHERE " + where + " OFFSET 0) m"
	}
	var lo, hi sql.NullInt64
	if err := s.DB.QueryRowContext(ctx, sqlText, args...).Scan(&lo, &hi); err != nil {
		return fmt.Errorf("list customers: %w", err)
	}
	q.band = &idBand{lo: 1, hi: 0}
	if lo.Valid && hi.Valid {
		q.band = &idBand{lo: lo.Int64, hi: hi.Int64}
	}
	return nil
}
