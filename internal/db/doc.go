// Package db opens magecrm's database — an SQLite file (the default) or a
// PostgreSQL server — and applies the embedded migrations of its dialect.
//
// It knows nothing of the tables' meaning: the store package owns the queries.
// Both dialects accept the same "$1, $2" placeholders, so queries are shared;
// the few statements that differ ask DB.Dialect. Of magecrm, it imports
// nothing.
package db
