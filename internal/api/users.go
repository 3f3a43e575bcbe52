package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"magecrm/internal/crm"
	"magecrm/internal/model"
)

type userListInput struct {
	Search string `query:"search" doc:"Matches user name, names or email"`
}

type userListOutput struct {
	Body struct {
		Items []User `json:"items"`
	}
}

func (s *Server) listUsers(ctx context.Context, in *userListInput) (*userListOutput, error) {
	list, err := s.CRM.Users(ctx, sessionOf(ctx), in.Search)
	if err != nil {
		return nil, s.problem(err)
	}
	out := &userListOutput{}
	out.Body.Items = make([]User, len(list))
	for i := range list {
		out.Body.Items[i] = userOut(&list[i])
	}
	return out, nil
}

type userOutput struct {
	ETag     string `header:"ETag"`
	Location string `header:"Location" doc:"Set on create"`
	Body     User
}

func (s *Server) userAnswer(ctx context.Context, id int64, status int) (*userOutput, error) {
	u, err := s.CRM.User(ctx, sessionOf(ctx), id)
	if err != nil {
		return nil, s.problem(err)
	}
	out := &userOutput{ETag: versionTag(u.UpdatedAt.UnixMilli()), Body: userOut(u)}
	if status == http.StatusCreated {
		out.Location = Prefix + "/users/" + itoa(id)
	}
	return out, nil
}

func (s *Server) getUser(ctx context.Context, in *recordIDInput) (*userOutput, error) {
	return s.userAnswer(ctx, in.ID, 0)
}

// UserWrite is a new user, or a change of one (members left out keep
// their value). The password is set on create only; later with the
// password operation.
type UserWrite struct {
	Username       *string  `json:"username,omitempty"`
	Email          *string  `json:"email,omitempty"`
	FirstName      *string  `json:"first_name,omitempty"`
	LastName       *string  `json:"last_name,omitempty"`
	BusinessUnitID *int64   `json:"business_unit_id,omitempty"`
	RoleIDs        *[]int64 `json:"role_ids,omitempty"`
	Enabled        *bool    `json:"enabled,omitempty"`
	Password       string   `json:"password,omitempty" doc:"Create only: at least 10 characters"`
}

func (w *UserWrite) over(u *model.User) crm.UserInput {
	in := crm.UserInput{Username: u.Username, Email: u.Email, FirstName: u.FirstName, LastName: u.LastName,
		BusinessUnitID: u.BusinessUnitID, RoleIDs: u.RoleIDs, Enabled: u.Enabled, Password: w.Password}
	for _, f := range []struct{ to, from *string }{{&in.Username, w.Username}, {&in.Email, w.Email}, {&in.FirstName, w.FirstName}, {&in.LastName, w.LastName}} {
		if f.from != nil {
			*f.to = *f.from
		}
	}
	if w.BusinessUnitID != nil {
		in.BusinessUnitID = *w.BusinessUnitID
	}
	if w.RoleIDs != nil {
		in.RoleIDs = *w.RoleIDs
	}
	if w.Enabled != nil {
		in.Enabled = *w.Enabled
	}
	return in
}

type userCreateInput struct {
	IdempotencyKey string `header:"Idempotency-Key" doc:"Makes a retried create answer the first create"`
	Body           UserWrite
}

func (s *Server) createUser(ctx context.Context, in *userCreateInput) (*userOutput, error) {
	u, err := s.CRM.CreateUser(ctx, sessionOf(ctx), in.Body.over(&model.User{Enabled: true}))
	if err != nil {
		return nil, s.problem(err)
	}
	return s.userAnswer(ctx, u.ID, http.StatusCreated)
}

type userUpdateInput struct {
	ID      int64  `path:"id"`
	IfMatch string `header:"If-Match" doc:"The user's ETag; required"`
	Body    UserWrite
}

func (s *Server) updateUser(ctx context.Context, in *userUpdateInput) (*userOutput, error) {
	version, err := ifMatchTime(in.IfMatch)
	if err != nil {
		return nil, err
	}
	sess := sessionOf(ctx)
	old, err := s.CRM.User(ctx, sess, in.ID)
	if err != nil {
		return nil, s.problem(err)
	}
	change := in.Body.over(old)
	change.Version = version
	if _, err := s.CRM.UpdateUser(ctx, sess, in.ID, change); err != nil {
		return nil, s.problem(err)
	}
	return s.userAnswer(ctx, in.ID, 0)
}

type passwordInput struct {
	ID   int64 `path:"id"`
	Body struct {
		Password string `json:"password" doc:"At least 10 characters; the user's open sessions end"`
	}
}

func (s *Server) setUserPassword(ctx context.Context, in *passwordInput) (*struct{}, error) {
	if err := s.CRM.ResetPassword(ctx, sessionOf(ctx), in.ID, in.Body.Password); err != nil {
		return nil, s.problem(err)
	}
	return nil, nil
}

func userRoutes(s *Server) {
	a := s.api
	huma.Register(a, op(http.MethodGet, "/users", "list-users", "Users", "List users", 403), s.listUsers)
	huma.Register(a, created("/users", "create-user", "Users", "Create a user (administrators)", 403, 409, 422), s.createUser)
	huma.Register(a, op(http.MethodGet, "/users/{id}", "get-user", "Users", "Get a user", 403, 404), s.getUser)
	huma.Register(a, op(http.MethodPatch, "/users/{id}", "update-user", "Users", "Change a user (administrators); needs If-Match", 403, 404, 409, 412, 422, 428), s.updateUser)
	huma.Register(a, op(http.MethodPost, "/users/{id}/password", "set-user-password", "Users", "Set a user's password (administrators)", 403, 404, 422), s.setUserPassword)
}
