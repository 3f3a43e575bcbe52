package secret

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSealOpenRoundTrip(t *testing.T) {
	b, err := New("a-long-enough-instance-secret")
	if err != nil {
		t.Fatal(err)
	}
	sealed := b.Seal("hunter2", "channel 1 password")
	if strings.Contains(sealed, "hunter2") {
		t.Fatalf("sealed value shows the plaintext: %q", sealed)
	}
	if again := b.Seal("hunter2", "channel 1 password"); again == sealed {
		t.Fatal("two seals of the same value are equal: the nonce is not random")
	}
	got, err := b.Open(sealed, "channel 1 password")
	if err != nil || got != "hunter2" {
		t.Fatalf("Open = %q, %v; want hunter2", got, err)
	}
}

func TestOpenRefusesWrongContextKeyOrTampering(t *testing.T) {
	b, _ := New("a-long-enough-instance-secret")
	other, _ := New("another-long-instance-secret")
	sealed := b.Seal("hunter2", "channel 1 password")
	flipped := []byte(sealed)
	flipped[len(flipped)-3] ^= 1
	cases := map[string]func() (string, error){
		"other context": func() (string, error) { return b.Open(sealed, "channel 2 password") },
		"other secret":  func() (string, error) { return other.Open(sealed, "channel 1 password") },
		"changed byte":  func() (string, error) { return b.Open(string(flipped), "channel 1 password") },
		"not sealed":    func() (string, error) { return b.Open("hunter2", "channel 1 password") },
	}
	for name, open := range cases {
		if _, err := open(); !errors.Is(err, ErrTampered) {
			t.Errorf("%s: err = %v, want ErrTampered", name, err)
		}
	}
}

func TestLoadCreatesPrivateFileOnceAndReusesIt(t *testing.T) {
	dir := t.TempDir()
	b1, err := Load("", dir)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("secret file mode = %v, want 0600", fi.Mode().Perm())
	}
	b2, err := Load("", dir)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := b2.Open(b1.Seal("x", "c"), "c"); err != nil || got != "x" {
		t.Fatalf("second Load uses another key: %q, %v", got, err)
	}
}

func TestLoadPrefersEnvironmentAndRejectsShortOrExposedSecrets(t *testing.T) {
	dir := t.TempDir()
	if _, err := Load("short", dir); err == nil {
		t.Fatal("a 5-character secret was accepted")
	}
	if _, err := Load("a-long-enough-instance-secret", dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, FileName)); err == nil {
		t.Fatal("a secret file was written although MAGECRM_SECRET was given")
	}
	os.WriteFile(filepath.Join(dir, FileName), []byte("a-long-enough-instance-secret\n"), 0o644)
	if _, err := Load("", dir); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("world-readable secret file: err = %v, want advice to chmod 600", err)
	}
}
