package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// FileName is the secret's file inside the data folder.
const FileName = "secret.key"

// sealedPrefix marks a sealed value and its format version.
const sealedPrefix = "v1:"

// ErrTampered means a sealed value does not open with this instance's
// secret: it was changed, or it was sealed with another secret.
var ErrTampered = errors.New("stored credential cannot be decrypted: it was changed, or the instance secret is not the one it was saved with")

// Box seals and opens values with a key derived from the instance secret.
type Box struct {
	aead cipher.AEAD
}

// New derives the encryption key from secret, which must be at least 16
// characters long.
func New(secret string) (*Box, error) {
	if len(secret) < 16 {
		return nil, errors.New("the instance secret must be at least 16 characters long")
	}
	key := sha256.Sum256([]byte("magecrm credentials v1\x00" + secret))
	block, err := aes.NewCipher(key[:])
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Box{aead: aead}, nil
}

// Load returns the box for the instance: from envSecret when it is set,
// otherwise from dataDir/secret.key, which is created with a random secret
// (mode 0600) when missing.
func Load(envSecret, dataDir string) (*Box, error) {
	if envSecret != "" {
		return New(envSecret)
	}
	path := filepath.Join(dataDir, FileName)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return create(path)
	}
	if err != nil {
		return nil, fmt.Errorf("read instance secret: %w", err)
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("instance secret %s is readable by other users (mode %v): run chmod 600 on it", path, fi.Mode().Perm())
	}
	return New(strings.TrimSpace(string(b)))
}

func create(path string) (*Box, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	raw := make([]byte, 32)
	rand.Read(raw)
	s := hex.EncodeToString(raw)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) { // another process created it first
		return Load("", filepath.Dir(path))
	}
	if err != nil {
		return nil, fmt.Errorf("create instance secret: %w", err)
	}
	if _, err := f.WriteString(s + "\n"); err != nil {
		f.Close()
		return nil, fmt.Errorf("write instance secret: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("write instance secret: %w", err)
	}
	return New(s)
}

// Seal encrypts plaintext. context binds the value to where it is stored
// (for example "channel 3 password"): a sealed value copied to another
// place does not open there.
func (b *Box) Seal(plaintext, context string) string {
	nonce := make([]byte, b.aead.NonceSize())
	rand.Read(nonce)
	out := b.aead.Seal(nonce, nonce, []byte(plaintext), []byte(context))
	return sealedPrefix + base64.RawStdEncoding.EncodeToString(out)
}

// Open decrypts a value made by Seal with the same context.
func (b *Box) Open(sealed, context string) (string, error) {
	rest, ok := strings.CutPrefix(sealed, sealedPrefix)
	if !ok {
		return "", ErrTampered
	}
	raw, err := base64.RawStdEncoding.DecodeString(rest)
	if err != nil || len(raw) < b.aead.NonceSize() {
		return "", ErrTampered
	}
	nonce, ct := raw[:b.aead.NonceSize()], raw[b.aead.NonceSize():]
	pt, err := b.aead.Open(nil, nonce, ct, []byte(context))
	if err != nil {
		return "", ErrTampered
	}
	return string(pt), nil
}
