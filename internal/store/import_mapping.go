package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"

	"magecrm/internal/db"
)

// unmapForBulk sets up an SQLite connection for an import's work (a batch,
// the index builds): it turns the connection's mapping of the database
// file off, and release, called when the work is done however it ended,
// frees the connection's page cache and maps the file again before the
// connection goes back to the pool, where the grid reads through it. On
// PostgreSQL both do nothing.
//
// Every page a connection reads through its mapping counts in the
// process's resident memory (RSS) for as long as that connection keeps the
// file mapped (db.SQLiteMmapSize), and an import touches most of the file:
// its batches the growing ends of the tables, its index builds every row.
// A 1,000,000-customer import so peaked at 912 MiB RSS of which 140 were
// its own memory. Unmapped, the work reads its pages into the connection's
// page cache (bulkPragmas, sortWithHelperThreads say how big), its own
// memory, which release frees (PRAGMA shrink_memory): the pool hands
// batches to whichever connection is free, and an idle connection would
// keep its cache until its next transaction. Setting the mapping size
// unmaps the file at once (SQLite's unixFileControl,
// SQLITE_FCNTL_MMAP_SIZE); setting it back maps nothing until the
// connection next reads.
//
// A connection whose mapping cannot be set back is closed instead of going
// back to the pool.
func unmapForBulk(ctx context.Context, conn *sql.Conn, dialect db.Dialect) (release func(), err error) {
	if dialect != db.SQLite {
		return func() {}, nil
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA mmap_size = 0"); err != nil {
		return nil, fmt.Errorf("unmap the database file: %w", err)
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
