// Package auth hashes passwords (argon2id), judges new passwords (length,
// zxcvbn strength, common passwords), bounds concurrent password checks
// (PasswordGate), makes session and API tokens and knows the sign-in
// throttling rules. It stores nothing itself: the store keeps only hashes
// of what this package makes, and the attempts the rules count.
//
// Of magecrm, it imports nothing.
package auth
