package web

import (
	"context"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"magecrm/internal/crm"
	"magecrm/internal/magentosync"
)

//go:embed templates static
var assets embed.FS

// Server renders the pages over the crm services.
type Server struct {
	CRM *crm.Service
	Log *slog.Logger
	// Sync runs channel syncs on request ("Sync now"); nil when this
	// process does not sync, and the page says so.
	Sync *magentosync.Engine
	// Site is how people reach the server; set it before Handler.
	Site  Site
	pages map[string]*template.Template
	mux   *http.ServeMux
}

// New parses the templates and registers the routes.
func New(svc *crm.Service, log *slog.Logger) (*Server, error) {
	s := &Server{CRM: svc, Log: log, mux: http.NewServeMux()}
	if err := s.parseTemplates(); err != nil {
		return nil, err
	}
	s.routes()
	return s, nil
}

// Handler is the whole web application, with cross-origin protection on
// every unsafe method.
func (s *Server) Handler() http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.renderError(w, r, http.StatusForbidden, "This form was sent from another site, so it was refused. Reload the page and try again.")
	}))
	if b := s.Site.BaseURL; b != nil {
		// A proxy may pass its own Host on; the public origin is ours too.
		if err := cop.AddTrustedOrigin(b.Scheme + "://" + b.Host); err != nil {
			s.Log.Error("public URL is not an origin", "url", b.String(), "err", err)
		}
	}
	return s.securityHeaders(s.limitForms(cop.Handler(s.mux)))
}

// Form limits: a form's body (file uploads aside, which their handler
// bounds) and any one of its fields. The longest text magecrm keeps (an
// activity's body) is 100,000 characters; services cap each field below
// this with their own message.
const (
	maxFormBody   = 2 << 20
	maxFieldChars = 100_000
)

// limitForms bounds form bodies and refuses, without showing it again, a
// field longer than any magecrm keeps.
func (s *Server) limitForms(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
			next.ServeHTTP(w, r)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
		var tooBig *http.MaxBytesError
		if err := r.ParseForm(); errors.As(err, &tooBig) {
			s.renderError(w, r, http.StatusRequestEntityTooLarge, "This form is too large to take (more than 2 MiB). Shorten its longest text and send it again.")
			return
		} else if err != nil {
			s.renderError(w, r, http.StatusBadRequest, "This form could not be read. Reload the page and try again.")
			return
		}
		for _, vs := range r.Form {
			for _, v := range vs {
				if utf8.RuneCountInString(v) > maxFieldChars {
					s.renderError(w, r, http.StatusUnprocessableEntity, "A field of this form holds more than 100,000 characters, more than magecrm keeps. Shorten it and send the form again.")
					return
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'")
		next.ServeHTTP(w, r)
	})
}

func (s *Server) staticFiles() http.Handler {
	sub, _ := fs.Sub(assets, "static")
	fsrv := http.StripPrefix("/static/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		fsrv.ServeHTTP(w, r)
	})
}

// sessionCookie names the cookie holding the session token.
const sessionCookie = "magecrm_session"

type ctxKey int

const sessionKey ctxKey = 0

// sessionOf returns the signed-in session of a request that passed signedIn.
func sessionOf(r *http.Request) *crm.Session {
	s, _ := r.Context().Value(sessionKey).(*crm.Session)
	return s
}

// signedIn wraps a handler that needs a signed-in user: without one, the
// browser is sent to the sign-in page and brought back afterwards.
func (s *Server) signedIn(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sess := s.currentSession(r)
		if sess == nil {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			} else {
				http.Redirect(w, r, "/login", http.StatusSeeOther)
			}
			return
		}
		// Pages and exports of a signed-in person stay out of shared and
		// browser caches.
		w.Header().Set("Cache-Control", "no-store")
		h(w, r.WithContext(context.WithValue(r.Context(), sessionKey, sess)))
	}
}

func (s *Server) currentSession(r *http.Request) *crm.Session {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return nil
	}
	sess, err := s.CRM.Authenticate(r.Context(), c.Value)
	if err != nil {
		if !errors.Is(err, crm.ErrNotFound) {
			s.Log.Error("load session", "err", err)
		}
		return nil
	}
	return sess
}

func (s *Server) setSessionCookie(w http.ResponseWriter, r *http.Request, token string, maxAge time.Duration) {
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: s.secure(r), MaxAge: int(maxAge.Seconds()),
	})
}

// flashCookie carries a one-time message to the next page.
const flashCookie = "magecrm_flash"

// flash sets a message shown once on the next page.
func flash(w http.ResponseWriter, msg string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: url.QueryEscape(msg), Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: 60})
}

func takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Path: "/", MaxAge: -1})
	msg, _ := url.QueryUnescape(c.Value)
	return msg
}

// safeNext returns next when it is a clean path on this site, or fallback:
// a sign-in link must not send the browser elsewhere. Browsers read a
// backslash as a slash and drop tabs and newlines, so "/\evil.example" and
// "/\t/evil.example" would leave the site; any such character, any scheme
// or host, and any path that cleans to something else are refused.
func safeNext(next, fallback string) string {
	if next == "" || len(next) > maxNextLength || !cleanText(next) {
		return fallback
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" ||
		!strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || !cleanText(u.Path) {
		return fallback
	}
	clean := path.Clean(u.Path)
	if strings.HasSuffix(u.Path, "/") && clean != "/" {
		clean += "/"
	}
	if clean != u.Path {
		return fallback
	}
	return next
}

// maxNextLength bounds a return path: longer ones are not ours.
const maxNextLength = 2048

// cleanText reports whether s has no backslash and no control character.
func cleanText(s string) bool {
	return !strings.ContainsFunc(s, func(r rune) bool { return r == '\\' || r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) })
}

// shortPrefix returns s cut to at most n bytes on a character boundary:
// what a page may echo, or a log may keep, of overlong input.
func shortPrefix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
