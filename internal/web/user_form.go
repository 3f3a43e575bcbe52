package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"magecrm/internal/crm"
	"magecrm/internal/model"
)

// userForm is what the user page shows: the choices of the form and the
// user being edited (nil on create).
type userForm struct {
	User    *model.User
	Units   []model.BusinessUnit
	Roles   []model.Role
	RoleIDs []int64 // the roles ticked
	CanEdit bool
	// OwnRoles is set when people look at their own user: they cannot
	// change their roles, so the form shows them without choice.
	OwnRoles bool
}

// userFormValues fills a form with a user's saved values.
func userFormValues(u *model.User) (url.Values, []int64) {
	v := url.Values{
		"username":      {u.Username},
		"email":         {u.Email},
		"first_name":    {u.FirstName},
		"last_name":     {u.LastName},
		"business_unit": {strconv.FormatInt(u.BusinessUnitID, 10)},
	}
	if u.Enabled {
		v.Set("enabled", "on")
	}
	v.Set("version", versionValue(u.UpdatedAt))
	return v, u.RoleIDs
}

// parseUserForm reads a posted user form into the service's input and the
// values to show again. The password is never shown again.
func parseUserForm(r *http.Request) (crm.UserInput, url.Values) {
	r.ParseForm()
	f := r.PostForm
	in := crm.UserInput{
		Username:  f.Get("username"),
		Email:     f.Get("email"),
		FirstName: f.Get("first_name"),
		LastName:  f.Get("last_name"),
		Enabled:   f.Get("enabled") == "on",
		Password:  f.Get("password"),
		Version:   formVersion(r),
	}
	in.BusinessUnitID, _ = strconv.ParseInt(f.Get("business_unit"), 10, 64)
	for _, s := range f["roles"] {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			in.RoleIDs = append(in.RoleIDs, id)
		}
	}
	shown := url.Values{}
	for _, k := range []string{"username", "email", "first_name", "last_name", "business_unit", "enabled", "version"} {
		if v := f.Get(k); v != "" {
			shown.Set(k, v)
		}
	}
	return in, shown
}

// userChoices loads the business units and roles a user form offers.
func (s *Server) userChoices(ctx context.Context, sess *crm.Session, f *userForm) error {
	roles, err := s.CRM.RoleChoices(ctx, sess)
	if err != nil {
		return err
	}
	units, err := s.CRM.UnitChoices(ctx, sess)
	if err != nil {
		return err
	}
	f.Roles, f.Units, f.CanEdit = roles, units, true
	return nil
}
