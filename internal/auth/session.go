package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// Session lifetimes: a session ends after IdleTimeout without requests, and
// at the latest MaxAge after sign-in.
const (
	IdleTimeout = 12 * time.Hour
	MaxAge      = 7 * 24 * time.Hour
)

// NewSessionToken returns a fresh random token for the cookie and the hash
// to store: the database never holds a token that could be replayed.
func NewSessionToken() (token, hash string) {
	token = rand.Text() + rand.Text()
	return token, HashToken(token)
}

// HashToken returns the stored form of a session or API token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
