package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"magecrm/internal/db"
)

// emailSearchWork names the deferred work that rebuilds the emails' trigram
// index (SQLite, migration 00126) after a first import.
const emailSearchWork = "magento_customer_emails"

// emailSearchRebuild rebuilds the emails' trigram index from every
// customer. FTS5 gathers the index in memory and writes it out as a new
// segment each time it holds hashsize bytes (1 MiB by default), then
// merges the segments; gathering 16 MiB at a time cut the rebuild's CPU of
// 1,000,000 customers from 4.1 to 3.5 s (alternating runs on a copy of the
// same data), for 10 MiB more memory while it runs. The setting is stored
// with the index, so it is set back to the default after.
var emailSearchRebuild = []string{
	"INSERT INTO magento_customer_emails(magento_customer_emails, rank) VALUES ('hashsize', 16777216)",
	"INSERT INTO magento_customer_emails(magento_customer_emails) VALUES ('rebuild')",
	"INSERT INTO magento_customer_emails(magento_customer_emails, rank) VALUES ('hashsize', 1048576)",
}

// deferEmailSearch stops keeping the emails' trigram index row by row for
// a first import into an empty table, inside DeferCustomerIndexes'
// transaction: its triggers are dropped and saved, with the index's
// rebuild, as one piece of deferred work that RestoreCustomerIndexes runs
// when the import ends (the triggers first, so no later write is missed).
// Kept by the triggers, the index cost a first import 16 µs a customer;
// rebuilt at the end, about 3.5 µs (SQLite's own shell, 200,000 customers).
func deferEmailSearch(ctx context.Context, tx *sql.Tx, d db.Dialect) error {
	if d != db.SQLite {
		return nil // pg_trgm's index is an index: deferred with the others
	}
	names, defs, err := namedStatements(ctx, tx, `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'magento_customer_emails_%' ORDER BY name`)
	if err != nil {
		return fmt.Errorf("read email search triggers: %w", err)
	}
	if len(names) == 0 {
		return nil // none: already deferred by an import that did not finish
	}
	defs = append(defs, emailSearchRebuild...)
	if _, err := tx.ExecContext(ctx, "INSERT INTO deferred_indexes (name, definition) VALUES ($1, $2)",
		emailSearchWork, strings.Join(defs, ";\n")); err != nil {
		return fmt.Errorf("save email search triggers: %w", err)
	}
	for _, name := range names {
		if _, err := tx.ExecContext(ctx, "DROP TRIGGER "+name); err != nil {
			return fmt.Errorf("drop trigger %s: %w", name, err)
		}
	}
	return nil
}
