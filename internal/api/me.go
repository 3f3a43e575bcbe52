package api

import (
	"context"
	"time"

	"magecrm/internal/acl"
	"magecrm/internal/model"
)

// User is a magecrm user.
type User struct {
	ID               int64     `json:"id"`
	Username         string    `json:"username"`
	Email            string    `json:"email"`
	FirstName        string    `json:"first_name"`
	LastName         string    `json:"last_name"`
	Name             string    `json:"name" doc:"The full name, or the user name without one"`
	BusinessUnitID   int64     `json:"business_unit_id"`
	BusinessUnitName string    `json:"business_unit"`
	RoleIDs          []int64   `json:"role_ids"`
	RoleNames        []string  `json:"roles,omitempty"`
	Enabled          bool      `json:"enabled"`
	CreatedAt        time.Time `json:"created_at"`
	UpdatedAt        time.Time `json:"updated_at"`
}

func userOut(u *model.User) User {
	ids := u.RoleIDs
	if ids == nil {
		ids = []int64{}
	}
	return User{ID: u.ID, Username: u.Username, Email: u.Email, FirstName: u.FirstName, LastName: u.LastName,
		Name: u.DisplayName(), BusinessUnitID: u.BusinessUnitID, BusinessUnitName: u.BusinessUnitName, RoleIDs: ids,
		RoleNames: u.RoleNames, Enabled: u.Enabled, CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt}
}

// Me is the signed-in user, what they may do and the token they used.
type Me struct {
	User        User                         `json:"user"`
	Permissions map[string]map[string]string `json:"permissions" doc:"Per kind of record and action, the level the user's roles grant: none, own, business_unit, division or organization"`
	Token       TokenInfo                    `json:"token"`
}

// TokenInfo describes the token a request was signed with.
type TokenInfo struct {
	Name      string     `json:"name"`
	ReadOnly  bool       `json:"read_only"`
	ExpiresAt *time.Time `json:"expires_at,omitempty" doc:"Absent when the token does not expire"`
}

type meOutput struct {
	Body Me
}

var levelNames = map[acl.Level]string{acl.None: "none", acl.Own: "own", acl.BusinessUnit: "business_unit",
	acl.Division: "division", acl.Organization: "organization"}

func (s *Server) getMe(ctx context.Context, _ *struct{}) (*meOutput, error) {
	c := callerOf(ctx)
	perms := map[string]map[string]string{}
	for _, e := range acl.Entities {
		perms[string(e)] = map[string]string{}
		for _, a := range acl.Actions {
			perms[string(e)][string(a)] = levelNames[c.sess.Actor.Level(e, a)]
		}
	}
	t := TokenInfo{Name: c.token.Name, ReadOnly: c.token.ReadOnly}
	if !c.token.ExpiresAt.IsZero() {
		t.ExpiresAt = &c.token.ExpiresAt
	}
	return &meOutput{Body: Me{User: userOut(c.sess.User), Permissions: perms, Token: t}}, nil
}
