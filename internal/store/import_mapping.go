package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"

	"magecrm/internal/db"
)

// indexBuildMapping is how much of the database file (from its start) the
// connection building the deferred indexes maps. Each SQLite index build
// reads every row of magento_customers, and a build reading them through
// the mapping took about a tenth less CPU than one copying each page with
// a system call (1,000,000 customers, alternating runs on a copy of the
// same data) — but touched the whole table, 370 MiB, all in RSS. Mapping
// the first 256 MiB of the file keeps part of the gain (166 MiB of the
// table's pages lie there at 1,000,000) and bounds what the builds add to
// RSS however large the store. In the sync engine's first import of
// 1,000,000 customers the builds took the same CPU with the cap, with the
// whole file mapped and before (part of the table is still in the WAL
// then, which is never mapped); the process's mapped files peaked at
// 167 MiB, its code included (805 MiB before).
const indexBuildMapping = 256 << 20

// limitMapping sets up an SQLite connection for a sync's bulk work (a
// batch, the index builds, the statistics refresh, a reconciliation's
// reads): it maps at most mapping bytes of the database file on that
// connection (0: none), and release, called when the work is done however
// it ended, frees the connection's page cache and sets its mapping back to
// db.SQLiteMmapSize before it goes back to the pool, where the grid reads
// through the mapping. On PostgreSQL both do nothing.
//
// Every page a connection reads through its mapping counts in the
// process's resident memory (RSS) for as long as that connection keeps the
// file mapped, and an import touches most of the file: its batches the
// growing ends of the tables, its index builds every row, the statistics
// refresh's sampling every page. A 1,000,000-customer import so peaked at
// 912 MiB RSS of which 140 were its own memory. Unmapped, the work reads
// its pages into the connection's page cache (bulkPragmas and
// sortWithHelperThreads say how big), its own memory, which release frees
// (PRAGMA shrink_memory): the pool hands batches to whichever connection
// is free, and an idle connection would keep its cache until its next
// transaction. Changing the mapping's size unmaps the file at once
// (SQLite's unixFileControl, SQLITE_FCNTL_MMAP_SIZE) and maps it anew up
// to the new size, which touches no page until the connection reads one.
//
// A connection whose mapping cannot be set back is closed instead of going
// back to the pool.
func limitMapping(ctx context.Context, conn *sql.Conn, dialect db.Dialect, mapping int64) (release func(), err error) {
	if dialect != db.SQLite {
		return func() {}, nil
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA mmap_size = %d", mapping)); err != nil {
		return nil, fmt.Errorf("limit the database file's mapping: %w", err)
	}
	return func() {
		ctx := context.WithoutCancel(ctx)
		for _, q := range []string{"PRAGMA shrink_memory", fmt.Sprintf("PRAGMA mmap_size = %d", db.SQLiteMmapSize)} {
			if _, err := conn.ExecContext(ctx, q); err != nil {
				_ = conn.Raw(func(any) error { return driver.ErrBadConn })
				return
			}
		}
	}, nil
}
