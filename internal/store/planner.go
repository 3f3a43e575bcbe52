package store

import (
	"context"
	"fmt"

	"magecrm/internal/db"
)

// RefreshPlannerStatistics brings the database's statistics about the
// customer tables up to date, as after a large import: with them the
// planner knows how selective each grid filter is. PostgreSQL's
// autovacuum would do it some time later (and also mark the pages
// all-visible, which lets counts read the indexes alone). SQLite's PRAGMA
// optimize analyzes the tables whose statistics are missing or stale,
// reading a sample of each index (analysis_limit) rather than all of it;
// through its mapping of the file that sampling touched every page of a
// 1,000,000-customer database (RSS 15 → 900 MiB, in 55 ms; unmapped
// 166 ms), so it reads unmapped (limitMapping).
func (s *Store) RefreshPlannerStatistics(ctx context.Context) error {
	stmts := []string{"PRAGMA analysis_limit = 1000", "PRAGMA optimize = 0x10002"}
	if s.DB.Dialect == db.Postgres {
		stmts = []string{"ANALYZE magento_customers", "ANALYZE magento_addresses"}
	}
	conn, err := s.DB.Conn(ctx) // analysis_limit holds for one connection
	if err != nil {
		return fmt.Errorf("refresh planner statistics: %w", err)
	}
	defer conn.Close()
	release, err := limitMapping(ctx, conn, s.DB.Dialect, 0)
	if err != nil {
		return fmt.Errorf("refresh planner statistics: %w", err)
	}
	defer release()
	for _, q := range stmts {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("refresh planner statistics: %w", err)
		}
	}
	return nil
}
