// Package dbtest hands tests a fresh, migrated database of each dialect:
// an SQLite file in the test's temporary folder, and a new database on the
// PostgreSQL server named by MAGECRM_TEST_POSTGRES (scripts/test starts one).
// Without that server PostgreSQL tests skip — unless CI=true, where a missing
// server fails the test instead.
//
// Every test that touches storage runs on both dialects by default:
// Dialects (or DialectURLs, for a program that opens the database itself)
// is the way in. A test meant for one dialect opens it with SQLiteOnly or
// PostgresURL and says why.
//
// Of magecrm, it imports only: db.
package dbtest
