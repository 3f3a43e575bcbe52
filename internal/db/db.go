package db

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Dialect names the SQL flavour of an open database.
type Dialect string

// The dialects magecrm runs on.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

//go:embed migrations
var migrations embed.FS

// DB is an open database and the dialect it speaks.
type DB struct {
	*sql.DB
	Dialect Dialect
	// queries keeps prepared statements of queries (SQLite; nil on
	// PostgreSQL): see prepared.go.
	queries *preparedQueries
}

// Open connects to dsn: a postgres:// or postgresql:// URL selects PostgreSQL,
// anything else is the path of an SQLite file. It does not migrate.
func Open(ctx context.Context, dsn string) (*DB, error) {
	if IsPostgresURL(dsn) {
		return openPostgres(ctx, dsn)
	}
	return openSQLite(ctx, dsn)
}

// IsPostgresURL reports whether dsn selects PostgreSQL.
func IsPostgresURL(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	sdb, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open PostgreSQL: %w", err)
	}
	sdb.SetMaxOpenConns(20)
	sdb.SetMaxIdleConns(10)
	sdb.SetConnMaxIdleTime(5 * time.Minute)
	if err := sdb.PingContext(ctx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("connect to PostgreSQL at %s: %w", RedactURL(dsn), err)
	}
	return &DB{DB: sdb, Dialect: Postgres}, nil
}

// SQLiteMmapSize is how much of an SQLite database file each connection
// maps (SQLite's limit, 2 GiB), set when it opens. Mapped, the file is read
// in place instead of copying each page not in the connection's 2 MiB page
// cache out of the operating system's file cache with a system call: at
// 200,000 customers those calls were two fifths of the grid's CPU under
// 100 users. The mapping is the file cache itself, not memory of the
// process's own, but every page a connection has read through its mapping
// counts in the process's resident memory (RSS) until that connection
// unmaps the file, once per connection: work that reads the whole file,
// such as an import's index builds, turns it off for its connection
// (PRAGMA mmap_size = 0 unmaps) and sets it back to this before the
// connection returns to the pool.
const SQLiteMmapSize = 2147418112

func openSQLite(ctx context.Context, path string) (*DB, error) {
	// A new database is its owner's alone: SQLite would create it with the
	// umask's mode (often 0644), and gives its -wal and -shm files the
	// database file's mode.
	if path != ":memory:" {
		if f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600); err == nil {
			f.Close()
		}
	}
	// busy_timeout comes before journal_mode: switching to WAL itself needs
	// the lock, and another process may hold it for a moment.
	// synchronous=NORMAL is safe in WAL mode (a power cut may lose the last
	// transactions, never corrupt the file) and makes commits much cheaper.
	// Foreign keys are off by default in SQLite; we rely on them.
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(NORMAL)", "foreign_keys(ON)",
		fmt.Sprintf("mmap_size(%d)", SQLiteMmapSize)} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate") // writers queue on BEGIN instead of failing on upgrade
	dsn := "file:" + path + "?" + q.Encode()
	if path == ":memory:" {
		return nil, errors.New("open SQLite: an in-memory database is not shared between connections; use a file")
	}
	sdb, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open SQLite %s: %w", path, err)
	}
	// SQLite allows one writer at a time; a few connections let readers run
	// beside it in WAL mode.
	sdb.SetMaxOpenConns(4)
	if err := sdb.PingContext(ctx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open SQLite %s: %w", path, err)
	}
	return &DB{DB: sdb, Dialect: SQLite, queries: &preparedQueries{stmts: map[string]*sql.Stmt{}}}, nil
}

// DefaultSQLitePath is where the SQLite file lives inside a data folder.
func DefaultSQLitePath(dataDir string) string {
	return filepath.Join(dataDir, "magecrm.db")
}

// Migrate applies every embedded migration of the database's dialect that
// has not run yet. It is safe to call from several processes at once on
// PostgreSQL (goose takes an advisory lock).
func (d *DB) Migrate(ctx context.Context) error {
	sub, err := fs.Sub(migrations, "migrations/"+string(d.Dialect))
	if err != nil {
		return err
	}
	return d.migrate(ctx, sub)
}

func (d *DB) migrate(ctx context.Context, sub fs.FS) error {
	dialect := goose.DialectSQLite3
	// Work done side by side takes version numbers from separate ranges and
	// lands in any order, so a database may have run a higher version before
	// a lower one appears: apply the lower one then, instead of refusing.
	opts := []goose.ProviderOption{goose.WithAllowOutofOrder(true)}
	if d.Dialect == Postgres {
		dialect = goose.DialectPostgres
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(dialect, d.DB, sub, opts...)
	if err != nil {
		return fmt.Errorf("prepare migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate database: %w", err)
	}
	return nil
}

// RedactURL hides the password of a database URL so it can be logged.
func RedactURL(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(unparseable database URL)"
	}
	return u.Redacted()
}
