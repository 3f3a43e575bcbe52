package auth

import (
	"errors"
	"strings"
	"testing"
)

func TestPasswordHashRoundTrip(t *testing.T) {
	h := HashPassword("correct horse battery")
	if !strings.HasPrefix(h, "$argon2id$v=19$") || strings.Contains(h, "correct horse") {
		t.Fatalf("hash %q is not an argon2id PHC string or shows the password", h)
	}
	if err := CheckPassword(h, "correct horse battery"); err != nil {
		t.Fatalf("right password refused: %v", err)
	}
	if err := CheckPassword(h, "correct horse batterY"); !errors.Is(err, ErrMismatch) {
		t.Fatalf("wrong password: err = %v, want ErrMismatch", err)
	}
	if h == HashPassword("correct horse battery") {
		t.Fatal("two hashes of one password are equal: the salt is not random")
	}
	if err := CheckPassword("plain", "plain"); err == nil || errors.Is(err, ErrMismatch) {
		t.Fatalf("a malformed hash should be an error of its own, got %v", err)
	}
}

func TestRandomPasswordMeetsPolicy(t *testing.T) {
	for range 50 {
		p := RandomPassword()
		if msg := PolicyError(p); msg != "" {
			t.Fatalf("RandomPassword() = %q fails the policy: %s", p, msg)
		}
	}
	if RandomPassword() == RandomPassword() {
		t.Fatal("two random passwords are equal")
	}
}

func TestPolicyError(t *testing.T) {
	for pw, want := range map[string]string{
		"short":                "at least 10",
		" leading-space-long":  "space",
		"good-password-1":      "",
		"aaaaaaaaaa":           "too easy to guess",
		"qwertzuiop":           "most common passwords",
		"1234567890":           "most common passwords",
		"PASSWORD123":          "most common passwords",
		"asdfghjkl;":           "too easy to guess",
		"Password1!":           "too easy to guess",
		"jane.doe1985":         "too easy to guess", // her own name and a year
		"copper-lantern-river": "",
	} {
		if got := PolicyError(pw, "jane.doe", "jane@example.com", "Jane", "Doe"); !strings.Contains(got, want) || (want == "" && got != "") {
			t.Errorf("PolicyError(%q) = %q, want it to mention %q", pw, got, want)
		}
	}
}

func TestSessionTokenHashIsStableAndHidesToken(t *testing.T) {
	tok, h := NewSessionToken()
	if len(tok) < 40 || h != HashToken(tok) || strings.Contains(h, tok) {
		t.Fatalf("token %q hash %q", tok, h)
	}
}
