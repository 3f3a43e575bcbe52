package webhook

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"
)

// Header names of a delivery.
const (
	SignatureHeader = "Magecrm-Signature"
	EventHeader     = "Magecrm-Event"
	DeliveryHeader  = "Magecrm-Delivery"
)

// SecretPrefix starts every webhook secret, so one is recognized in a
// receiver's configuration.
const SecretPrefix = "whsec_"

// NewSecret makes a webhook secret: SecretPrefix and 32 random bytes in hex.
func NewSecret() string {
	b := make([]byte, 32)
	rand.Read(b)
	return SecretPrefix + hex.EncodeToString(b)
}

// Sign returns the Magecrm-Signature header value for body sent at t.
func Sign(secret string, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return "t=" + ts + ",v1=" + mac(secret, ts, body)
}

func mac(secret, ts string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts))
	m.Write([]byte("."))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// Reasons Verify refuses a delivery.
var (
	ErrBadHeader  = errors.New("webhook: the signature header is missing or malformed")
	ErrSignature  = errors.New("webhook: the signature does not match the body")
	ErrOldMessage = errors.New("webhook: the timestamp is outside the tolerance (a replay, or a wrong clock)")
)

// Verify checks a Magecrm-Signature header against body: the HMAC must
// match and its timestamp be within tolerance of now.
func Verify(secret, header string, body []byte, now time.Time, tolerance time.Duration) error {
	var ts string
	var sigs []string
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			sigs = append(sigs, v)
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || len(sigs) == 0 {
		return ErrBadHeader
	}
	want := mac(secret, ts, body)
	ok := false
	for _, s := range sigs {
		ok = ok || hmac.Equal([]byte(s), []byte(want))
	}
	if !ok {
		return ErrSignature
	}
	if d := now.Sub(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return ErrOldMessage
	}
	return nil
}
