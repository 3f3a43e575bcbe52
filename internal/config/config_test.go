package config

import (
	"flag"
	"os"
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

func TestPublicURLAndTrustedProxies(t *testing.T) {
	t.Setenv("MAGECRM_PUBLIC_URL", "https://crm.example.com/")
	t.Setenv("MAGECRM_TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.7 ,::1")
	s := parse(t)
	s.Data = t.TempDir()
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if s.PublicBase == nil || s.PublicBase.Scheme != "https" || s.PublicBase.Host != "crm.example.com" {
		t.Fatalf("public base %v", s.PublicBase)
	}
	var proxies []string
	for _, p := range s.Proxies {
		proxies = append(proxies, p.String())
	}
	if strings.Join(proxies, " ") != "10.0.0.0/8 192.0.2.7/32 ::1/128" {
		t.Fatalf("proxies %v", proxies)
	}
	for flagValue, want := range map[string]string{
		"--public-url=crm.example.com":       "give the address people open",
		"--public-url=ftp://crm.example.com": "give the address people open",
		"--trusted-proxies=10.0.0.0/33":      "neither an address nor a CIDR range",
		"--trusted-proxies=proxy.internal":   "neither an address nor a CIDR range",
	} {
		s := parse(t, flagValue)
		s.Data = t.TempDir()
		if err := s.Validate(); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want a message containing %q", flagValue, err, want)
		}
	}
}

func TestAttachmentSettings(t *testing.T) {
	dir := t.TempDir()
	s := Settings{Data: dir}
	if err := s.Validate(); err != nil || s.AttachmentLimitMB != DefaultAttachmentLimitMB || s.Attachments != filepath.Join(dir, "attachments") {
		t.Fatalf("defaults: %+v %v", s, err)
	}
	t.Setenv("MAGECRM_ATTACHMENT_LIMIT_MB", "lots")
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	s = Settings{}
	s.Register(fs, false)
	fs.Parse([]string{"--data", dir})
	if err := s.Validate(); err == nil || !strings.Contains(err.Error(), "--attachment-limit") {
		t.Fatalf("a limit that is not a number: %v", err)
	}
}

func TestTightenPermissionsClosesAnOpenDataFolderAndDatabase(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	dbFile := filepath.Join(dir, "magecrm.db")
	for _, p := range []string{dbFile, dbFile + "-wal"} {
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.Chmod(dir, 0o755) // whatever the umask made of it
	s := Settings{Data: dir}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	changed, err := s.TightenPermissions()
	if err != nil {
		t.Fatal(err)
	}
	if len(changed) != 3 || !strings.Contains(changed[0], "mode 0755") || !strings.Contains(changed[0], "now 0700") {
		t.Fatalf("changes reported: %q", changed)
	}
	for p, want := range map[string]os.FileMode{dir: 0o700, dbFile: 0o600, dbFile + "-wal": 0o600} {
		if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %04o", p, fi.Mode().Perm(), want)
		}
	}
	if again, _ := s.TightenPermissions(); len(again) != 0 {
		t.Fatalf("a second start changed %q", again)
	}
}
