// Package store is magecrm's SQL persistence: one file per aggregate, the
// same queries on SQLite and PostgreSQL. It alone writes SQL: an access
// scope comes from acl as a typed value (acl.Scope) and scope.go turns it
// into the condition of each table it owns. It knows nothing of HTTP.
//
// Of magecrm, it imports only: acl, auth, db, jobs (the push and email
// outboxes are written in the transaction of their change), model and
// secret.
package store
