package magento

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-json-experiment/json"
)

// AuthKind says how the client proves who it is.
type AuthKind int

// The ways to authenticate against Magento's REST API.
const (
	// AdminToken trades an admin Username and Password for a token
	// (4 hours by default) and renews it before it expires.
	AdminToken AuthKind = iota + 1
	// Bearer sends an integration AccessToken as "Authorization: Bearer".
	// Magento 2.4.4+ accepts it only with "Allow OAuth Access Tokens to be
	// used as standalone Bearer tokens" switched on.
	Bearer
	// OAuth signs every request with OAuth 1.0a (HMAC-SHA256) using the
	// integration's four credentials; it works whatever that setting.
	OAuth
)

// String names the kind.
func (k AuthKind) String() string {
	switch k {
	case AdminToken:
		return "admin token"
	case Bearer:
		return "integration bearer token"
	case OAuth:
		return "OAuth 1.0a"
	}
	return "no authentication"
}

// Auth holds the credentials of one channel. Its String, GoString and
// LogValue methods never show a secret, so it is safe to print or log.
type Auth struct {
	Kind AuthKind
	// Username and Password are the admin user's (AdminToken).
	Username, Password string
	// AccessToken is the integration's access token (Bearer, OAuth).
	AccessToken string
	// ConsumerKey, ConsumerSecret and AccessTokenSecret complete the
	// integration's credentials for OAuth.
	ConsumerKey, ConsumerSecret, AccessTokenSecret string
}

// String describes the credentials without revealing any secret.
func (a Auth) String() string {
	switch a.Kind {
	case AdminToken:
		return fmt.Sprintf("admin token for user %q", a.Username)
	case Bearer:
		return "integration bearer token " + redact(a.AccessToken)
	case OAuth:
		return "OAuth 1.0a consumer " + redact(a.ConsumerKey)
	}
	return a.Kind.String()
}

// GoString is String, so that %#v cannot leak secrets either.
func (a Auth) GoString() string { return "magento.Auth{" + a.String() + "}" }

// LogValue logs the kind and the user name only.
func (a Auth) LogValue() slog.Value {
	attrs := []slog.Attr{slog.String("kind", a.Kind.String())}
	if a.Kind == AdminToken {
		attrs = append(attrs, slog.String("user", a.Username))
	}
	return slog.GroupValue(attrs...)
}

// redact shows whether a secret is set, never any of it.
func redact(secret string) string {
	if secret == "" {
		return "(not set)"
	}
	return "(set)"
}

func (a Auth) validate() error {
	missing := func(what string) error {
		return fmt.Errorf("magento: %s authentication needs %s", a.Kind, what)
	}
	switch a.Kind {
	case AdminToken:
		if a.Username == "" || a.Password == "" {
			return missing("a user name and a password")
		}
	case Bearer:
		if a.AccessToken == "" {
			return missing("an access token")
		}
	case OAuth:
		if a.ConsumerKey == "" || a.ConsumerSecret == "" || a.AccessToken == "" || a.AccessTokenSecret == "" {
			return missing("the consumer key and secret and the access token and secret")
		}
	default:
		return fmt.Errorf("magento: unknown authentication kind %d", a.Kind)
	}
	return nil
}

// adminToken keeps the current admin token and renews it ahead of expiry.
type adminToken struct {
	mu       sync.Mutex
	token    string
	renewAt  time.Time
	lifetime time.Duration
}

// get returns a valid token, asking Magento for a new one when needed. The
// lock is held while asking so concurrent requests share one renewal.
func (t *adminToken) get(ctx context.Context, c *Client) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.token != "" && c.now().Before(t.renewAt) {
		return t.token, nil
	}
	body, err := json.Marshal(struct {
		Username string `json:"username"`
		Password string `json:"password"`
	}{c.auth.Username, c.auth.Password})
	if err != nil {
		return "", err
	}
	var token string
	err = c.do(ctx, call{method: http.MethodPost, path: "/V1/integration/admin/token", body: body, safe: true, noAuth: true},
		func(b []byte) error {
			// Never wrap the decoder's error: it could quote the token.
			if json.Unmarshal(b, &token) != nil || token == "" {
				return fmt.Errorf("%w: the token answer is not a JSON string", errBadPage)
			}
			return nil
		})
	if err != nil {
		return "", fmt.Errorf("magento: admin token for user %q: %w", c.auth.Username, err)
	}
	margin := min(t.lifetime/10, 5*time.Minute)
	t.token, t.renewAt = token, c.now().Add(t.lifetime-margin)
	c.log.Debug("magento admin token obtained", "user", c.auth.Username, "renew_at", t.renewAt)
	return token, nil
}

// drop forgets token if it is still the current one (Magento refused it).
func (t *adminToken) drop(token string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.token == token {
		t.token = ""
	}
}

// oauthHeader signs a request with OAuth 1.0a HMAC-SHA256 (RFC 5849) and
// returns the Authorization header. Magento signs the query parameters as
// they appear in the raw query, split on "&" and decoded without turning "+"
// into a space, so the query must encode spaces as %20 (Encode does).
func oauthHeader(a Auth, method, endpoint, rawQuery string, now time.Time) string {
	nonce := make([]byte, 16)
	_, _ = rand.Read(nonce)
	protocol := [][2]string{
		{"oauth_consumer_key", a.ConsumerKey},
		{"oauth_nonce", hex.EncodeToString(nonce)},
		{"oauth_signature_method", "HMAC-SHA256"},
		{"oauth_timestamp", strconv.FormatInt(now.Unix(), 10)},
		{"oauth_token", a.AccessToken},
		{"oauth_version", "1.0"},
	}
	params := append([][2]string(nil), protocol...)
	for _, pair := range strings.Split(rawQuery, "&") {
		k, v, ok := strings.Cut(pair, "=")
		if !ok {
			continue
		}
		dk, err1 := url.PathUnescape(k)
		dv, err2 := url.PathUnescape(v)
		if err1 == nil && err2 == nil {
			params = append(params, [2]string{dk, dv})
		}
	}
	for i := range params {
		params[i] = [2]string{oauthEscape(params[i][0]), oauthEscape(params[i][1])}
	}
	sort.Slice(params, func(i, j int) bool {
		if params[i][0] != params[j][0] {
			return params[i][0] < params[j][0]
		}
		return params[i][1] < params[j][1]
	})
	var norm strings.Builder
	for i, p := range params {
		if i > 0 {
			norm.WriteByte('&')
		}
		norm.WriteString(p[0] + "=" + p[1])
	}
	base := strings.ToUpper(method) + "&" + oauthEscape(endpoint) + "&" + oauthEscape(norm.String())
	mac := hmac.New(sha256.New, []byte(oauthEscape(a.ConsumerSecret)+"&"+oauthEscape(a.AccessTokenSecret)))
	mac.Write([]byte(base))
	signature := base64.StdEncoding.EncodeToString(mac.Sum(nil))

	var h strings.Builder
	h.WriteString("OAuth ")
	for _, p := range append(protocol, [2]string{"oauth_signature", signature}) {
		h.WriteString(p[0] + `="` + oauthEscape(p[1]) + `",`)
	}
	return strings.TrimSuffix(h.String(), ",")
}

// oauthEscape percent-encodes everything but RFC 3986 unreserved characters.
func oauthEscape(s string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}
