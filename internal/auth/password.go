package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"github.com/trustelem/zxcvbn"
	"github.com/trustelem/zxcvbn/frequency"
	"golang.org/x/crypto/argon2"
)

// Argon2id parameters: OWASP's recommended minimum (19 MiB, 2 passes, 1
// lane) keeps a sign-in around 30 ms on one core while making offline
// guessing expensive.
const (
	argonMemoryKiB = 19 * 1024
	argonTime      = 2
	argonThreads   = 1
	argonKeyLen    = 32
	saltLen        = 16
)

// ErrMismatch means a password does not match its hash.
var ErrMismatch = errors.New("password does not match")

// HashPassword returns an argon2id hash of password in the PHC string
// format, so parameters can change later without breaking stored hashes.
func HashPassword(password string) string {
	salt := make([]byte, saltLen)
	rand.Read(salt)
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemoryKiB, argonThreads, argonKeyLen)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, argonMemoryKiB, argonTime, argonThreads, enc.EncodeToString(salt), enc.EncodeToString(key))
}

// CheckPassword compares password with a hash made by HashPassword in
// constant time. It returns ErrMismatch for a wrong password.
func CheckPassword(hash, password string) error {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return errors.New("unknown password hash format")
	}
	var version int
	var mem, iters uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return errors.New("unsupported argon2 version")
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &iters, &threads); err != nil {
		return fmt.Errorf("bad argon2 parameters: %w", err)
	}
	enc := base64.RawStdEncoding
	salt, err := enc.DecodeString(parts[4])
	if err != nil {
		return errors.New("bad argon2 salt")
	}
	want, err := enc.DecodeString(parts[5])
	if err != nil {
		return errors.New("bad argon2 key")
	}
	got := argon2.IDKey([]byte(password), salt, iters, mem, threads, uint32(len(want)))
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return ErrMismatch
	}
	return nil
}

// dummyHash is checked against when a user name is unknown, so that a wrong
// user name takes as long as a wrong password.
var dummyHash = HashPassword("no such user")

// BurnTime does the work of one password check and throws it away.
func BurnTime(password string) { _ = CheckPassword(dummyHash, password) }

// RandomPassword returns a random password of 20 characters drawn from
// letters and digits, with each class present.
func RandomPassword() string {
	for {
		p := rand.Text()[:16] // base32: upper case and digits 2-7
		p = strings.ToLower(p[:6]) + p[6:]
		if strings.ContainsAny(p, "234567") {
			return p + "-Aa9"
		}
	}
}

// MaxPasswordLength is the longest password there can be.
const MaxPasswordLength = 256

// MinPasswordScore is the least zxcvbn score a user's password needs:
// 2 means more than a million guesses, beyond what sign-in throttling lets
// anyone try online; argon2id makes each offline guess costly.
const MinPasswordScore = 2

// commonPasswords are the 30,000 most common passwords, ranked, from the
// zxcvbn library's own lists.
var commonPasswords = func() map[string]bool {
	m := map[string]bool{}
	for _, p := range frequency.FrequencyLists["passwords"] {
		m[p] = true
	}
	return m
}()

// PolicyError says what a new user password lacks, or "". userInputs are
// what others know of the user (user name, names, email): a password
// built on them is easier to guess. Customers' passwords follow Magento's
// rules instead.
func PolicyError(password string, userInputs ...string) string {
	switch {
	case len(password) < 10:
		return "Use at least 10 characters."
	case len(password) > MaxPasswordLength:
		return fmt.Sprintf("Use at most %d characters.", MaxPasswordLength)
	case strings.TrimSpace(password) != password:
		return "The password can't begin or end with a space."
	case commonPasswords[strings.ToLower(password)]:
		return "This is one of the most common passwords: choose another."
	}
	var inputs []string
	for _, in := range userInputs {
		if in = strings.ToLower(strings.TrimSpace(in)); in != "" {
			inputs = append(inputs, in)
			if at := strings.IndexByte(in, '@'); at > 0 {
				inputs = append(inputs, in[:at])
			}
		}
	}
	if zxcvbn.PasswordStrength(password, append(inputs, "magecrm")).Score < MinPasswordScore {
		return "This password is too easy to guess (repeated or nearby keys, a common word or name, a date, or the user's own name). Use a few unrelated words, or more characters of different kinds."
	}
	return ""
}
