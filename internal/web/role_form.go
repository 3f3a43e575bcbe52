package web

import (
	"net/http"
	"net/url"
	"strconv"

	"magecrm/internal/acl"
	"magecrm/internal/crm"
	"magecrm/internal/model"
)

// roleForm is what the role page shows: the role with its access matrix
// (ID 0 on create) and what the actor may do with it.
type roleForm struct {
	Role      *model.Role
	CanEdit   bool
	CanDelete bool
}

// permField names the select of one cell of the access matrix, as
// role_form.html writes it.
func permField(e acl.Entity, a acl.Action) string { return "perm-" + string(e) + "-" + string(a) }

// parseRoleForm reads a posted role form (and, on an edit, the version it
// was read at: formVersion). A level that is not a number becomes an
// invalid level, which the service refuses.
func parseRoleForm(r *http.Request) (*model.Role, url.Values) {
	r.ParseForm()
	role := &model.Role{Name: r.PostForm.Get("name"), Permissions: acl.Permissions{}, UpdatedAt: formVersion(r)}
	for _, e := range acl.Entities {
		for _, a := range acl.Actions {
			s := r.PostForm.Get(permField(e, a))
			if s == "" {
				continue
			}
			l, err := strconv.Atoi(s)
			if err != nil {
				l = -1
			}
			role.Permissions[acl.Key{Entity: e, Action: a}] = acl.Level(l)
		}
	}
	return role, url.Values{"name": {role.Name}, "version": {r.PostForm.Get("version")}}
}

// renderRoleForm shows the role page.
func (s *Server) renderRoleForm(w http.ResponseWriter, r *http.Request, status int, role *model.Role, form url.Values, fe crm.FieldErrors) {
	sess := sessionOf(r)
	org := acl.Record{OrganizationID: sess.Actor.OrganizationID}
	f := &roleForm{Role: role, CanEdit: sess.Actor.Decide(acl.Role, acl.Edit, org)}
	title := "New role"
	if role.ID == 0 {
		f.CanEdit = sess.Actor.Decide(acl.Role, acl.Create, org)
	} else {
		f.CanDelete = !role.Builtin && sess.Actor.Decide(acl.Role, acl.Delete, org)
		title = "Role " + role.Name
	}
	s.render(w, r, status, "role_form", &view{Title: title, Form: form, Errors: fe, Data: f})
}
