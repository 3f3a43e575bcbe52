package db

import (
	"context"
	"os"
	"testing"
	"testing/fstest"
)

// TestMigrateTakesAVersionThatLandedLate: a database that ran versions 1
// and 3 takes version 2 when it appears, rather than refusing to start.
// The ordering rule is goose's and the same on both dialects, so SQLite
// alone shows it.
func TestMigrateTakesAVersionThatLandedLate(t *testing.T) {
	ctx := context.Background()
	d, err := Open(ctx, t.TempDir()+"/late.db")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	file := func(table string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("-- +goose Up\nCREATE TABLE " + table + " (id INTEGER);\n")}
	}
	early := fstest.MapFS{"00001_a.sql": file("a"), "00003_c.sql": file("c")}
	if err := d.migrate(ctx, early); err != nil {
		t.Fatal(err)
	}
	late := fstest.MapFS{"00001_a.sql": file("a"), "00002_b.sql": file("b"), "00003_c.sql": file("c")}
	if err := d.migrate(ctx, late); err != nil {
		t.Fatalf("a version that landed late: %v", err)
	}
	if _, err := d.ExecContext(ctx, "INSERT INTO b (id) VALUES (1)"); err != nil {
		t.Errorf("version 2 did not run: %v", err)
	}
}

// TestNewSQLiteDatabaseIsTheOwnersAlone: a database file magecrm creates,
// and its write-ahead log, are mode 0600 whatever the umask. File modes
// exist only for SQLite's files.
func TestNewSQLiteDatabaseIsTheOwnersAlone(t *testing.T) {
	path := t.TempDir() + "/new.db"
	d, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.ExecContext(context.Background(), "CREATE TABLE t (id INTEGER)"); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if mode := fi.Mode().Perm(); mode != 0o600 {
			t.Errorf("%s has mode %04o, want 0600", p, mode)
		}
	}
}
