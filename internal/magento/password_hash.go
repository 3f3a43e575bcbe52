package magento

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"

	"golang.org/x/crypto/argon2"
)

// Customer password hashes in Magento 2's own form (Magento\Framework\
// Encryption\Encryptor): "hash:salt:version". Version 2 is Argon2id13 made
// by libsodium's sodium_crypto_pwhash with Magento's parameters: a 32-byte
// key (SODIUM_CRYPTO_SIGN_SEEDBYTES), OPSLIMIT_INTERACTIVE (2 passes),
// MEMLIMIT_INTERACTIVE (64 MiB), one lane, and the salt string's first 16
// bytes (SODIUM_CRYPTO_PWHASH_SALTBYTES) as the salt, hex-encoded.
//
// Version 2 rather than 2.4.7's version 3 ("3_32_2_67108864", the same
// hash with its parameters written out): every Magento since 2.3.2 with
// the sodium extension verifies version 2, while older releases fail on
// version 3 at the customer's sign-in. Magento re-hashes to its newest
// version at the customer's next sign-in.
const (
	passwordHashVersion = "2"
	argonKeyBytes       = 32
	argonPasses         = 2
	argonMemoryKiB      = 64 * 1024
	argonSaltBytes      = 16
)

// saltChars are Magento's Math\Random::getRandomString characters.
const saltChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// hashing bounds the hashes made at once: each holds argonMemoryKiB.
var hashing = make(chan struct{}, 2)

// CustomerPasswordHash returns password hashed as Magento 2 stores a
// customer's: what UpdateCustomer's PasswordHash sends. It holds 64 MiB of
// memory for a moment, as Magento's own hashing does; at most two run at
// once, and one waiting for its turn returns ctx's error when ctx ends.
func CustomerPasswordHash(ctx context.Context, password string) (string, error) {
	select {
	case hashing <- struct{}{}:
	case <-ctx.Done():
		return "", fmt.Errorf("hash a customer password: %w", ctx.Err())
	}
	defer func() { <-hashing }()
	salt := make([]byte, argonSaltBytes)
	for i := range salt {
		salt[i] = saltChars[randomIndex(len(saltChars))]
	}
	key := argon2.IDKey([]byte(password), salt, argonPasses, argonMemoryKiB, 1, argonKeyBytes)
	return hex.EncodeToString(key) + ":" + string(salt) + ":" + passwordHashVersion, nil
}

// randomIndex is a uniform random number below n (n ≤ 256), rejecting the
// bytes that would favour the low values.
func randomIndex(n int) int {
	limit := 256 - 256%n
	var b [1]byte
	for {
		rand.Read(b[:])
		if int(b[0]) < limit {
			return int(b[0]) % n
		}
	}
}
