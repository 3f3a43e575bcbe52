package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"magecrm/internal/acl"
	"magecrm/internal/model"
)

// BusinessUnit is a node of the organization's tree of units.
type BusinessUnit struct {
	ID       int64  `json:"id"`
	ParentID int64  `json:"parent_id" doc:"0 for the top unit"`
	Name     string `json:"name"`
	Depth    int    `json:"depth,omitempty" doc:"In listings: 0 for the top unit"`
}

func unitOut(u *model.BusinessUnit) BusinessUnit {
	return BusinessUnit{ID: u.ID, ParentID: u.ParentID, Name: u.Name, Depth: u.Depth}
}

type unitListOutput struct {
	Body struct {
		Items []BusinessUnit `json:"items" doc:"In tree order"`
	}
}

func (s *Server) listUnits(ctx context.Context, _ *struct{}) (*unitListOutput, error) {
	list, err := s.CRM.BusinessUnits(ctx, sessionOf(ctx))
	if err != nil {
		return nil, s.problem(err)
	}
	out := &unitListOutput{}
	out.Body.Items = make([]BusinessUnit, len(list))
	for i := range list {
		out.Body.Items[i] = unitOut(&list[i])
	}
	return out, nil
}

type unitOutput struct {
	ETag     string `header:"ETag"`
	Location string `header:"Location" doc:"Set on create"`
	Body     BusinessUnit
}

func (s *Server) unitAnswer(ctx context.Context, id int64, status int) (*unitOutput, error) {
	u, err := s.CRM.BusinessUnit(ctx, sessionOf(ctx), id)
	if err != nil {
		return nil, s.problem(err)
	}
	out := &unitOutput{ETag: versionTag(u.UpdatedAt.UnixMilli()), Body: unitOut(u)}
	out.Body.Depth = 0
	if status == http.StatusCreated {
		out.Location = Prefix + "/business-units/" + itoa(id)
	}
	return out, nil
}

func (s *Server) getUnit(ctx context.Context, in *recordIDInput) (*unitOutput, error) {
	return s.unitAnswer(ctx, in.ID, 0)
}

// BusinessUnitWrite is a new unit or a change of one.
type BusinessUnitWrite struct {
	ParentID *int64  `json:"parent_id,omitempty" doc:"The unit above it"`
	Name     *string `json:"name,omitempty"`
}

type unitCreateInput struct {
	IdempotencyKey string `header:"Idempotency-Key" doc:"Makes a retried create answer the first create"`
	Body           BusinessUnitWrite
}

func deref[T any](p *T, or T) T {
	if p == nil {
		return or
	}
	return *p
}

func (s *Server) createUnit(ctx context.Context, in *unitCreateInput) (*unitOutput, error) {
	id, err := s.CRM.CreateBusinessUnit(ctx, sessionOf(ctx), deref(in.Body.ParentID, 0), deref(in.Body.Name, ""))
	if err != nil {
		return nil, s.problem(err)
	}
	return s.unitAnswer(ctx, id, http.StatusCreated)
}

type unitUpdateInput struct {
	ID      int64  `path:"id"`
	IfMatch string `header:"If-Match" doc:"The unit's ETag; required"`
	Body    BusinessUnitWrite
}

func (s *Server) updateUnit(ctx context.Context, in *unitUpdateInput) (*unitOutput, error) {
	version, err := ifMatchTime(in.IfMatch)
	if err != nil {
		return nil, err
	}
	old, err := s.unitAnswer(ctx, in.ID, 0)
	if err != nil {
		return nil, err
	}
	err = s.CRM.UpdateBusinessUnit(ctx, sessionOf(ctx), in.ID, deref(in.Body.ParentID, old.Body.ParentID), deref(in.Body.Name, old.Body.Name), version)
	if err != nil {
		return nil, s.problem(err)
	}
	return s.unitAnswer(ctx, in.ID, 0)
}

func (s *Server) deleteUnit(ctx context.Context, in *recordIDInput) (*struct{}, error) {
	if err := s.CRM.DeleteBusinessUnit(ctx, sessionOf(ctx), in.ID); err != nil {
		return nil, s.problem(err)
	}
	return nil, nil
}

// Role is a named set of access grants.
type Role struct {
	ID          int64                        `json:"id"`
	Name        string                       `json:"name"`
	Builtin     bool                         `json:"builtin" doc:"Built-in roles keep their name"`
	Permissions map[string]map[string]string `json:"permissions" doc:"Per kind of record and action: none, own, business_unit, division or organization"`
	UserCount   int                          `json:"user_count,omitempty" doc:"In listings: how many users hold it"`
}

func roleOut(r *model.Role) Role {
	perms := map[string]map[string]string{}
	for _, e := range acl.Entities {
		perms[string(e)] = map[string]string{}
		for _, a := range acl.Actions {
			perms[string(e)][string(a)] = levelNames[r.Permissions[acl.Key{Entity: e, Action: a}]]
		}
	}
	return Role{ID: r.ID, Name: r.Name, Builtin: r.Builtin, Permissions: perms, UserCount: r.UserCount}
}

type roleListOutput struct {
	Body struct {
		Items []Role `json:"items"`
	}
}

func (s *Server) listRoles(ctx context.Context, _ *struct{}) (*roleListOutput, error) {
	list, err := s.CRM.Roles(ctx, sessionOf(ctx))
	if err != nil {
		return nil, s.problem(err)
	}
	out := &roleListOutput{}
	out.Body.Items = make([]Role, len(list))
	for i := range list {
		out.Body.Items[i] = roleOut(&list[i])
	}
	return out, nil
}

type roleOutput struct {
	ETag     string `header:"ETag"`
	Location string `header:"Location" doc:"Set on create"`
	Body     Role
}

func (s *Server) roleAnswer(ctx context.Context, id int64, status int) (*roleOutput, *model.Role, error) {
	r, err := s.CRM.Role(ctx, sessionOf(ctx), id)
	if err != nil {
		return nil, nil, s.problem(err)
	}
	out := &roleOutput{ETag: versionTag(r.UpdatedAt.UnixMilli()), Body: roleOut(r)}
	out.Body.UserCount = 0
	if status == http.StatusCreated {
		out.Location = Prefix + "/roles/" + itoa(id)
	}
	return out, r, nil
}

func (s *Server) getRole(ctx context.Context, in *recordIDInput) (*roleOutput, error) {
	out, _, err := s.roleAnswer(ctx, in.ID, 0)
	return out, err
}

// RoleWrite is a new role or a change of one: permissions given replace
// those cells of the matrix; cells left out keep their level (none on create).
type RoleWrite struct {
	Name        *string                      `json:"name,omitempty"`
	Permissions map[string]map[string]string `json:"permissions,omitempty" doc:"Per kind of record and action: none, own, business_unit, division or organization"`
}

// apply lays the write over a role; an unknown name is an invalid level,
// which the service refuses with the form's message.
func (w *RoleWrite) apply(r *model.Role) {
	if w.Name != nil {
		r.Name = *w.Name
	}
	if r.Permissions == nil {
		r.Permissions = acl.Permissions{}
	}
	for e, acts := range w.Permissions {
		for a, name := range acts {
			level := acl.Level(-1)
			for l, n := range levelNames {
				if n == name {
					level = l
				}
			}
			r.Permissions[acl.Key{Entity: acl.Entity(e), Action: acl.Action(a)}] = level
		}
	}
}

type roleCreateInput struct {
	IdempotencyKey string `header:"Idempotency-Key" doc:"Makes a retried create answer the first create"`
	Body           RoleWrite
}

func (s *Server) createRole(ctx context.Context, in *roleCreateInput) (*roleOutput, error) {
	r := &model.Role{}
	in.Body.apply(r)
	if err := s.CRM.SaveRole(ctx, sessionOf(ctx), r); err != nil {
		return nil, s.problem(err)
	}
	out, _, err := s.roleAnswer(ctx, r.ID, http.StatusCreated)
	return out, err
}

type roleUpdateInput struct {
	ID      int64  `path:"id"`
	IfMatch string `header:"If-Match" doc:"The role's ETag; required"`
	Body    RoleWrite
}

func (s *Server) updateRole(ctx context.Context, in *roleUpdateInput) (*roleOutput, error) {
	version, err := ifMatchTime(in.IfMatch)
	if err != nil {
		return nil, err
	}
	_, r, err := s.roleAnswer(ctx, in.ID, 0)
	if err != nil {
		return nil, err
	}
	r.UpdatedAt = version
	in.Body.apply(r)
	if err := s.CRM.SaveRole(ctx, sessionOf(ctx), r); err != nil {
		return nil, s.problem(err)
	}
	out, _, err := s.roleAnswer(ctx, in.ID, 0)
	return out, err
}

func (s *Server) deleteRole(ctx context.Context, in *recordIDInput) (*struct{}, error) {
	if err := s.CRM.DeleteRole(ctx, sessionOf(ctx), in.ID); err != nil {
		return nil, s.problem(err)
	}
	return nil, nil
}

func organizationRoutes(s *Server) {
	a := s.api
	userRoutes(s)
	huma.Register(a, op(http.MethodGet, "/business-units", "list-business-units", "Business units", "List business units", 403), s.listUnits)
	huma.Register(a, created("/business-units", "create-business-unit", "Business units", "Create a business unit (administrators)", 403, 409, 422), s.createUnit)
	huma.Register(a, op(http.MethodGet, "/business-units/{id}", "get-business-unit", "Business units", "Get a business unit", 403, 404), s.getUnit)
	huma.Register(a, op(http.MethodPatch, "/business-units/{id}", "update-business-unit", "Business units", "Change a business unit; needs If-Match", 403, 404, 409, 412, 422, 428), s.updateUnit)
	huma.Register(a, op(http.MethodDelete, "/business-units/{id}", "delete-business-unit", "Business units", "Delete a business unit without users", 403, 404, 409), s.deleteUnit)
	huma.Register(a, op(http.MethodGet, "/roles", "list-roles", "Roles", "List roles", 403), s.listRoles)
	huma.Register(a, created("/roles", "create-role", "Roles", "Create a role (administrators)", 403, 409, 422), s.createRole)
	huma.Register(a, op(http.MethodGet, "/roles/{id}", "get-role", "Roles", "Get a role", 403, 404), s.getRole)
	huma.Register(a, op(http.MethodPatch, "/roles/{id}", "update-role", "Roles", "Change a role; needs If-Match", 403, 404, 409, 412, 422, 428), s.updateRole)
	huma.Register(a, op(http.MethodDelete, "/roles/{id}", "delete-role", "Roles", "Delete a role no user holds", 403, 404, 409), s.deleteRole)
}
