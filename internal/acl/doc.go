// Package acl decides what a user may do: for one record (Decide) and, for
// lists, as a SQL condition built into the query (Scope) — never by
// filtering rows after fetching them.
//
// A role grants, per entity and action, one access level: none, own,
// business unit, division (the unit and every unit below it) or
// organization. A user holds the highest level any of their roles grants.
// A record is owned by a user; "business unit" and "division" compare the
// owner's current business unit, so records follow a user who moves.
// This package holds no I/O: the store loads an Actor for it.
package acl
