package api

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"magecrm/internal/crm"
	"magecrm/internal/magentosync"
)

// Prefix is the path every API route starts with.
const Prefix = "/api/v1"

// Options tune the API; the zero value gives the defaults.
type Options struct {
	// RatePerSecond and Burst bound each token's requests: a token may
	// send Burst requests at once, then RatePerSecond on average.
	// Defaults: 20 per second, bursts of 100.
	RatePerSecond float64
	Burst         int
}

// Server is the JSON API over the crm services.
type Server struct {
	CRM *crm.Service
	Log *slog.Logger
	// Sync runs channel syncs on request; nil when this process does not
	// sync, and the API says so.
	Sync   *magentosync.Engine
	api    huma.API
	mux    *http.ServeMux
	limits *rateLimits
}

// New registers every operation.
func New(svc *crm.Service, log *slog.Logger, opt Options) *Server {
	if opt.RatePerSecond <= 0 {
		opt.RatePerSecond = 20
	}
	if opt.Burst <= 0 {
		opt.Burst = 100
	}
	s := &Server{CRM: svc, Log: log, mux: http.NewServeMux(), limits: newRateLimits(opt.RatePerSecond, opt.Burst)}
	s.api = humago.New(s.mux, config())
	s.routes()
	s.mux.HandleFunc("GET "+Prefix+"/docs", s.showReference)
	s.mux.HandleFunc(Prefix+"/", func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, http.StatusNotFound, "There is no such resource or method in the API. The reference is at "+Prefix+"/docs.")
	})
	return s
}

func config() huma.Config {
	c := huma.DefaultConfig("magecrm API", "1")
	c.OpenAPIPath = Prefix + "/openapi"
	c.DocsPath, c.SchemasPath = "", ""
	// The default hooks add "$schema" members and Link headers to answers;
	// clients are better served by plain records.
	c.CreateHooks = nil
	c.Transformers = append(c.Transformers, withoutEchoedValues)
	c.Info.Description = description
	c.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"token": {Type: "http", Scheme: "bearer", Description: "A personal access token, made on your profile page in magecrm (it starts with mcrm_)."},
	}
	c.Security = []map[string][]string{{"token": {}}}
	return c
}

const description = `magecrm's JSON API: the same records, rules, validation and history as the pages.

Sign requests with a personal access token from your profile page: ` + "`Authorization: Bearer mcrm_…`" + `.
A read-only token may only read. Session cookies do not sign API requests in.
Each token may send bursts of requests and then a steady rate; beyond that the answer is 429 with Retry-After.

Errors are RFC 9457 problem details (application/problem+json); a form's field messages are in ` + "`errors`" + `,
each with the field's location. A record you may not see answers 404, as one that does not exist.

Lists page by an opaque cursor: follow ` + "`next`" + ` until it is absent. Records carry a version; an update
needs ` + "`If-Match`" + ` with the record's ETag and answers 412 when the record changed meanwhile.
A POST with an ` + "`Idempotency-Key`" + ` header is done once: a retry with the same key and the same request
gets the first answer again (for 24 hours).

A customer's, contact's or account's activities (notes, calls, emails, tasks, events, attachments) are read,
added, changed and deleted under the same rules as in the pages, with their comments.

Administrators subscribe URLs to events under /webhooks: each delivery is a POST signed with the webhook's
secret in the Magecrm-Signature header: t=<unix seconds>,v1=<hex HMAC-SHA256 of t, a dot and the body>.`

// Handler is the whole API: public document and reference page, and every
// other route behind a token, its rate limit and its access mode.
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Cache-Control", "no-store")
		if r.Method == http.MethodGet && isPublic(r.URL.Path) {
			s.mux.ServeHTTP(w, r)
			return
		}
		s.signedIn(w, r)
	})
}

func isPublic(path string) bool {
	switch strings.TrimPrefix(path, Prefix) {
	case "/openapi.json", "/openapi.yaml", "/openapi-3.0.json", "/openapi-3.0.yaml", "/docs":
		return true
	}
	return false
}

type ctxKey int

const sessionKey ctxKey = 0

// caller is who signed a request in: the session and the token used.
type caller struct {
	sess  *crm.Session
	token tokenInfo
}

// tokenInfo is what the API keeps of the token a request came with.
type tokenInfo struct {
	ID        int64
	Name      string
	ReadOnly  bool
	ExpiresAt time.Time
}

// sessionOf returns the session of a signed-in request.
func sessionOf(ctx context.Context) *crm.Session {
	return ctx.Value(sessionKey).(*caller).sess
}

// callerOf returns the caller of a signed-in request.
func callerOf(ctx context.Context) *caller {
	return ctx.Value(sessionKey).(*caller)
}
