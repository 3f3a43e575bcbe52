package web

import (
	"errors"
	"net/http"
	"net/url"

	"magecrm/internal/auth"
	"magecrm/internal/crm"
)

func (s *Server) showLoginPage(w http.ResponseWriter, r *http.Request) {
	if s.currentSession(r) != nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next"), "/"), http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "login", &view{Title: "Sign in", Form: url.Values{"next": {r.URL.Query().Get("next")}}})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	username, password := r.PostForm.Get("username"), r.PostForm.Get("password")
	form := url.Values{"username": {username}, "next": {r.PostForm.Get("next")}}
	token, err := s.CRM.Login(r.Context(), username, password)
	var locked *crm.LockedError
	switch {
	case errors.Is(err, crm.ErrBadCredentials):
		s.render(w, r, http.StatusUnauthorized, "login", &view{Title: "Sign in", Form: form, Errors: crm.FieldErrors{"form": err.Error()}})
		return
	case errors.As(err, &locked):
		s.render(w, r, http.StatusTooManyRequests, "login", &view{Title: "Sign in", Form: form, Errors: crm.FieldErrors{"form": err.Error()}})
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	setSessionCookie(w, r, token, auth.MaxAge)
	http.Redirect(w, r, safeNext(r.PostForm.Get("next"), "/"), http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.CRM.Logout(r.Context(), c.Value); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	setSessionCookie(w, r, "", -1)
	flash(w, "You are signed out.")
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
