package crm

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"magecrm/internal/acl"
	"magecrm/internal/auth"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

// ErrBadCredentials is the one answer to a wrong user name, a wrong
// password or a disabled user, so that none can be told apart.
var ErrBadCredentials = errors.New("The user name or password is incorrect.")

// LockedError refuses a sign-in while a user name is throttled.
type LockedError struct {
	Until time.Time     // when the user name may try again
	Wait  time.Duration // how long that is from the refused attempt
}

func (e *LockedError) Error() string {
	mins := int(math.Ceil(e.Wait.Minutes()))
	if mins < 1 {
		mins = 1
	}
	return fmt.Sprintf("Too many failed sign-ins for this user name. Try again in %d minute%s.", mins, plural(mins))
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// Session is a signed-in user and what they may do.
type Session struct {
	User  *model.User
	Actor *acl.Actor
}

// Login checks a user name and password and opens a session, returning its
// token for the cookie. Failures are ErrBadCredentials or *LockedError.
func (s *Service) Login(ctx context.Context, username, password string) (string, error) {
	now := s.Now()
	name := auth.NormalizeUsername(username)
	failures, err := s.Store.RecentLoginFailures(ctx, name, now)
	if err != nil {
		return "", err
	}
	if until := auth.LockedUntil(failures); until.After(now) {
		return "", &LockedError{Until: until, Wait: until.Sub(now)}
	}
	u, hash, err := s.Store.UserCredentials(ctx, name)
	switch {
	case errors.Is(err, store.ErrNotFound):
		auth.BurnTime(password)
	case err != nil:
		return "", err
	default:
		err = auth.CheckPassword(hash, password)
	}
	if err != nil || !u.Enabled {
		if !errors.Is(err, auth.ErrMismatch) && !errors.Is(err, store.ErrNotFound) && err != nil {
			s.Log.Error("check password", "user", name, "err", err)
		}
		if err := s.Store.RecordLoginFailure(ctx, name, now); err != nil {
			return "", err
		}
		s.Log.Info("sign-in refused", "user", name)
		return "", ErrBadCredentials
	}
	if err := s.Store.ClearLoginFailures(ctx, name); err != nil {
		return "", err
	}
	token, tokenHash := auth.NewSessionToken()
	if err := s.Store.CreateSession(ctx, tokenHash, u.ID, now); err != nil {
		return "", err
	}
	s.Log.Info("signed in", "user", u.Username)
	return token, nil
}

// Authenticate returns the session of a cookie token, or ErrNotFound.
func (s *Service) Authenticate(ctx context.Context, token string) (*Session, error) {
	if token == "" {
		return nil, ErrNotFound
	}
	id, err := s.Store.SessionUser(ctx, auth.HashToken(token), s.Now())
	if err != nil {
		return nil, err
	}
	return s.sessionFor(ctx, id)
}

func (s *Service) sessionFor(ctx context.Context, userID int64) (*Session, error) {
	a, err := s.Store.Actor(ctx, userID)
	if err != nil {
		return nil, err
	}
	u, err := s.Store.User(ctx, a.OrganizationID, userID)
	if err != nil {
		return nil, err
	}
	return &Session{User: u, Actor: a}, nil
}

// Logout ends the session of a cookie token.
func (s *Service) Logout(ctx context.Context, token string) error {
	return s.Store.DeleteSession(ctx, auth.HashToken(token))
}

// EnsureAdmin creates the organization, its top unit and built-in roles
// when missing and, when no user exists yet, the "admin" user with a
// random password, which it returns (empty when nothing was created).
func (s *Service) EnsureAdmin(ctx context.Context) (password string, err error) {
	orgID, root, err := s.Store.Bootstrap(ctx, "Main organization")
	if err != nil {
		return "", fmt.Errorf("prepare organization: %w", err)
	}
	n, err := s.Store.CountUsers(ctx)
	if err != nil || n > 0 {
		return "", err
	}
	role, err := s.Store.RoleByName(ctx, orgID, acl.RoleAdministrator)
	if err != nil {
		return "", err
	}
	password = auth.RandomPassword()
	u := &model.User{OrganizationID: orgID, BusinessUnitID: root, Username: "admin", FirstName: "Admin", Enabled: true, RoleIDs: []int64{role.ID}}
	if err := s.Store.CreateUser(ctx, u, auth.HashPassword(password)); err != nil {
		if errors.Is(err, store.ErrDuplicate) { // another process made it first
			return "", nil
		}
		return "", err
	}
	return password, nil
}
