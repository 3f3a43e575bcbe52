// Package config reads magecrm's settings from flags and MAGECRM_*
// environment variables; a flag given on the command line wins over the
// environment, which wins over the default.
package config

import (
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"

	"magecrm/internal/db"
)

// Settings are what every subcommand that opens the database needs.
type Settings struct {
	Listen string // address the web server listens on
	Data   string // folder for the SQLite file, the secret and attachments
	DB     string // SQLite path or postgres:// URL; empty means the data folder's SQLite file
	Secret string // instance secret; empty means the data folder's secret file
}

// Register adds the settings' flags to fs, with defaults from the environment.
func (s *Settings) Register(fs *flag.FlagSet, withListen bool) {
	if withListen {
		fs.StringVar(&s.Listen, "listen", env("MAGECRM_LISTEN", "127.0.0.1:8080"), "address to serve on (env MAGECRM_LISTEN)")
	}
	fs.StringVar(&s.Data, "data", env("MAGECRM_DATA", "./magecrm-data"), "data folder: SQLite file, instance secret, attachments (env MAGECRM_DATA)")
	fs.StringVar(&s.DB, "db", env("MAGECRM_DB", ""), "database: an SQLite file path or a postgres:// URL (env MAGECRM_DB; default: magecrm.db in the data folder)")
	s.Secret = os.Getenv("MAGECRM_SECRET")
}

// Validate checks the settings and fills in derived defaults.
func (s *Settings) Validate() error {
	if s.Listen != "" {
		if _, _, err := net.SplitHostPort(s.Listen); err != nil {
			return fmt.Errorf("--listen %q: give a host and port, like 127.0.0.1:8080 or :8080", s.Listen)
		}
	}
	if s.Data == "" {
		return fmt.Errorf("--data: give a folder for magecrm's data")
	}
	if err := os.MkdirAll(s.Data, 0o700); err != nil {
		return fmt.Errorf("--data %s: cannot create the folder: %w", s.Data, err)
	}
	if s.DB == "" {
		s.DB = db.DefaultSQLitePath(s.Data)
	} else if !db.IsPostgresURL(s.DB) {
		if dir := filepath.Dir(s.DB); dir != "" {
			if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
				return fmt.Errorf("--db %s: folder %s does not exist (or use a postgres:// URL)", s.DB, dir)
			}
		}
	}
	return nil
}

func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
