package store

import (
	"context"
	"fmt"
	"time"
)

// EmailSettings is the SMTP server an organization sends email through.
type EmailSettings struct {
	Host     string
	Port     int
	Security string // starttls, tls or none
	Username string
	// Password is opened from its sealed form on read and sealed on save.
	Password    string
	FromAddress string
	FromName    string
	UpdatedAt   time.Time
}

func emailPasswordContext(orgID int64) string {
	return fmt.Sprintf("organization %d email password", orgID)
}

// EmailSettings returns an organization's email settings, or ErrNotFound
// when email is not set up.
func (s *Store) EmailSettings(ctx context.Context, orgID int64) (*EmailSettings, error) {
	var e EmailSettings
	var sealed string
	var updated int64
	err := s.DB.QueryRowContext(ctx, `SELECT host, port, security, username, password_sealed, from_address, from_name, updated_at
		FROM email_settings WHERE organization_id = $1`, orgID).
		Scan(&e.Host, &e.Port, &e.Security, &e.Username, &sealed, &e.FromAddress, &e.FromName, &updated)
	if err != nil {
		return nil, notFound(err, "load email settings")
	}
	e.UpdatedAt = fromMillis(updated)
	if sealed != "" {
		if e.Password, err = s.Secrets.Open(sealed, emailPasswordContext(orgID)); err != nil {
			return nil, fmt.Errorf("open the email password (was the instance secret changed?): %w", err)
		}
	}
	return &e, nil
}

// SaveEmailSettings stores an organization's email settings, sealing the password.
func (s *Store) SaveEmailSettings(ctx context.Context, orgID int64, e *EmailSettings) error {
	sealed := ""
	if e.Password != "" {
		sealed = s.Secrets.Seal(e.Password, emailPasswordContext(orgID))
	}
	_, err := s.DB.ExecContext(ctx, `INSERT INTO email_settings (organization_id, host, port, security, username,
		password_sealed, from_address, from_name, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (organization_id) DO UPDATE SET host = excluded.host, port = excluded.port, security = excluded.security,
			username = excluded.username, password_sealed = excluded.password_sealed, from_address = excluded.from_address,
			from_name = excluded.from_name, updated_at = excluded.updated_at`,
		orgID, e.Host, e.Port, e.Security, e.Username, sealed, e.FromAddress, e.FromName, millis(e.UpdatedAt))
	if err != nil {
		return fmt.Errorf("save email settings: %w", err)
	}
	return nil
}
