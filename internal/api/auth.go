package api

import (
	"context"
	"errors"
	"math"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"magecrm/internal/crm"
)

// signedIn answers a request that needs a token: it checks the token, the
// token's rate limit and access mode, then serves the route.
func (s *Server) signedIn(w http.ResponseWriter, r *http.Request) {
	token, ok := bearer(r)
	if !ok {
		w.Header().Set("WWW-Authenticate", `Bearer realm="magecrm"`)
		writeProblem(w, http.StatusUnauthorized, "Send a personal access token: Authorization: Bearer mcrm_…. Make one on your profile page.")
		return
	}
	sess, tok, err := s.CRM.AuthenticateAPIToken(r.Context(), token)
	if err != nil {
		if !errors.Is(err, crm.ErrNotFound) {
			s.Log.Error("authenticate API token", "err", err)
			writeProblem(w, http.StatusInternalServerError, internalError)
			return
		}
		w.Header().Set("WWW-Authenticate", `Bearer realm="magecrm", error="invalid_token"`)
		writeProblem(w, http.StatusUnauthorized, "The token is unknown, revoked or expired, or its user is disabled. Make a new one on your profile page.")
		return
	}
	if wait, ok := s.limits.allow(tok.ID); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		writeProblem(w, http.StatusTooManyRequests, "This token sent too many requests. Wait for the seconds in Retry-After, then go on.")
		return
	}
	if tok.ReadOnly && r.Method != http.MethodGet && r.Method != http.MethodHead {
		writeProblem(w, http.StatusForbidden, "This token is read-only. Use a read-and-write token to change records.")
		return
	}
	c := &caller{sess: sess, token: tokenInfo{ID: tok.ID, Name: tok.Name, ReadOnly: tok.ReadOnly, ExpiresAt: tok.ExpiresAt}}
	r = r.WithContext(context.WithValue(r.Context(), sessionKey, c))
	if r.Method == http.MethodPost && r.Header.Get("Idempotency-Key") != "" && !isUpload(r) {
		s.idempotent(w, r, sess)
		return
	}
	s.mux.ServeHTTP(w, r)
}

// isUpload says whether a request is a multipart upload: an
// Idempotency-Key is not honoured on one, as its body is not kept.
func isUpload(r *http.Request) bool {
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return strings.HasPrefix(mediaType, "multipart/")
}

// bearer returns the token of an "Authorization: Bearer" header.
func bearer(r *http.Request) (string, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

// rateLimits holds one token bucket per API token, in this process.
type rateLimits struct {
	mu    sync.Mutex
	every rate.Limit
	burst int
	byID  map[int64]*rate.Limiter
}

func newRateLimits(perSecond float64, burst int) *rateLimits {
	return &rateLimits{every: rate.Limit(perSecond), burst: burst, byID: map[int64]*rate.Limiter{}}
}

// allow takes one request from the token's bucket, or says how long to
// wait for the next.
func (l *rateLimits) allow(tokenID int64) (wait time.Duration, ok bool) {
	l.mu.Lock()
	lim, found := l.byID[tokenID]
	if !found {
		lim = rate.NewLimiter(l.every, l.burst)
		l.byID[tokenID] = lim
	}
	l.mu.Unlock()
	res := lim.Reserve()
	if d := res.Delay(); d > 0 {
		res.Cancel()
		return d, false
	}
	return 0, true
}
