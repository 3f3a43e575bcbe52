package api_test

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"magecrm/internal/api"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
)

// A channel's ca_file is read only when it is a regular PEM file of at
// most 1 MiB, and the answer never says which error stood in the way: a
// check is no oracle for the server's files, and a pipe or a device is
// never read.
func TestCAFilesAreNoFileOracle(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	notPEM := filepath.Join(dir, "secret.txt")
	huge := filepath.Join(dir, "huge.pem")
	os.WriteFile(notPEM, []byte("root:x:0:0"), 0o600)
	os.WriteFile(huge, bytes.Repeat([]byte("A"), 1<<20+10), 0o600)
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		a := newTestAPI(t, d, api.Options{})
		admin := a.token("admin", false)
		creds := map[string]any{"username": "admin", "password": "Sup3r-secret-pw"}
		for _, path := range []string{fifo, dir, huge, notPEM, filepath.Join(dir, "missing.pem")} {
			for _, route := range []string{"/api/v1/channels/check", "/api/v1/channels"} {
				got := a.call(admin, "POST", route, map[string]any{"name": "Shop", "base_url": "https://shop.example.com/", "credentials": creds, "ca_file": path})
				want := "Magecrm cannot use " + path + " as a CA file: give the path of a readable PEM file of at most 1 MiB."
				if !strings.Contains(string(got.body), want) {
					t.Errorf("POST %s with ca_file %s: %d %s", route, path, got.status, got.body)
				}
				for _, leak := range []string{"no such file", "is a directory", "holds no PEM", "root:x"} {
					if strings.Contains(string(got.body), leak) {
						t.Errorf("POST %s with ca_file %s says %q: %s", route, path, leak, got.body)
					}
				}
				if route == "/api/v1/channels" && got.status != http.StatusUnprocessableEntity {
					t.Errorf("a channel with ca_file %s was saved: %d %s", path, got.status, got.body)
				}
			}
		}
	})
}
