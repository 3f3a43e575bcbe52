// Package acl decides what a user may do: for one record (Decide) and, for
// lists, as a Scope — a typed value (level, organization, user, business
// units) that store alone turns into a condition of its queries, so lists
// are never filtered after fetching. This package writes no SQL.
//
// A role grants, per entity and action, one access level: none, own,
// business unit, division (the unit and every unit below it) or
// organization. A user holds the highest level any of their roles grants.
// A record is owned by a user; "business unit" and "division" compare the
// owner's current business unit, so records follow a user who moves.
// This package holds no I/O: the store loads an Actor for it. Of magecrm,
// it imports nothing.
package acl
