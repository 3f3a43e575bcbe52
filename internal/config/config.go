package config

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"net"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"magecrm/internal/db"
)

// Settings are what every subcommand that opens the database needs.
type Settings struct {
	Listen string // address the web server listens on
	Data   string // folder for the SQLite file, the secret and attachments
	DB     string // SQLite path or postgres:// URL; empty means the data folder's SQLite file
	Secret string // instance secret; empty means the data folder's secret file

	// PublicURL is the address people open when a proxy stands in front
	// (e.g. https://crm.example.com/); empty when they open Listen itself.
	PublicURL string
	// TrustedProxies lists the proxies (addresses or CIDR ranges, comma
	// separated) whose X-Forwarded-For header names the client.
	TrustedProxies string

	// Filled by Validate from the two above.
	PublicBase *url.URL
	Proxies    []netip.Prefix

	// WebhooksAllowPrivate lets webhooks be delivered to loopback and
	// private addresses.
	WebhooksAllowPrivate bool
	// WebhookLogDays is how many days delivered webhook deliveries stay in
	// the delivery log, WebhookFailedLogDays those given up on (0: the
	// defaults below).
	WebhookLogDays, WebhookFailedLogDays int

	// Attachments is the folder attachment files are kept in; empty means
	// "attachments" in the data folder.
	Attachments string
	// AttachmentLimitMB is the largest attachment accepted, in megabytes
	// (0: DefaultAttachmentLimitMB).
	AttachmentLimitMB int
}

// DefaultAttachmentLimitMB is the attachment size limit unless set.
const DefaultAttachmentLimitMB = 25

// How many days webhook deliveries stay in the delivery log unless set:
// those delivered, and those given up on (kept longer, to be looked into).
const (
	DefaultWebhookLogDays       = 30
	DefaultWebhookFailedLogDays = 90
)

// Register adds the settings' flags to fs, with defaults from the environment.
func (s *Settings) Register(fs *flag.FlagSet, withListen bool) {
	if withListen {
		fs.StringVar(&s.Listen, "listen", env("MAGECRM_LISTEN", "127.0.0.1:8080"), "address to serve on (env MAGECRM_LISTEN)")
		fs.StringVar(&s.PublicURL, "public-url", env("MAGECRM_PUBLIC_URL", ""), "the address people open, e.g. https://crm.example.com/, when a proxy stands in front; https makes cookies Secure (env MAGECRM_PUBLIC_URL)")
		fs.BoolVar(&s.WebhooksAllowPrivate, "webhooks-allow-private", env("MAGECRM_WEBHOOKS_ALLOW_PRIVATE", "") == "1", "deliver webhooks to loopback and private addresses too, e.g. a receiver on this machine (env MAGECRM_WEBHOOKS_ALLOW_PRIVATE=1)")
		fs.IntVar(&s.WebhookLogDays, "webhook-log-days", envInt("MAGECRM_WEBHOOK_LOG_DAYS", DefaultWebhookLogDays), "days delivered webhook deliveries stay in the delivery log (env MAGECRM_WEBHOOK_LOG_DAYS)")
		fs.IntVar(&s.WebhookFailedLogDays, "webhook-failed-log-days", envInt("MAGECRM_WEBHOOK_FAILED_LOG_DAYS", DefaultWebhookFailedLogDays), "days webhook deliveries given up on stay in the delivery log (env MAGECRM_WEBHOOK_FAILED_LOG_DAYS)")
		fs.StringVar(&s.TrustedProxies, "trusted-proxies", env("MAGECRM_TRUSTED_PROXIES", ""), "comma-separated addresses or CIDR ranges of proxies whose X-Forwarded-For names the client (env MAGECRM_TRUSTED_PROXIES)")
	}
	fs.StringVar(&s.Data, "data", env("MAGECRM_DATA", "./magecrm-data"), "data folder: SQLite file, instance secret, attachments (env MAGECRM_DATA)")
	fs.StringVar(&s.DB, "db", env("MAGECRM_DB", ""), "database: an SQLite file path or a postgres:// URL (env MAGECRM_DB; default: magecrm.db in the data folder)")
	fs.StringVar(&s.Attachments, "attachments", env("MAGECRM_ATTACHMENTS", ""), "folder for attachment files (env MAGECRM_ATTACHMENTS; default: attachments in the data folder)")
	fs.IntVar(&s.AttachmentLimitMB, "attachment-limit", envInt("MAGECRM_ATTACHMENT_LIMIT_MB", DefaultAttachmentLimitMB), "largest attachment accepted, in MB (env MAGECRM_ATTACHMENT_LIMIT_MB)")
	s.Secret = os.Getenv("MAGECRM_SECRET")
}

// Validate checks the settings and fills in derived defaults.
func (s *Settings) Validate() error {
	if s.Listen != "" {
		if _, _, err := net.SplitHostPort(s.Listen); err != nil {
			return fmt.Errorf("--listen %q: give a host and port, like 127.0.0.1:8080 or :8080", s.Listen)
		}
	}
	if err := s.parseSite(); err != nil {
		return err
	}
	if s.Data == "" {
		return fmt.Errorf("--data: give a folder for magecrm's data")
	}
	if err := os.MkdirAll(s.Data, 0o700); err != nil {
		return fmt.Errorf("--data %s: cannot create the folder: %w", s.Data, err)
	}
	if s.AttachmentLimitMB == 0 {
		s.AttachmentLimitMB = DefaultAttachmentLimitMB
	}
	if s.AttachmentLimitMB < 1 || s.AttachmentLimitMB > 10240 {
		return fmt.Errorf("--attachment-limit %d: give a size in MB from 1 to 10240", s.AttachmentLimitMB)
	}
	for _, d := range []struct {
		days *int
		def  int
		flag string
	}{{&s.WebhookLogDays, DefaultWebhookLogDays, "webhook-log-days"}, {&s.WebhookFailedLogDays, DefaultWebhookFailedLogDays, "webhook-failed-log-days"}} {
		if *d.days == 0 {
			*d.days = d.def
		}
		if *d.days < 1 || *d.days > 3650 {
			return fmt.Errorf("--%s %d: give a number of days from 1 to 3650", d.flag, *d.days)
		}
	}
	if s.Attachments == "" {
		s.Attachments = filepath.Join(s.Data, "attachments")
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

// parseSite checks PublicURL and TrustedProxies and fills PublicBase and
// Proxies.
func (s *Settings) parseSite() error {
	if s.PublicURL != "" {
		u, err := url.Parse(s.PublicURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			return fmt.Errorf("--public-url %q: give the address people open, like https://crm.example.com/", s.PublicURL)
		}
		s.PublicBase = u
	}
	s.Proxies = nil
	for _, part := range strings.Split(s.TrustedProxies, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		p, err := netip.ParsePrefix(part)
		if err != nil {
			a, aerr := netip.ParseAddr(part)
			if aerr != nil {
				return fmt.Errorf("--trusted-proxies: %q is neither an address nor a CIDR range like 10.0.0.0/8", part)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		s.Proxies = append(s.Proxies, p.Masked())
	}
	return nil
}

// envInt reads a whole number from the environment; a value that is not
// one is kept as -1 so Validate reports it.
func envInt(name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return -1
	}
	return n
}

// TightenPermissions closes the data folder (to 0700) and an SQLite
// database file with its -wal and -shm companions (to 0600) when others
// may read them, and returns what it changed, to warn about. A folder made
// by an older magecrm, or a file copied in, keeps the mode it came with.
func (s *Settings) TightenPermissions() ([]string, error) {
	var changed []string
	tighten := func(path string, want os.FileMode) error {
		fi, err := os.Stat(path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		if mode := fi.Mode().Perm(); mode&0o077 != 0 {
			if err := os.Chmod(path, want); err != nil {
				return fmt.Errorf("restrict %s to its owner: %w", path, err)
			}
			changed = append(changed, fmt.Sprintf("%s was open to others (mode %04o); it is now %04o", path, mode, want))
		}
		return nil
	}
	if err := tighten(s.Data, 0o700); err != nil {
		return changed, err
	}
	if s.DB != "" && !db.IsPostgresURL(s.DB) {
		for _, p := range []string{s.DB, s.DB + "-wal", s.DB + "-shm"} {
			if err := tighten(p, 0o600); err != nil {
				return changed, err
			}
		}
	}
	return changed, nil
}
