package store

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"magecrm/internal/db"
)

// The index the import itself needs (matching by Magento id) is never
// deferred; the others serve the pages.
const keptCustomerIndex = "magento_customers_origin"

// DeferCustomerIndexes drops the secondary indexes of magento_customers when
// the table is empty, so that a first import appends rows instead of
// inserting into a dozen indexes at random places; RestoreCustomerIndexes
// builds them once at the end, which is several times cheaper for a large
// store. The count trigger is deferred with them (see countTrigger). The
// definitions are saved first, in the same transaction, so an import that
// dies leaves them to be rebuilt by the next run. It reports whether it
// deferred anything.
func (s *Store) DeferCustomerIndexes(ctx context.Context) (bool, error) {
	deferred := false
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		var any int
		err := tx.QueryRowContext(ctx, "SELECT 1 FROM magento_customers LIMIT 1").Scan(&any)
		if err == nil {
			return nil // not empty: indexes stay
		}
		if err != sql.ErrNoRows {
			return err
		}
		if s.DB.Dialect == db.Postgres {
			// One importer defers at a time; another finds the table locked
			// until this one has committed, then finds the indexes gone.
			if _, err := tx.ExecContext(ctx, "LOCK TABLE deferred_indexes IN EXCLUSIVE MODE"); err != nil {
				return err
			}
		}
		names, defs, err := customerIndexDefinitions(ctx, tx, s.DB.Dialect)
		if err != nil {
			return err
		}
		for i, name := range names {
			def := defs[i]
			if _, err := tx.ExecContext(ctx, "INSERT INTO deferred_indexes (name, definition) VALUES ($1, $2)", name, def); err != nil {
				return fmt.Errorf("save index %s: %w", name, err)
			}
			if _, err := tx.ExecContext(ctx, "DROP INDEX "+name); err != nil {
				return fmt.Errorf("drop index %s: %w", name, err)
			}
			deferred = true
		}
		if err := deferEmailSearch(ctx, tx, s.DB.Dialect); err != nil {
			return err
		}
		trigger, err := deferCountTrigger(ctx, tx, s.DB.Dialect)
		deferred = deferred || trigger
		return err
	})
	return deferred, err
}

// customerIndexDefinitions returns the names and CREATE INDEX statements
// of magento_customers' secondary indexes.
func customerIndexDefinitions(ctx context.Context, tx *sql.Tx, d db.Dialect) (names, defs []string, err error) {
	q := `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'magento_customers' AND sql IS NOT NULL AND name <> $1`
	if d == db.Postgres {
		q = `SELECT i.indexname, i.indexdef FROM pg_indexes i
			WHERE i.schemaname = current_schema() AND i.tablename = 'magento_customers' AND i.indexname <> $1
			AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`
	}
	names, defs, err = namedStatements(ctx, tx, q, keptCustomerIndex)
	if err != nil {
		return nil, nil, fmt.Errorf("read customer indexes: %w", err)
	}
	return names, defs, nil
}

// namedStatements reads the (name, SQL statement) pairs a query answers,
// in its order.
func namedStatements(ctx context.Context, q querier, query string, args ...any) (names, defs []string, err error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			return nil, nil, err
		}
		names, defs = append(names, name), append(defs, def)
	}
	return names, defs, rows.Err()
}

// IndexBuilt says how far building the deferred indexes is: Done of Total
// are built, the last of them Name, which took Took.
type IndexBuilt struct {
	Name        string
	Done, Total int
	Took        time.Duration
}

// DeferredCustomerIndexes is how many of the customer list's indexes a
// first import has yet to build: while any is left, sorting and filtering
// the customers grid reads the whole table, and the grid says so.
func (s *Store) DeferredCustomerIndexes(ctx context.Context) (int, error) {
	var n int
	if err := s.DB.QueryRowContext(ctx, "SELECT COUNT(*) FROM deferred_indexes WHERE name <> $1", countTrigger).Scan(&n); err != nil {
		return 0, fmt.Errorf("count the customer indexes left to build: %w", err)
	}
	return n, nil
}

// RestoreCustomerIndexes builds every deferred index (and the count
// trigger) and forgets it, calling built (when not nil) before the first,
// with Done 0, and after each. It is cheap when nothing is deferred, so
// every run calls it first: an import that died with its indexes deferred
// is mended by the next run. Indexes are deferred only for a first import
// into an empty table, so after building them it refreshes the planner's
// statistics: the grid's plans depend on them.
//
// On PostgreSQL two connections build at once (CREATE INDEX takes a SHARE
// lock, which another's does not wait for), each with
// indexMaintenanceMemory; SQLite builds one at a time, sorting with helper
// threads (sortWithHelperThreads). Each index is built and forgotten in
// one transaction, so however a build ends, an index is either built and
// forgotten or still deferred.
//
// One restore builds at a time on PostgreSQL, in this process or another
// (lockRestore), so the builds' memory stays at indexBuilders ×
// indexMaintenanceMemory: a second restore waits for the first to end,
// then builds what is still deferred (nothing, when the first succeeded).
func (s *Store) RestoreCustomerIndexes(ctx context.Context, built func(IndexBuilt)) error {
	names, defs, err := deferredStatements(ctx, s.DB)
	if err != nil || len(defs) == 0 {
		return err
	}
	if s.DB.Dialect == db.Postgres {
		unlock, err := s.lockRestore(ctx)
		if err != nil {
			return err
		}
		defer unlock()
		if names, defs, err = deferredStatements(ctx, s.DB); err != nil || len(defs) == 0 {
			return err
		}
	}
	return s.restoreDeferred(ctx, names, defs, built)
}

// deferredStatements reads the deferred indexes' names and definitions,
// the count trigger last: counting the customers again reads the owner
// index.
func deferredStatements(ctx context.Context, q querier) (names, defs []string, err error) {
	names, defs, err = namedStatements(ctx, q, "SELECT name, definition FROM deferred_indexes ORDER BY name = $1, name", countTrigger)
	if err != nil {
		return nil, nil, fmt.Errorf("read deferred indexes: %w", err)
	}
	return names, defs, nil
}

// lockRestore makes the restores of PostgreSQL's deferred indexes take
// turns, in this process and others: it waits for an advisory lock, taken
// in a transaction of its own that holds it until unlock. That transaction
// runs one statement in READ COMMITTED, so it keeps no snapshot or row
// locks meanwhile, and a restorer that dies ends it, which frees the lock.
func (s *Store) lockRestore(ctx context.Context) (unlock func(), err error) {
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", "restore customer indexes"); err != nil {
		tx.Rollback()
		return nil, fmt.Errorf("wait for another restore of the customer indexes: %w", err)
	}
	return func() { tx.Rollback() }, nil
}

// restoreDeferred builds the deferred indexes names (definitions defs, the
// count trigger last if among them) and forgets them, as
// RestoreCustomerIndexes says.
func (s *Store) restoreDeferred(ctx context.Context, names, defs []string, built func(IndexBuilt)) error {
	var mu sync.Mutex
	done := 0
	report := func(name string, start time.Time) {
		if built == nil {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		done++
		built(IndexBuilt{Name: name, Done: done, Total: len(names), Took: time.Since(start)})
	}
	if built != nil {
		built(IndexBuilt{Total: len(names)})
	}
	trigger := ""
	if names[len(names)-1] == countTrigger {
		trigger = defs[len(defs)-1]
		names, defs = names[:len(names)-1], defs[:len(defs)-1]
	}
	if err := s.buildDeferredIndexes(ctx, names, defs, report); err != nil {
		return err
	}
	if trigger != "" {
		conn, err := s.DB.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		release, err := limitMapping(ctx, conn, s.DB.Dialect, 0)
		if err != nil {
			return err
		}
		defer release()
		start := time.Now()
		if err := restoreCountTrigger(ctx, conn, trigger); err != nil {
			return err
		}
		report(countTrigger, start)
	}
	return s.RefreshPlannerStatistics(ctx)
}

// indexBuilders is how many connections build PostgreSQL's deferred
// indexes at once: the machine it was measured on has two cores, and the
// emails' trigram index (GIN, which PostgreSQL 15 builds in one process)
// alone took about a third of the builds' CPU, so the other connection
// builds the rest meanwhile.
const indexBuilders = 2

// indexMaintenanceMemory is the memory (maintenance_work_mem) each
// connection building a deferred index on PostgreSQL may sort in, for
// that build's transaction only. The server's default of 64 MB sorts a
// 1,000,000-customer index in pieces on disk, shared with its parallel
// workers. Two builders may use twice this (docs/perf-import.md).
const indexMaintenanceMemory = "256MB"

// buildDeferredIndexes builds the indexes names (definitions defs),
// longest first, on indexBuilders connections at once on PostgreSQL and
// one on SQLite (mapping at most indexBuildMapping of the file, see
// limitMapping), each taking the next index left; the first error stops
// the others, whose unfinished builds are rolled back and stay deferred.
// On PostgreSQL they stop on the server too: pgx closes a connection
// whose context ended during a statement, and sends the server a cancel
// request as it does (pgconn's asyncClose).
func (s *Store) buildDeferredIndexes(ctx context.Context, names, defs []string, report func(string, time.Time)) error {
	next := make(chan int, len(names))
	for _, i := range longestFirst(defs) {
		next <- i
	}
	close(next)
	builders, setup := 1, sortWithHelperThreads()
	local := ""
	if s.DB.Dialect == db.Postgres {
		// Set in each build's transaction, so that the pooled connection
		// goes back with the server's setting however the build ends.
		builders, setup, local = indexBuilders, nil, "SET LOCAL maintenance_work_mem = '"+indexMaintenanceMemory+"'"
	}
	g, ctx := errgroup.WithContext(ctx)
	for range min(builders, len(names)) {
		g.Go(func() error {
			conn, err := s.DB.Conn(ctx)
			if err != nil {
				return err
			}
			defer conn.Close()
			release, err := limitMapping(ctx, conn, s.DB.Dialect, indexBuildMapping)
			if err != nil {
				return err
			}
			defer release()
			for _, q := range setup {
				if _, err := conn.ExecContext(ctx, q); err != nil {
					return err
				}
			}
			for i := range next {
				start := time.Now()
				if err := buildDeferredIndex(ctx, conn, local, names[i], defs[i]); err != nil {
					return err
				}
				report(names[i], start)
			}
			return nil
		})
	}
	return g.Wait()
}

// indexSortKiB is how much memory a SQLite index build sorts in before it
// writes the sorted rows to a file of their own: the page cache's size.
var indexSortKiB = 8192

// sortWithHelperThreads is how a SQLite connection is set up to build
// indexes. Building an index reads the table and sorts every row;
// SQLite's sorter sorts its chunks of indexSortKiB in helper threads
// (PRAGMA threads, one per CPU; the driver runs each in a goroutine) while
// the connection reads on, and merges them in parallel — but only with
// sort files (temp_store = FILE): with sorting in memory, which import
// batches leave on pooled connections, it uses no threads. Measured on
// 1,000,000 customers, the builds' work on the connection's own thread
// fell from 23.7 s to 11.4 s of CPU for about the same CPU in all, and the
// builds' memory from 181 to 102 MiB (docs/perf-import.md). The pragmas
// last as long as the pooled connection, as the import batches' do.
func sortWithHelperThreads() []string {
	return []string{"PRAGMA temp_store = FILE", fmt.Sprintf("PRAGMA cache_size = -%d", indexSortKiB),
		fmt.Sprintf("PRAGMA threads = %d", runtime.GOMAXPROCS(0))}
}

// longestFirst orders the deferred indexes for building, by their
// positions in defs: PostgreSQL's trigram index first (it took as long as
// several others together), then the others as they come.
func longestFirst(defs []string) []int {
	order := make([]int, 0, len(defs))
	for i, def := range defs {
		if strings.Contains(def, " USING gin ") {
			order = append(order, i)
		}
	}
	for i, def := range defs {
		if !strings.Contains(def, " USING gin ") {
			order = append(order, i)
		}
	}
	return order
}

// buildDeferredIndex builds one deferred index and forgets it, in one
// transaction, after the statement local (when not empty) has set up the
// transaction; another process that built it meanwhile leaves nothing to
// do.
func buildDeferredIndex(ctx context.Context, conn *sql.Conn, local, name, def string) error {
	err := connTx(ctx, conn, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM deferred_indexes WHERE name = $1", name)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		if local != "" {
			if _, err := tx.ExecContext(ctx, local); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, def)
		return err
	})
	if err != nil {
		return fmt.Errorf("build index %s: %w", name, err)
	}
	return nil
}

// connTx runs fn in one transaction on conn, committed when fn returns nil.
func connTx(ctx context.Context, conn *sql.Conn, fn func(tx *sql.Tx) error) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}
