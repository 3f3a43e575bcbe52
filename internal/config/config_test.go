package config

import (
	"flag"
	"path/filepath"
	"strings"
	"testing"
)

func parse(t *testing.T, args ...string) Settings {
	t.Helper()
	var s Settings
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	s.Register(fs, true)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestFlagBeatsEnvironmentBeatsDefault(t *testing.T) {
	t.Setenv("MAGECRM_LISTEN", "")
	t.Setenv("MAGECRM_DATA", "")
	if s := parse(t); s.Listen != "127.0.0.1:8080" || s.Data != "./magecrm-data" || s.DB != "" {
		t.Fatalf("defaults: %+v", s)
	}
	t.Setenv("MAGECRM_LISTEN", ":9000")
	t.Setenv("MAGECRM_DB", "postgres://db/magecrm")
	if s := parse(t); s.Listen != ":9000" || s.DB != "postgres://db/magecrm" {
		t.Fatalf("environment not used: %+v", s)
	}
	if s := parse(t, "--listen", "127.0.0.1:7000"); s.Listen != "127.0.0.1:7000" {
		t.Fatalf("flag did not win: %+v", s)
	}
}

func TestValidateFillsSQLitePathAndExplainsBadValues(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	s := Settings{Listen: "127.0.0.1:8080", Data: dir}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if s.DB != filepath.Join(dir, "magecrm.db") {
		t.Fatalf("DB = %q, want the data folder's SQLite file", s.DB)
	}
	for name, bad := range map[string]Settings{
		"listen without port": {Listen: "localhost", Data: dir},
		"db in a missing dir": {Data: dir, DB: "/no/such/dir/x.db"},
		"no data folder":      {},
	} {
		err := bad.Validate()
		if err == nil || !strings.HasPrefix(err.Error(), "--") {
			t.Errorf("%s: err = %v, want a message naming the flag", name, err)
		}
	}
}
