package db

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// CopyRows writes n rows into table with PostgreSQL's COPY, on conn and in
// whatever transaction conn is in: row(i) gives the values of columns for
// row i. It reaches the pgx connection under database/sql through
// (*sql.Conn).Raw; PostgreSQL only.
func CopyRows(ctx context.Context, conn *sql.Conn, table string, columns []string, n int, row func(i int) ([]any, error)) error {
	return conn.Raw(func(driverConn any) error {
		c, ok := driverConn.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("copy into %s: not a PostgreSQL connection", table)
		}
		copied, err := c.Conn().CopyFrom(ctx, pgx.Identifier{table}, columns, pgx.CopyFromSlice(n, row))
		if err != nil {
			return fmt.Errorf("copy into %s: %w", table, err)
		}
		if copied != int64(n) {
			return fmt.Errorf("copy into %s: %d of %d rows written", table, copied, n)
		}
		return nil
	})
}
