package auth

import "crypto/rand"

// APITokenPrefix starts every personal access token, so a leaked token is
// recognisable (secret scanners, logs) as magecrm's.
const APITokenPrefix = "mcrm_"

// NewAPIToken returns a fresh personal access token, the hash to store
// and the prefix shown to tell tokens apart.
func NewAPIToken() (token, hash, shown string) {
	token = APITokenPrefix + rand.Text() + rand.Text()
	return token, HashToken(token), token[:len(APITokenPrefix)+6]
}
