package web

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"

	"magecrm/internal/auth"
	"magecrm/internal/crm"
)

func (s *Server) showLoginPage(w http.ResponseWriter, r *http.Request) {
	if s.currentSession(r) != nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next"), "/"), http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "login", &view{Title: "Sign in", Form: url.Values{"next": {shortPrefix(r.URL.Query().Get("next"), maxNextLength)}}})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	username, password := r.PostForm.Get("username"), r.PostForm.Get("password")
	form := url.Values{"username": {shortPrefix(username, auth.MaxUsernameLength)}, "next": {shortPrefix(r.PostForm.Get("next"), maxNextLength)}}
	signIn := func(status int, msg string) {
		s.render(w, r, status, "login", &view{Title: "Sign in", Form: form, Errors: crm.FieldErrors{"form": msg}})
	}
	switch {
	case len(username) > auth.MaxUsernameLength:
		signIn(http.StatusUnprocessableEntity, fmt.Sprintf("A user name has at most %d characters.", auth.MaxUsernameLength))
		return
	case len(password) > auth.MaxPasswordLength:
		signIn(http.StatusUnprocessableEntity, fmt.Sprintf("A password has at most %d characters.", auth.MaxPasswordLength))
		return
	}
	token, err := s.CRM.Login(r.Context(), crm.SignIn{Username: username, Password: password, Client: s.clientAddr(r)})
	var locked *crm.LockedError
	switch {
	case errors.Is(err, crm.ErrBadCredentials):
		signIn(http.StatusUnauthorized, err.Error())
		return
	case errors.As(err, &locked):
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(locked.Wait.Seconds()))))
		signIn(http.StatusTooManyRequests, err.Error())
		return
	case errors.Is(err, crm.ErrBusy):
		w.Header().Set("Retry-After", "5")
		signIn(http.StatusServiceUnavailable, err.Error())
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	s.setSessionCookie(w, r, token, auth.MaxAge)
	http.Redirect(w, r, safeNext(r.PostForm.Get("next"), "/"), http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.CRM.Logout(r.Context(), c.Value); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	s.setSessionCookie(w, r, "", -1)
	flash(w, "You are signed out.")
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
