package crm

import (
	"cmp"
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

// LockedError refuses a sign-in while its user name and address, or its
// address alone, are throttled.
type LockedError struct {
	Wait     time.Duration // how long from the refused attempt until the next may be checked
	ByClient bool          // the address is refused, whatever the user name
}

func (e *LockedError) Error() string {
	when := "Try again in " + waitText(e.Wait) + "."
	if e.ByClient {
		return "Too many failed sign-ins from your address. " + when
	}
	return "Too many failed sign-ins for this user name from your address. " + when
}

// waitText writes a wait in whole seconds under a minute, else whole minutes.
func waitText(d time.Duration) string {
	secs := max(int(math.Ceil(d.Seconds())), 1)
	if secs < 60 {
		return fmt.Sprintf("%d second%s", secs, plural(secs))
	}
	mins := int(math.Ceil(float64(secs) / 60))
	return fmt.Sprintf("%d minute%s", mins, plural(mins))
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// ErrBusy refuses a sign-in when every password check slot stayed taken:
// too many sign-ins at once. Pages answer it as 503 with Retry-After.
var ErrBusy = errors.New("Too many people are signing in at this moment. Try again in a few seconds.")

// Session is a signed-in user and what they may do.
type Session struct {
	User  *model.User
	Actor *acl.Actor
	// TokenHash is the hash of a page session's cookie token, naming what
	// is offered to that session alone (a new webhook secret); "" for
	// API tokens.
	TokenHash string
}

// SignIn is one attempt to sign in.
type SignIn struct {
	Username string
	Password string
	// Client is the address the attempt comes from, for throttling; the
	// command line and tests may leave it empty.
	Client string
}

// Login checks a user name and password and opens a session, returning its
// token for the cookie. Failures are ErrBadCredentials, *LockedError or
// ErrBusy. The attempt is written down before the password is checked (see
// auth's throttling rules), and the check waits for a slot of the
// service's PasswordGate whether or not the user exists, so an unknown user
// name costs the same as a wrong password.
func (s *Service) Login(ctx context.Context, in SignIn) (string, error) {
	now := s.Now()
	name := auth.NormalizeUsername(in.Username)
	if len(name) > auth.MaxUsernameLength {
		return "", ErrBadCredentials // no user has such a name; nothing to write down
	}
	id, attempts, err := s.Store.RecordSignInAttempt(ctx, name, in.Client, now)
	if err != nil {
		return "", err
	}
	if t := attempts.Decide(now); t.Wait > 0 {
		return "", cmp.Or(s.Store.ForgetSignInAttempt(ctx, id), error(&LockedError{Wait: t.Wait, ByClient: t.ByClient}))
	}
	u, err := s.checkCredentials(ctx, name, in.Password)
	if errors.Is(err, auth.ErrBusy) {
		s.Log.Warn("sign-in refused: every password check slot is taken", "user", name, "client", in.Client)
		return "", cmp.Or(s.Store.ForgetSignInAttempt(ctx, id), ErrBusy)
	}
	if errors.Is(err, ErrBadCredentials) {
		s.Log.Info("sign-in refused", "user", name, "client", in.Client)
	}
	if err != nil {
		return "", err
	}
	if err := s.Store.ClearSignInFailures(ctx, name, in.Client); err != nil {
		return "", err
	}
	token, tokenHash := auth.NewSessionToken()
	if err := s.Store.CreateSession(ctx, tokenHash, u.ID, now); err != nil {
		return "", err
	}
	s.Log.Info("signed in", "user", u.Username, "client", in.Client)
	return token, nil
}

// checkCredentials returns the enabled user of a name and password, or
// ErrBadCredentials, or auth.ErrBusy when no check slot came free.
func (s *Service) checkCredentials(ctx context.Context, name, password string) (*model.User, error) {
	u, hash, err := s.Store.UserCredentials(ctx, name)
	known := err == nil
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	var checkErr error
	gateErr := s.PasswordGate.Do(ctx, func() {
		if known {
			checkErr = auth.CheckPassword(hash, password)
		} else {
			auth.BurnTime(password)
		}
	})
	switch {
	case gateErr != nil:
		return nil, gateErr
	case checkErr != nil && !errors.Is(checkErr, auth.ErrMismatch):
		s.Log.Error("check password", "user", name, "err", checkErr)
		return nil, ErrBadCredentials
	case !known || checkErr != nil || !u.Enabled:
		return nil, ErrBadCredentials
	}
	return u, nil
}

// Authenticate returns the session of a cookie token, or ErrNotFound.
func (s *Service) Authenticate(ctx context.Context, token string) (*Session, error) {
	if token == "" {
		return nil, ErrNotFound
	}
	hash := auth.HashToken(token)
	u, err := s.Store.SessionUser(ctx, hash, s.Now())
	if err != nil {
		return nil, err
	}
	a, err := s.Store.ActorOf(ctx, u)
	if err != nil {
		return nil, err
	}
	return &Session{User: u, Actor: a, TokenHash: hash}, nil
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
