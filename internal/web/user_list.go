package web

import (
	"net/http"
	"net/url"
	"strings"

	"magecrm/internal/acl"
	"magecrm/internal/model"
)

// userList is the users page: the users found and whether a new one may be added.
type userList struct {
	Users     []model.User
	CanCreate bool
}

func (s *Server) showUserList(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	users, err := s.CRM.Users(r.Context(), sess, q)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "user_list", &view{Title: "Users", Form: url.Values{"q": {q}},
		Data: &userList{Users: users, CanCreate: sess.Actor.Can(acl.User, acl.Create)}})
}
