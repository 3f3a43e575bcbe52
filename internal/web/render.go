package web

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"

	"magecrm/internal/acl"
	"magecrm/internal/crm"
	"magecrm/internal/model"
)

// view is what every page template receives.
type view struct {
	Title   string
	Session *crm.Session
	Flash   string
	Nav     []navSection
	Path    string
	Form    url.Values      // what the person typed, to show again
	Errors  crm.FieldErrors // what is wrong, next to each field
	Data    any             // the page's own data
	// OpenTasks is how many open tasks the signed-in user has, for the header.
	OpenTasks int
}

// Err returns the message for a field, for templates.
func (v *view) Err(field string) string { return v.Errors[field] }

// Val returns what was typed in a field, for templates.
func (v *view) Val(field string) string { return v.Form.Get(field) }

var funcs = template.FuncMap{
	"time": timeText,
	"date": func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.UTC().Format("2006-01-02")
	},
	"dash":     dash,
	"count":    thousands,
	"money":    money,
	"runKind":  runKindLabel,
	"lower":    strings.ToLower,
	"sub":      func(a any, b float64) float64 { return toFloat(a) - b },
	"join":     strings.Join,
	"levels":   func() []acl.Level { return acl.Levels },
	"entities": func() []acl.Entity { return acl.Entities },
	"actions":  func() []acl.Action { return acl.Actions },
	"perm": func(p acl.Permissions, e acl.Entity, a acl.Action) acl.Level {
		return p[acl.Key{Entity: e, Action: a}]
	},
	"has": func(ids []int64, id int64) bool {
		for _, x := range ids {
			if x == id {
				return true
			}
		}
		return false
	},
	"indent":         func(depth int) string { return strings.Repeat("— ", depth) },
	"postal":         postal,
	"countryOptions": countryOptions,
}

// countryOptions is the <option> elements of a country select, chosen
// selected, written here rather than by the template: some 250 options a
// select, each a few template actions, were a third of the customers
// grid's rendering and more of the customer edit form's (a select per
// address).
func countryOptions(list []model.Country, chosen string) template.HTML {
	var b strings.Builder
	b.Grow(len(list) * 40)
	for _, c := range list {
		b.WriteString(`<option value="`)
		b.WriteString(template.HTMLEscapeString(c.Code))
		b.WriteString(`"`)
		if c.Code == chosen {
			b.WriteString(" selected")
		}
		b.WriteString(">")
		b.WriteString(template.HTMLEscapeString(c.Name))
		b.WriteString("</option>")
	}
	return template.HTML(b.String())
}

// timeText is how every page shows a time: in UTC to the minute, "—"
// when there is none.
func timeText(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// toFloat reads a number a template passes, int or float64.
func toFloat(v any) float64 {
	switch n := v.(type) {
	case int:
		return float64(n)
	case float64:
		return n
	}
	return 0
}

// dash shows an empty value as "—", the same on every page.
func dash(v any) string {
	s := strings.TrimSpace(fmt.Sprint(v))
	if v == nil || s == "" {
		return "—"
	}
	return s
}

func (s *Server) parseTemplates() error {
	layout, err := template.New("layout.html").Funcs(funcs).Funcs(activityFuncs).
		ParseFS(assets, "templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return err
	}
	pages, err := fs.Glob(assets, "templates/pages/*.html")
	if err != nil {
		return err
	}
	s.pages = map[string]*template.Template{}
	for _, p := range pages {
		t, err := template.Must(layout.Clone()).ParseFS(assets, p)
		if err != nil {
			return fmt.Errorf("parse %s: %w", p, err)
		}
		s.pages[strings.TrimSuffix(path.Base(p), ".html")] = t
	}
	return nil
}

// render writes a page inside the layout. Rendering goes to a buffer first
// so a template error becomes a clean 500 page, not half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page string, v *view) {
	t, ok := s.pages[page]
	if !ok {
		s.serverError(w, r, fmt.Errorf("no template %q", page))
		return
	}
	if v.Session == nil {
		v.Session = sessionOf(r)
	}
	v.Flash = takeFlash(w, r)
	v.Path = r.URL.Path
	v.Nav = navigation(v.Session)
	if v.Session != nil {
		n, err := s.CRM.OpenTaskCount(r.Context(), v.Session)
		if err != nil {
			s.Log.Error("count open tasks", "err", err)
		}
		v.OpenTasks = n
	}
	if v.Form == nil {
		v.Form = url.Values{}
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", v); err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	buf.WriteTo(w)
}

// renderError shows an error page with a message for a person; never a
// stack trace.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	title := http.StatusText(status)
	s.render(w, r, status, "error", &view{Title: title, Data: map[string]any{"Status": status, "Message": msg}})
}

// serverError logs err and answers 500 without details.
func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.Log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	if _, ok := s.pages["error"]; !ok || strings.Contains(err.Error(), "no template") {
		http.Error(w, "Something went wrong on our side. It has been logged; try again in a moment.", http.StatusInternalServerError)
		return
	}
	s.renderError(w, r, http.StatusInternalServerError, "Something went wrong on our side. It has been logged; try again in a moment.")
}

// serviceError answers the errors a crm service returns that are not
// shown in a form: forbidden, not found, input refused where no form can
// show it (422, such as an overlong search), anything else.
func (s *Server) serviceError(w http.ResponseWriter, r *http.Request, err error) {
	var refusal crm.Refusal
	var fe crm.FieldErrors
	switch {
	case errors.As(err, &fe):
		s.renderError(w, r, http.StatusUnprocessableEntity, fieldErrorText(fe))
	case errors.Is(err, crm.ErrForbidden):
		s.renderError(w, r, http.StatusForbidden, "You do not have permission to open this page or do this. Ask an administrator if you need it.")
	case errors.Is(err, crm.ErrNotFound):
		s.renderError(w, r, http.StatusNotFound, "There is no such page, or it is not shared with you.")
	case errors.As(err, &refusal):
		s.renderError(w, r, http.StatusConflict, err.Error())
	default:
		s.serverError(w, r, err)
	}
}

// fieldErrorText writes field errors as one sentence per field.
func fieldErrorText(fe crm.FieldErrors) string {
	keys := slices.Sorted(maps.Keys(fe))
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = strings.ReplaceAll(k, "_", " ") + ": " + fe[k]
	}
	return strings.Join(parts, " ")
}
