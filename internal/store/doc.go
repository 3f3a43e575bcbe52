// Package store is magecrm's SQL persistence: one file per aggregate, the
// same queries on SQLite and PostgreSQL. List queries take the access scope
// from acl and build it into their WHERE clause. It knows nothing of HTTP.
package store
