package magesim

import (
	"crypto/md5"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Customer password hashes as Magento\Framework\Encryption\Encryptor makes
// and checks them: "hash:salt:versions", where versions lists every
// algorithm the hash went through, oldest first, separated by ":".
//
//	0  md5(salt . password), hex
//	1  sha256(salt . password), hex
//	2  Argon2id13 by sodium_crypto_pwhash with the store's constants:
//	   SODIUM_CRYPTO_SIGN_SEEDBYTES (32) bytes out,
//	   SODIUM_CRYPTO_PWHASH_OPSLIMIT_INTERACTIVE (2),
//	   SODIUM_CRYPTO_PWHASH_MEMLIMIT_INTERACTIVE (64 MiB), hex
//	3_<seed>_<ops>_<mem>  the same with its parameters written out (2.4.7)
//
// Argon2's salt is the salt string cut or repeated to
// SODIUM_CRYPTO_PWHASH_SALTBYTES (16) bytes; libsodium runs one lane.
const (
	sodiumSeedBytes   = 32
	sodiumOpsLimit    = 2
	sodiumMemLimit    = 64 << 20
	sodiumSaltBytes   = 16
	saltCharacters    = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	defaultSaltLength = 32 // Encryptor::DEFAULT_SALT_LENGTH
)

// agnosticArgon is the version-3 pattern of Encryptor::isValidHash.
var agnosticArgon = regexp.MustCompile(`^3_(\d+)_(\d+)_(\d+)$`)

// passwordMatches is Encryptor::isValidHash for a customer's stored hash:
// password is hashed again through every version the hash lists, with its
// salt, and compared. A value that is not "hash:salt:versions", or names an
// unknown version, matches nothing.
func passwordMatches(password, stored string) bool {
	parts := strings.SplitN(stored, ":", 3)
	if len(parts) != 3 {
		return false
	}
	want, salt := parts[0], parts[1]
	got := password
	for _, v := range strings.Split(parts[2], ":") {
		var ok bool
		if got, ok = rehash(got, salt, v); !ok {
			return false
		}
	}
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// rehash is one step of isValidHash: data through hash version v.
func rehash(data, salt, v string) (string, bool) {
	if salt == "" && v != "0" && v != "1" {
		return "", false // str_pad with an empty salt throws
	}
	if m := agnosticArgon.FindStringSubmatch(v); m != nil {
		seed, _ := strconv.Atoi(m[1])
		ops, _ := strconv.Atoi(m[2])
		mem, _ := strconv.Atoi(m[3])
		if seed <= 0 || ops <= 0 || mem < 1024 {
			return "", false
		}
		return sodiumPwhash(data, salt, seed, ops, mem), true
	}
	switch v {
	case "0":
		sum := md5.Sum([]byte(salt + data))
		return hex.EncodeToString(sum[:]), true
	case "1":
		sum := sha256.Sum256([]byte(salt + data))
		return hex.EncodeToString(sum[:]), true
	case "2":
		return sodiumPwhash(data, salt, sodiumSeedBytes, sodiumOpsLimit, sodiumMemLimit), true
	}
	return "", false
}

// sodiumPwhash is Encryptor::getArgonHash: sodium_crypto_pwhash with
// SODIUM_CRYPTO_PWHASH_ALG_ARGON2ID13, hex-encoded. libsodium takes the
// memory limit in bytes and runs Argon2 on memlimit/1024 KiB, one lane.
func sodiumPwhash(data, salt string, outBytes, ops, memBytes int) string {
	s := salt
	for len(s) < sodiumSaltBytes {
		s += salt // str_pad with the salt itself
	}
	if len(s) > sodiumSaltBytes {
		s = s[:sodiumSaltBytes]
	}
	key := argon2.IDKey([]byte(data), []byte(s), uint32(ops), uint32(memBytes/1024), 1, uint32(outBytes))
	return hex.EncodeToString(key)
}

// newPasswordHash is Encryptor::getHash($password, true, $version) for
// version "1" (what a store without sodium writes, and magesim's creates:
// cheap) or the latest Argon2 version: "3_32_2_67108864" on 2.4, "2" on
// 2.3.
func newPasswordHash(password, version string) string {
	salt := make([]byte, defaultSaltLength)
	for i := range salt {
		var b [1]byte
		for {
			rand.Read(b[:])
			if int(b[0]) < 256-256%len(saltCharacters) {
				break
			}
		}
		salt[i] = saltCharacters[int(b[0])%len(saltCharacters)]
	}
	h, _ := rehash(password, string(salt), version)
	return h + ":" + string(salt) + ":" + version
}

// latestHashVersion is Encryptor::getLatestHashVersion's version string.
func latestHashVersion(legacy bool) string {
	if legacy {
		return "2"
	}
	return fmt.Sprintf("3_%d_%d_%d", sodiumSeedBytes, sodiumOpsLimit, sodiumMemLimit)
}

// isLatestHash is Encryptor::validateHashVersion($hash, true): one
// version, the latest.
func isLatestHash(stored string, legacy bool) bool {
	parts := strings.SplitN(stored, ":", 3)
	return len(parts) == 3 && parts[2] == latestHashVersion(legacy)
}
