package crm

import (
	"context"
	"errors"
	"strings"

	"magecrm/internal/acl"
	"magecrm/internal/auth"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

// APITokenExpiries are the lifetimes a token can be given, in days; 0 is
// "no expiry".
var APITokenExpiries = []int{7, 30, 90, 365, 0}

// APITokenInput is what a person fills in to create a personal access token.
type APITokenInput struct {
	Name string
	// ExpiresInDays is one of APITokenExpiries.
	ExpiresInDays int
	// ReadOnly tokens may only read (GET); others may also change records,
	// within what the user's roles allow.
	ReadOnly bool
}

// IsAdministrator reports whether the actor manages the whole
// organization's users, and so everyone's API tokens.
func IsAdministrator(sess *Session) bool {
	return sess.Actor.Level(acl.User, acl.Edit) == acl.Organization
}

// CreateAPIToken makes a personal access token for the signed-in user and
// returns it with the token text, which is shown this once and never again.
func (s *Service) CreateAPIToken(ctx context.Context, sess *Session, in APITokenInput) (*model.APIToken, string, error) {
	fe := FieldErrors{}
	name := strings.TrimSpace(in.Name)
	switch {
	case name == "":
		fe["name"] = "Enter a name that says what the token is for, like \"ERP export\"."
	case len(name) > 100:
		fe["name"] = "Use at most 100 characters."
	}
	valid := false
	for _, d := range APITokenExpiries {
		valid = valid || d == in.ExpiresInDays
	}
	if !valid {
		fe["expires_in_days"] = "Choose an expiry from the list."
	}
	if err := fe.orNil(); err != nil {
		return nil, "", err
	}
	now := s.Now().UTC()
	token, hash, shown := auth.NewAPIToken()
	t := &model.APIToken{UserID: sess.User.ID, Name: name, Prefix: shown, ReadOnly: in.ReadOnly, CreatedAt: now, UserName: sess.User.DisplayName()}
	if in.ExpiresInDays > 0 {
		t.ExpiresAt = now.AddDate(0, 0, in.ExpiresInDays)
	}
	if err := s.Store.CreateAPIToken(ctx, t, hash); err != nil {
		return nil, "", err
	}
	s.Log.Info("API token created", "token", t.ID, "prefix", t.Prefix, "read_only", t.ReadOnly, "by", sess.User.Username)
	return t, token, nil
}

// APITokens lists the signed-in user's own tokens.
func (s *Service) APITokens(ctx context.Context, sess *Session) ([]model.APIToken, error) {
	return s.Store.APITokens(ctx, sess.Actor.OrganizationID, sess.User.ID)
}

// AllAPITokens lists every user's tokens, for administrators.
func (s *Service) AllAPITokens(ctx context.Context, sess *Session) ([]model.APIToken, error) {
	if !IsAdministrator(sess) {
		return nil, ErrForbidden
	}
	return s.Store.APITokens(ctx, sess.Actor.OrganizationID, 0)
}

// RevokeAPIToken stops a token from working at once. People revoke their
// own tokens; administrators anyone's. Another user's token is ErrNotFound
// to everyone else.
func (s *Service) RevokeAPIToken(ctx context.Context, sess *Session, id int64) error {
	t, err := s.Store.APIToken(ctx, sess.Actor.OrganizationID, id)
	if err != nil {
		return err
	}
	if t.UserID != sess.User.ID && !IsAdministrator(sess) {
		return ErrNotFound
	}
	return s.revokeAPIToken(ctx, t, sess.User.Username)
}

func (s *Service) revokeAPIToken(ctx context.Context, t *model.APIToken, by string) error {
	if err := s.Store.RevokeAPIToken(ctx, t.ID, s.Now()); err != nil {
		return err
	}
	s.Log.Info("API token revoked", "token", t.ID, "prefix", t.Prefix, "owner", t.UserID, "by", by)
	return nil
}

// UserSession signs a user in by name for the command line, where the
// operator is trusted: no password. A disabled or unknown user is
// ErrNotFound.
func (s *Service) UserSession(ctx context.Context, username string) (*Session, error) {
	orgID, _, err := s.Store.Bootstrap(ctx, "Main organization")
	if err != nil {
		return nil, err
	}
	users, err := s.Store.Users(ctx, orgID, store.UserFilter{Query: username})
	if err != nil {
		return nil, err
	}
	for _, u := range users {
		if strings.EqualFold(u.Username, username) && u.Enabled {
			return s.sessionFor(ctx, u.ID)
		}
	}
	return nil, ErrNotFound
}

// EveryAPIToken lists every user's tokens, for the command line.
func (s *Service) EveryAPIToken(ctx context.Context) ([]model.APIToken, error) {
	orgID, _, err := s.Store.Bootstrap(ctx, "Main organization")
	if err != nil {
		return nil, err
	}
	return s.Store.APITokens(ctx, orgID, 0)
}

// RevokeAnyAPIToken revokes a token by id, for the command line.
func (s *Service) RevokeAnyAPIToken(ctx context.Context, id int64) error {
	orgID, _, err := s.Store.Bootstrap(ctx, "Main organization")
	if err != nil {
		return err
	}
	t, err := s.Store.APIToken(ctx, orgID, id)
	if err != nil {
		return err
	}
	return s.revokeAPIToken(ctx, t, "the command line")
}

// AuthenticateAPIToken returns the session a bearer token signs in and the
// token itself; an unknown, revoked or expired token, or one of a disabled
// user, is ErrNotFound.
func (s *Service) AuthenticateAPIToken(ctx context.Context, token string) (*Session, *model.APIToken, error) {
	if !strings.HasPrefix(token, auth.APITokenPrefix) {
		return nil, nil, ErrNotFound
	}
	t, err := s.Store.APITokenByHash(ctx, auth.HashToken(token), s.Now())
	if err != nil {
		return nil, nil, err
	}
	sess, err := s.sessionFor(ctx, t.UserID)
	if errors.Is(err, ErrNotFound) {
		return nil, nil, ErrNotFound
	}
	return sess, t, err
}
