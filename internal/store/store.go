package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"magecrm/internal/db"
	"magecrm/internal/secret"
)

// ErrNotFound means the record does not exist (or is out of the caller's scope).
var ErrNotFound = errors.New("not found")

// ErrDuplicate means a unique value (a user name, a name) is already taken.
var ErrDuplicate = errors.New("already exists")

// Refusal is a rule the database's content does not allow, worded so it
// can be shown to the person who asked.
type Refusal string

func (r Refusal) Error() string { return string(r) }

// Store runs magecrm's queries on one database.
type Store struct {
	DB *db.DB
	// Secrets seals credentials on their way into the database and opens
	// them on the way out: they are never stored in plain text.
	Secrets *secret.Box
	// replica remembers whether the role may turn the row triggers off
	// for an import batch (PostgreSQL only; see rowTriggersOff).
	replica replicaCheck
}

// New returns a store on d that seals credentials with box.
func New(d *db.DB, box *secret.Box) *Store { return &Store{DB: d, Secrets: box} }

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Tx runs fn in one transaction, committed when fn returns nil.
func (s *Store) Tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// millis is how times are stored: Unix milliseconds, UTC.
func millis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// fromMillis turns a stored time back into a time.Time (zero for 0).
func fromMillis(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}

// isUniqueViolation reports whether err is a unique-constraint failure on
// either dialect.
func isUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "SQLSTATE 23505")
}

// notFound maps sql.ErrNoRows to ErrNotFound and adds context to others.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// listPlaceholders is placeholders for a long list of values in a
// statement that starts with $1 … $from-1: on SQLite "?, ?, …", which
// SQLite numbers on from the largest number before them, because its
// driver and parser look every numbered parameter up by name, a cost that
// grows with the square of their count (5 % of a first import's CPU with
// lists of 1,000 ids).
func listPlaceholders(d db.Dialect, from, n int) string {
	if d == db.SQLite {
		return strings.Repeat("?, ", n-1) + "?"
	}
	return placeholders(from, n)
}

// placeholders returns "$from, $from+1, …" for n values.
func placeholders(from, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "$%d", from+i)
	}
	return b.String()
}

func itoa(n int) string { return strconv.Itoa(n) }

// lockTree makes the parent changes of one organization's tree (accounts,
// business units) take turns on PostgreSQL, where READ COMMITTED would let
// two transactions each check the tree before the other writes and
// together make a cycle. SQLite's write transactions already take turns.
func (s *Store) lockTree(ctx context.Context, tx *sql.Tx, tree string, orgID int64) error {
	if s.DB.Dialect != db.Postgres {
		return nil
	}
	key := fmt.Sprintf("%s parents %d", tree, orgID)
	if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", key); err != nil {
		return fmt.Errorf("lock the %s tree: %w", tree, err)
	}
	return nil
}
