package dbtest

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"magecrm/internal/db"
)

// PostgresEnv names the variable holding the admin URL of the test server.
const PostgresEnv = "MAGECRM_TEST_POSTGRES"

// Dialects runs fn once per dialect, as subtests named "sqlite" and "postgres".
func Dialects(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, openSQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, openPostgres(t)) })
}

// DialectURLs runs fn once per dialect, as subtests named "sqlite" and
// "postgres", with the address of a new, empty database: an SQLite file
// path and a PostgreSQL URL. It is Dialects for tests of programs that
// open the database themselves (the command line, a sync process).
func DialectURLs(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, filepath.Join(t.TempDir(), "magecrm.db")) })
	t.Run("postgres", func(t *testing.T) { fn(t, PostgresURL(t)) })
}

// SQLiteOnly opens a migrated SQLite database for a test that runs on one
// dialect only; why says why, and is logged with the test.
func SQLiteOnly(t testing.TB, why string) *db.DB {
	t.Helper()
	if why == "" {
		t.Fatal("dbtest.SQLiteOnly: say why this test runs on SQLite only, or use dbtest.Dialects")
	}
	t.Logf("SQLite only: %s", why)
	return openSQLite(t)
}

// openSQLite opens a migrated SQLite database in t's temporary folder.
func openSQLite(t testing.TB) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if err := d.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return d
}

// openPostgres creates a new, migrated database on the test server and
// drops it when t ends.
func openPostgres(t testing.TB) *db.DB {
	t.Helper()
	dsn := PostgresURL(t)
	d, err := db.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if err := d.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return d
}

// PostgresURL creates an empty database on the test server and returns its
// URL; the database is dropped when t ends.
func PostgresURL(t testing.TB) string {
	t.Helper()
	admin := os.Getenv(PostgresEnv)
	if admin == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but %s is not set: PostgreSQL tests must run in CI (run them through scripts/test)", PostgresEnv)
		}
		t.Skipf("%s not set: run scripts/test to test on PostgreSQL", PostgresEnv)
	}
	ctx := context.Background()
	adminDB, err := db.Open(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	name := "t_" + strings.ToLower(rand.Text()[:16])
	if _, err := adminDB.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		adminDB.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		defer adminDB.Close()
		if _, err := adminDB.ExecContext(ctx, "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop test database: %v", err)
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return fmt.Sprint(u)
}
