// Package model holds magecrm's plain domain types and the rules that need
// no I/O. Of magecrm, it imports only: acl (its vocabulary of entities and
// levels).
package model
