package web

import (
	"net/http"
	"net/url"
	"strconv"

	"magecrm/internal/crm"
	"magecrm/internal/model"
)

func (s *Server) showUserEdit(w http.ResponseWriter, r *http.Request) {
	// A malformed id parses as 0, which no user has: the page answers 404.
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	u, err := s.CRM.User(r.Context(), sessionOf(r), id)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	form, roleIDs := userFormValues(u)
	s.renderUserEdit(w, r, http.StatusOK, u, form, roleIDs, nil)
}

// renderUserEdit shows a user's page: the profile form and the password
// reset form when the actor may manage the user, their details otherwise.
func (s *Server) renderUserEdit(w http.ResponseWriter, r *http.Request, status int, u *model.User, form url.Values, roleIDs []int64, fe crm.FieldErrors) {
	sess := sessionOf(r)
	f := &userForm{User: u, RoleIDs: roleIDs, OwnRoles: u.ID == sess.User.ID}
	manage, err := s.CRM.MayManageUser(r.Context(), sess, u)
	if err == nil && manage {
		err = s.userChoices(r.Context(), sess, f)
	}
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	s.render(w, r, status, "user_form", &view{Title: "User " + u.Username, Form: form, Errors: fe, Data: f})
}
