package model

import "time"

// APIToken is a personal access token for the JSON API, as its owner and
// administrators see it: never the token itself, which is shown once.
type APIToken struct {
	ID     int64
	UserID int64
	Name   string
	// Prefix is the token's first characters, to tell tokens apart.
	Prefix   string
	ReadOnly bool
	// ExpiresAt, LastUsedAt and RevokedAt are zero for never.
	CreatedAt  time.Time
	ExpiresAt  time.Time
	LastUsedAt time.Time
	RevokedAt  time.Time
	// UserName is the owner's display name, filled by listings.
	UserName string
}

// Active reports whether the token still signs requests in at now.
func (t *APIToken) Active(now time.Time) bool {
	return t.RevokedAt.IsZero() && (t.ExpiresAt.IsZero() || now.Before(t.ExpiresAt))
}

// Status says the token's state in words.
func (t *APIToken) Status(now time.Time) string {
	switch {
	case !t.RevokedAt.IsZero():
		return "Revoked"
	case !t.ExpiresAt.IsZero() && !now.Before(t.ExpiresAt):
		return "Expired"
	}
	return "Active"
}
