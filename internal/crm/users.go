package crm

import (
	"cmp"
	"context"
	"errors"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"time"

	"magecrm/internal/acl"
	"magecrm/internal/auth"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

// UserInput is what a person fills in to create or edit a user.
type UserInput struct {
	Username       string
	Email          string
	FirstName      string
	LastName       string
	BusinessUnitID int64
	RoleIDs        []int64
	Enabled        bool
	Password       string // required on create; ignored on edit (see ResetPassword)
	// Version is the user's last change time the edit was made on (edit
	// only; zero: as it is now). A user changed since is ErrStale.
	Version time.Time
}

var usernamePattern = regexp.MustCompile(`^[A-Za-z0-9._@-]{2,64}$`)

func userRecord(u *model.User) acl.Record {
	return acl.Record{OwnerUserID: u.ID, OwnerBusinessUnitID: u.BusinessUnitID, OrganizationID: u.OrganizationID}
}

// Users lists the users the actor may view.
func (s *Service) Users(ctx context.Context, sess *Session, query string) ([]model.User, error) {
	if !sess.Actor.Can(acl.User, acl.View) {
		return nil, ErrForbidden
	}
	if err := checkFilters(map[string]string{"q": query}); err != nil {
		return nil, err
	}
	scope := sess.Actor.Scope(acl.User, acl.View)
	return s.Store.Users(ctx, sess.Actor.OrganizationID, store.UserFilter{Scope: &scope, Query: query})
}

// User returns one user the actor may view. Without any grant to view
// users the answer is ErrForbidden, whatever the id.
func (s *Service) User(ctx context.Context, sess *Session, id int64) (*model.User, error) {
	if !sess.Actor.Can(acl.User, acl.View) {
		return nil, ErrForbidden
	}
	u, err := s.Store.User(ctx, sess.Actor.OrganizationID, id)
	if err != nil {
		return nil, err
	}
	if !sess.Actor.Decide(acl.User, acl.View, userRecord(u)) {
		return nil, ErrNotFound
	}
	return u, nil
}

// AssignableOwners lists the users the actor may make owners of e records:
// only themselves without an assign grant.
func (s *Service) AssignableOwners(ctx context.Context, sess *Session, e acl.Entity) ([]model.User, error) {
	units, all := sess.Actor.AssignableUnits(e)
	if !all && len(units) == 0 {
		return []model.User{*sess.User}, nil
	}
	users, err := s.Store.Users(ctx, sess.Actor.OrganizationID, store.UserFilter{Units: units})
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(users, func(u model.User) bool { return !u.Enabled }), nil
}

func (s *Service) validateUser(ctx context.Context, orgID int64, in *UserInput, creating bool) FieldErrors {
	fe := FieldErrors{}
	in.Username = strings.TrimSpace(in.Username)
	in.Email = strings.TrimSpace(in.Email)
	in.FirstName = strings.TrimSpace(in.FirstName)
	in.LastName = strings.TrimSpace(in.LastName)
	if !usernamePattern.MatchString(in.Username) {
		fe["username"] = "Use 2 to 64 letters, digits, dots, dashes, underscores or @."
	}
	if in.Email != "" {
		if a, err := mail.ParseAddress(in.Email); err != nil || a.Address != in.Email {
			fe["email"] = "Enter an email address like name@example.com."
		}
	}
	if len(in.FirstName) > 100 {
		fe["first_name"] = "Use at most 100 characters."
	}
	if len(in.LastName) > 100 {
		fe["last_name"] = "Use at most 100 characters."
	}
	if _, err := s.Store.BusinessUnit(ctx, orgID, in.BusinessUnitID); err != nil {
		fe["business_unit"] = "Choose a business unit."
	}
	if len(in.RoleIDs) == 0 {
		fe["roles"] = "Choose at least one role."
	}
	for _, id := range in.RoleIDs {
		if _, err := s.Store.Role(ctx, orgID, id); err != nil {
			fe["roles"] = "Choose roles from the list."
		}
	}
	if creating {
		if msg := auth.PolicyError(in.Password, in.Username, in.Email, in.FirstName, in.LastName); msg != "" {
			fe["password"] = msg
		}
	}
	return fe
}

// CreateUser adds a user in a unit where the actor may create users.
func (s *Service) CreateUser(ctx context.Context, sess *Session, in UserInput) (*model.User, error) {
	orgID := sess.Actor.OrganizationID
	fe := s.validateUser(ctx, orgID, &in, true)
	if err := fe.orNil(); err != nil {
		return nil, err
	}
	if !sess.Actor.Decide(acl.User, acl.Create, acl.Record{OwnerBusinessUnitID: in.BusinessUnitID, OrganizationID: orgID}) {
		return nil, ErrForbidden
	}
	if err := s.checkGrants(ctx, sess, 0, nil, &in, fe); err != nil {
		return nil, err
	}
	if err := fe.orNil(); err != nil {
		return nil, err
	}
	u := &model.User{OrganizationID: orgID, BusinessUnitID: in.BusinessUnitID, Username: in.Username, Email: in.Email,
		FirstName: in.FirstName, LastName: in.LastName, Enabled: in.Enabled, RoleIDs: in.RoleIDs}
	err := s.Store.CreateUser(ctx, u, auth.HashPassword(in.Password))
	if errors.Is(err, store.ErrDuplicate) {
		return nil, FieldErrors{"username": "This user name is taken; choose another."}
	}
	if err != nil {
		return nil, err
	}
	s.Log.Info("user created", "user", u.Username, "by", sess.User.Username)
	return u, nil
}

// UpdateUser saves changes to a user the actor may manage (see
// MayManageUser). Nobody can disable themselves or change their own roles.
func (s *Service) UpdateUser(ctx context.Context, sess *Session, id int64, in UserInput) (*model.User, error) {
	u, err := s.User(ctx, sess, id)
	if err != nil {
		return nil, err
	}
	if ok, err := s.MayManageUser(ctx, sess, u); err != nil || !ok {
		return nil, cmp.Or(err, ErrForbidden)
	}
	if stale(in.Version, u.UpdatedAt) {
		return nil, ErrStale
	}
	prev := u.UpdatedAt
	if !sess.Actor.Decide(acl.User, acl.Edit, acl.Record{OwnerBusinessUnitID: in.BusinessUnitID, OrganizationID: u.OrganizationID}) {
		return nil, ErrForbidden
	}
	fe := s.validateUser(ctx, u.OrganizationID, &in, false)
	if id == sess.User.ID && !in.Enabled {
		fe["enabled"] = "You cannot disable your own user."
	}
	if err := s.checkGrants(ctx, sess, id, u.RoleIDs, &in, fe); err != nil {
		return nil, err
	}
	if err := fe.orNil(); err != nil {
		return nil, err
	}
	u.Username, u.Email, u.FirstName, u.LastName = in.Username, in.Email, in.FirstName, in.LastName
	u.BusinessUnitID, u.RoleIDs, u.Enabled = in.BusinessUnitID, in.RoleIDs, in.Enabled
	u.UpdatedAt = nextVersion(s.Now(), prev)
	err = s.Store.UpdateUser(ctx, u, prev)
	if errors.Is(err, store.ErrDuplicate) {
		return nil, FieldErrors{"username": "This user name is taken; choose another."}
	}
	if err != nil {
		return nil, err
	}
	s.Log.Info("user updated", "user", u.Username, "by", sess.User.Username)
	return u, nil
}

// ResetPassword sets a new password for a user the actor may manage (see
// MayManageUser) and ends that user's sessions.
func (s *Service) ResetPassword(ctx context.Context, sess *Session, id int64, password string) error {
	u, err := s.User(ctx, sess, id)
	if err != nil {
		return err
	}
	if ok, err := s.MayManageUser(ctx, sess, u); err != nil || !ok {
		return cmp.Or(err, ErrForbidden)
	}
	if msg := auth.PolicyError(password, u.Username, u.Email, u.FirstName, u.LastName); msg != "" {
		return FieldErrors{"password": msg}
	}
	if err := s.Store.SetPassword(ctx, id, auth.HashPassword(password)); err != nil {
		return err
	}
	s.Log.Info("password reset", "user", u.Username, "by", sess.User.Username)
	return nil
}

// AddUser creates a user from the command line, where the operator is
// trusted: no actor checks. Role and unit are looked up by name; empty means
// Sales Representative in the top unit.
func (s *Service) AddUser(ctx context.Context, in UserInput, roleName, unitName string) (*model.User, error) {
	orgID, root, err := s.Store.Bootstrap(ctx, "Main organization")
	if err != nil {
		return nil, err
	}
	if roleName == "" {
		roleName = acl.RoleSalesRep
	}
	role, err := s.Store.RoleByName(ctx, orgID, roleName)
	if err != nil {
		return nil, FieldErrors{"role": "No role is named " + roleName + "."}
	}
	in.BusinessUnitID = root
	if unitName != "" {
		units, err := s.Store.BusinessUnits(ctx, orgID)
		if err != nil {
			return nil, err
		}
		i := slices.IndexFunc(units, func(u model.BusinessUnit) bool { return strings.EqualFold(u.Name, unitName) })
		if i < 0 {
			return nil, FieldErrors{"business_unit": "No business unit is named " + unitName + "."}
		}
		in.BusinessUnitID = units[i].ID
	}
	in.RoleIDs = []int64{role.ID}
	in.Enabled = true
	fe := s.validateUser(ctx, orgID, &in, true)
	if err := fe.orNil(); err != nil {
		return nil, err
	}
	u := &model.User{OrganizationID: orgID, BusinessUnitID: in.BusinessUnitID, Username: in.Username, Email: in.Email,
		FirstName: in.FirstName, LastName: in.LastName, Enabled: true, RoleIDs: in.RoleIDs}
	err = s.Store.CreateUser(ctx, u, auth.HashPassword(in.Password))
	if errors.Is(err, store.ErrDuplicate) {
		return nil, FieldErrors{"username": "This user name is taken; choose another."}
	}
	return u, err
}

// AllUsers lists every user of the organization, for the command line.
func (s *Service) AllUsers(ctx context.Context) ([]model.User, error) {
	orgID, _, err := s.Store.Bootstrap(ctx, "Main organization")
	if err != nil {
		return nil, err
	}
	return s.Store.Users(ctx, orgID, store.UserFilter{})
}
