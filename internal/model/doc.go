// Package model holds magecrm's plain domain types and the rules that need
// no I/O. It imports nothing of the rest of magecrm but acl's vocabulary.
package model
