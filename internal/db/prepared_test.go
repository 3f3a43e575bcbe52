package db_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
)

// TestQueriesFromKeptStatements: queries run from kept prepared
// statements give each call's own answer, also while rows of the same
// text are still being read, past the number of texts kept, and report a
// query that does not parse as the database does.
func TestQueriesFromKeptStatements(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.ExecContext(ctx, "CREATE TABLE kept (id INTEGER PRIMARY KEY, name TEXT NOT NULL)"); err != nil {
			t.Fatal(err)
		}
		for i := range 5 {
			if _, err := d.ExecContext(ctx, "INSERT INTO kept (id, name) VALUES ($1, $2)", i+1, fmt.Sprint("n", i+1)); err != nil {
				t.Fatal(err)
			}
		}
		const byID = "SELECT name FROM kept WHERE id = $1"
		for i := range 5 {
			var name string
			if err := d.QueryRowContext(ctx, byID, i+1).Scan(&name); err != nil || name != fmt.Sprint("n", i+1) {
				t.Fatalf("id %d: %q, %v", i+1, name, err)
			}
		}
		const upTo = "SELECT id FROM kept WHERE id <= $1 ORDER BY id"
		outer, err := d.QueryContext(ctx, upTo, 3)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for outer.Next() {
			var id int
			if err := outer.Scan(&id); err != nil {
				t.Fatal(err)
			}
			inner, err := d.QueryContext(ctx, upTo, id) // the same text while the outer rows are open
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for inner.Next() {
				n++
			}
			inner.Close()
			got = append(got, fmt.Sprintf("%d:%d", id, n))
		}
		outer.Close()
		if strings.Join(got, " ") != "1:1 2:2 3:3" {
			t.Errorf("nested reads of one text: %v", got)
		}
		for i := range 300 { // more texts than are kept
			var n int
			if err := d.QueryRowContext(ctx, fmt.Sprintf("SELECT COUNT(*) + %d FROM kept", i)).Scan(&n); err != nil || n != 5+i {
				t.Fatalf("text %d: %d, %v", i, n, err)
			}
		}
		var n int
		err = d.QueryRowContext(ctx, "SELECT COUNT(*) FROM no_such_table").Scan(&n)
		if err == nil || !strings.Contains(err.Error(), "no_such_table") {
			t.Errorf("a query of a missing table: %v", err)
		}
	})
}
