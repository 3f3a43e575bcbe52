package db

import (
	"context"
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
