package files

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFolderWritesKeepsAndRefuses(t *testing.T) {
	dir := t.TempDir()
	f, err := Open(filepath.Join(dir, "att"), 10)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(strings.NewReader("01234567890")); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("11 bytes into a 10-byte folder: %v", err)
	}
	u, err := f.Write(strings.NewReader("0123456789"))
	if err != nil || u.Size != 10 || string(u.Head) != "0123456789" {
		t.Fatalf("write: %+v %v", u, err)
	}
	if _, err := f.OpenFile(u.Name); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a staged file opened before Keep: %v", err)
	}
	if err := u.Keep(); err != nil {
		t.Fatal(err)
	}
	r, err := f.OpenFile(u.Name)
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	os.WriteFile(filepath.Join(dir, "secret"), []byte("x"), 0o600)
	for _, name := range []string{"../secret", "/etc/passwd", "", strings.Repeat("A", 25) + "/"} {
		if _, err := f.OpenFile(name); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("OpenFile(%q): %v", name, err)
		}
	}
	entries, _ := os.ReadDir(f.Dir)
	if len(entries) != 1 {
		t.Fatalf("folder holds %d files, want 1", len(entries))
	}
}
