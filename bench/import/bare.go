package main

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"magecrm/internal/db"
	"magecrm/internal/secret"
	"magecrm/internal/store"
)

// The columns the import fills, with the ids it stored: the bare baseline
// writes exactly these.
var (
	bareCustomerColumns = []string{"id", "organization_id", "channel_id", "origin_id", "website_id", "store_id", "group_id",
		"prefix", "first_name", "middle_name", "last_name", "suffix", "email", "dob", "gender", "taxvat", "created_in",
		"confirmed", "is_subscribed", "billing_country", "billing_region", "remote_created_at", "remote_updated_at",
		"remote_hash", "owner_user_id", "created_at", "updated_at", "imported_at", "synced_at"}
	bareAddressColumns = []string{"customer_id", "origin_id", "prefix", "first_name", "middle_name", "last_name", "suffix",
		"company", "street", "city", "region_code", "region", "region_id", "postcode", "country_id", "telephone", "vat_id",
		"is_default_billing", "is_default_shipping"}
)

// bareWrite is the database's own limit for the rows an import wrote: it
// reads them back from the database the write-only phase filled, empties
// the tables, drops the count trigger and the secondary indexes the import
// defers, and times writing the same rows again from memory by the
// dialect's bulk path (PostgreSQL: COPY through pgx's CopyFrom without
// the foreign-key checks of each row, as the import does; SQLite: multi-row prepared INSERTs with the import's
// pragmas) plus building the indexes at the end.
func bareWrite(p params) (result, error) {
	ctx := context.Background()
	d, err := db.Open(ctx, p.dsn)
	if err != nil {
		return result{}, err
	}
	defer d.Close()
	customers, err := readRows(ctx, d, "magento_customers", bareCustomerColumns)
	if err != nil {
		return result{}, err
	}
	addresses, err := readRows(ctx, d, "magento_addresses", bareAddressColumns)
	if err != nil {
		return result{}, err
	}
	box, err := secret.New("benchmark instance secret 0123456789")
	if err != nil {
		return result{}, err
	}
	st := store.New(d, box)
	if err := emptyForBare(ctx, st); err != nil {
		return result{}, err
	}
	conn, err := d.Conn(ctx)
	if err != nil {
		return result{}, err
	}
	defer conn.Close()
	start, cpu := time.Now(), cpuSeconds()
	write := insertRows
	if d.Dialect == db.Postgres {
		// Without the foreign-key checks of each row, as the import's
		// COPYs run where the role may (store.rowTriggersOff).
		if _, err := conn.ExecContext(ctx, "SET session_replication_role = replica"); err != nil {
			return result{}, err
		}
		write = copyRows
	}
	if err := write(ctx, conn, "magento_customers", bareCustomerColumns, customers); err != nil {
		return result{}, err
	}
	if err := write(ctx, conn, "magento_addresses", bareAddressColumns, addresses); err != nil {
		return result{}, err
	}
	indexes := time.Now()
	if err := st.RestoreCustomerIndexes(ctx, nil); err != nil {
		return result{}, err
	}
	return result{Count: len(customers), Seconds: time.Since(start).Seconds(), IndexSeconds: time.Since(indexes).Seconds(),
		CPUSeconds: cpuSeconds() - cpu}, nil
}

// readRows loads columns of every row of table.
func readRows(ctx context.Context, d *db.DB, table string, columns []string) ([][]any, error) {
	rows, err := d.QueryContext(ctx, "SELECT "+strings.Join(columns, ", ")+" FROM "+table+" ORDER BY 1")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][]any
	for rows.Next() {
		vals := make([]any, len(columns))
		dest := make([]any, len(columns))
		for i := range vals {
			dest[i] = &vals[i]
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		out = append(out, vals)
	}
	return out, rows.Err()
}

// emptyForBare empties the customer tables and takes the count trigger and
// the deferred indexes off magento_customers.
func emptyForBare(ctx context.Context, st *store.Store) error {
	stmts := []string{"DELETE FROM magento_addresses", "DELETE FROM magento_customers", "DROP TRIGGER magento_customer_counts_insert"}
	if st.DB.Dialect == db.Postgres {
		stmts = []string{"TRUNCATE magento_customers CASCADE", "ALTER TABLE magento_customers DISABLE TRIGGER USER"}
	}
	for _, s := range stmts {
		if _, err := st.DB.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	deferred, err := st.DeferCustomerIndexes(ctx)
	if err == nil && !deferred {
		err = fmt.Errorf("no index deferred")
	}
	return err
}

func copyRows(ctx context.Context, conn *sql.Conn, table string, columns []string, rows [][]any) error {
	return db.CopyRows(ctx, conn, table, columns, len(rows), func(i int) ([]any, error) { return rows[i], nil })
}

// insertRows writes rows by multi-row prepared INSERTs of 250 rows, in
// transactions of 10,000 rows, with the pragmas of the import's batches.
func insertRows(ctx context.Context, conn *sql.Conn, table string, columns []string, rows [][]any) error {
	const perStmt, perTx = 250, 10_000
	for _, p := range []string{"PRAGMA cache_size = -131072", "PRAGMA wal_autocheckpoint = 8192", "PRAGMA temp_store = MEMORY"} {
		if _, err := conn.ExecContext(ctx, p); err != nil {
			return err
		}
	}
	one := "(" + strings.Repeat("?, ", len(columns)-1) + "?)"
	query := "INSERT INTO " + table + " (" + strings.Join(columns, ", ") + ") VALUES " + strings.Repeat(one+", ", perStmt-1) + one
	for start := 0; start < len(rows); start += perTx {
		part := rows[start:min(start+perTx, len(rows))]
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		stmt, err := tx.PrepareContext(ctx, query)
		if err != nil {
			tx.Rollback()
			return err
		}
		args := make([]any, 0, perStmt*len(columns))
		for len(part) > 0 {
			args = args[:0]
			n := min(perStmt, len(part))
			for _, r := range part[:n] {
				args = append(args, r...)
			}
			if n == perStmt {
				_, err = stmt.ExecContext(ctx, args...)
			} else {
				_, err = tx.ExecContext(ctx, "INSERT INTO "+table+" ("+strings.Join(columns, ", ")+") VALUES "+
					strings.Repeat(one+", ", n-1)+one, args...)
			}
			if err != nil {
				tx.Rollback()
				return fmt.Errorf("insert into %s: %w", table, err)
			}
			part = part[n:]
		}
		stmt.Close()
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}
