package db

import (
	"context"
	"database/sql"
	"sync"
)

// The SQLite driver parses a query's text on every call unless the query
// is prepared; parsing was a tenth of the CPU of 100 people working in the
// customers grid at once (the same dozen queries on every page: session,
// permissions, structure, counts). Queries through DB are therefore run
// from statements prepared once (on each connection as database/sql uses
// it) and kept, the first maxPrepared distinct texts of the process; texts
// after those run unprepared. Only queries: a text of several statements
// given to ExecContext must run whole. PostgreSQL's driver keeps prepared
// statements of its own.

// maxPrepared is how many query texts are kept prepared.
const maxPrepared = 256

// preparedQueries are the statements kept, by query text.
type preparedQueries struct {
	mu    sync.RWMutex
	stmts map[string]*sql.Stmt
}

// QueryContext runs a query that returns rows, from a kept prepared
// statement when it can.
func (d *DB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := d.prepared(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return d.DB.QueryContext(ctx, query, args...)
}

// QueryRowContext runs a query that returns at most one row, from a kept
// prepared statement when it can.
func (d *DB) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := d.prepared(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return d.DB.QueryRowContext(ctx, query, args...)
}

// prepared returns the kept statement of query, preparing it when there
// is room; nil when the query is to run unprepared (PostgreSQL, no room,
// or a text that does not prepare: running it unprepared reports why).
func (d *DB) prepared(ctx context.Context, query string) *sql.Stmt {
	p := d.queries
	if p == nil {
		return nil
	}
	p.mu.RLock()
	st, ok := p.stmts[query]
	full := len(p.stmts) >= maxPrepared
	p.mu.RUnlock()
	if ok || full {
		return st
	}
	// Prepared without the lock: preparing waits for a free connection,
	// which a query waiting for the lock may hold.
	st, err := d.DB.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if kept, ok := p.stmts[query]; ok || len(p.stmts) >= maxPrepared {
		st.Close() // another call kept one first, or there is no room left
		return kept
	}
	p.stmts[query] = st
	return st
}
