// Package auth hashes passwords (argon2id), makes session and API tokens and knows
// the sign-in throttling rule. It stores nothing itself: the store keeps
// only hashes of what this package makes.
//
// Of magecrm, it imports nothing.
package auth
