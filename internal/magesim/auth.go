package magesim

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/subtle"
	"crypto/tls"
	"encoding/base64"
	"hash"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"
)

type callerKind int

const (
	callerGuest callerKind = iota
	callerAdmin
	callerIntegration
)

// Admin tokens live 4 hours; six failures lock the account for 30 minutes
// (oauth/access_token_lifetime/admin, oauth/authentication_lock/*).
const (
	adminTokenLifetime = 4 * time.Hour
	maxLoginFailures   = 6
	lockoutDuration    = 1800 * time.Second
)

// authenticator knows the admin account, the integration's credentials and
// the tokens it issued. A request it cannot authenticate is a guest.
type authenticator struct {
	opts Options

	mu          sync.Mutex
	adminTokens map[string]time.Time // token → expiry
	failures    map[string]int
	lockedUntil map[string]time.Time
	nonces      map[string]bool
}

func newAuthenticator(opts Options) *authenticator {
	a := &authenticator{opts: opts}
	a.reset()
	return a
}

func (a *authenticator) reset() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.adminTokens = map[string]time.Time{}
	a.failures = map[string]int{}
	a.lockedUntil = map[string]time.Time{}
	a.nonces = map[string]bool{}
}

// adminLogin checks credentials with Magento's throttling and issues a token.
func (a *authenticator) adminLogin(username, password string, now time.Time) (string, *Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	badSignIn := &Error{Kind: KindAuth, Message: msgBadSignIn}
	if now.Before(a.lockedUntil[username]) {
		return "", badSignIn
	}
	if username != a.opts.AdminUser || password != a.opts.AdminPassword {
		a.failures[username]++
		if a.failures[username] >= maxLoginFailures {
			a.lockedUntil[username] = now.Add(lockoutDuration)
			a.failures[username] = 0
		}
		return "", badSignIn
	}
	delete(a.failures, username)
	if a.opts.TwoFactor {
		return "", &Error{Kind: KindAuth, Message: msgTwoFactor,
			Params: []Param{named("active_providers", []string{"google"})}}
	}
	token := randomToken()
	a.adminTokens[token] = now.Add(adminTokenLifetime)
	return token, nil
}

// identify tells who sent a request: an admin token or integration token as
// Bearer, or an OAuth 1.0a signed request. Anything else is a guest.
func (a *authenticator) identify(r *http.Request, now time.Time) callerKind {
	h := r.Header.Get("Authorization")
	scheme, value, _ := strings.Cut(strings.TrimSpace(h), " ")
	switch strings.ToLower(scheme) {
	case "bearer":
		return a.bearer(strings.TrimSpace(value), now)
	case "oauth":
		if a.verifyOAuth(r, value) {
			return callerIntegration
		}
	}
	return callerGuest
}

func (a *authenticator) bearer(token string, now time.Time) callerKind {
	a.mu.Lock()
	defer a.mu.Unlock()
	if exp, ok := a.adminTokens[token]; ok {
		if now.Before(exp) {
			return callerAdmin
		}
		return callerGuest
	}
	// Before 2.4.4 an integration token was always a valid Bearer token.
	if token == a.opts.AccessToken && (a.opts.BearerEnabled || a.opts.Version == "2.3") {
		return callerIntegration
	}
	return callerGuest
}

// verifyOAuth checks an OAuth 1.0a signature (HMAC-SHA256 or HMAC-SHA1)
// made with the integration's four credentials.
func (a *authenticator) verifyOAuth(r *http.Request, header string) bool {
	params := map[string]string{}
	for _, part := range strings.Split(header, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			continue
		}
		v, err := url.PathUnescape(strings.Trim(v, `"`))
		if err != nil {
			return false
		}
		params[k] = v
	}
	if params["oauth_consumer_key"] != a.opts.ConsumerKey || params["oauth_token"] != a.opts.AccessToken {
		return false
	}
	if v := params["oauth_version"]; v != "" && v != "1.0" {
		return false
	}
	var mac func() hash.Hash
	switch params["oauth_signature_method"] {
	case "HMAC-SHA256":
		mac = sha256.New
	case "HMAC-SHA1":
		mac = sha1.New
	default:
		return false
	}
	signature, err := base64.StdEncoding.DecodeString(params["oauth_signature"])
	if err != nil {
		return false
	}
	key := oauthEncode(a.opts.ConsumerSecret) + "&" + oauthEncode(a.opts.AccessTokenSecret)
	m := hmac.New(mac, []byte(key))
	m.Write([]byte(oauthBaseString(r, params)))
	if subtle.ConstantTimeCompare(m.Sum(nil), signature) != 1 {
		return false
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	nonce := params["oauth_timestamp"] + ":" + params["oauth_nonce"]
	if a.nonces[nonce] {
		return false
	}
	a.nonces[nonce] = true
	return true
}

// oauthBaseString is RFC 5849's signature base string: method, base URL, and
// the sorted, encoded query and oauth_* parameters.
func oauthBaseString(r *http.Request, oauth map[string]string) string {
	type kv struct{ k, v string }
	var pairs []kv
	for k, v := range oauth {
		if k != "oauth_signature" && k != "realm" {
			pairs = append(pairs, kv{oauthEncode(k), oauthEncode(v)})
		}
	}
	for k, vs := range r.URL.Query() {
		for _, v := range vs {
			pairs = append(pairs, kv{oauthEncode(k), oauthEncode(v)})
		}
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].k != pairs[j].k {
			return pairs[i].k < pairs[j].k
		}
		return pairs[i].v < pairs[j].v
	})
	norm := make([]string, len(pairs))
	for i, p := range pairs {
		norm[i] = p.k + "=" + p.v
	}
	return strings.ToUpper(r.Method) + "&" + oauthEncode(requestBaseURL(r)) + "&" + oauthEncode(strings.Join(norm, "&"))
}

// requestBaseURL is scheme://host/path of the request as the client sent it.
func requestBaseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	host := strings.ToLower(r.Host)
	host = strings.TrimSuffix(host, map[string]string{"http": ":80", "https": ":443"}[scheme])
	path := r.URL.EscapedPath()
	if orig, ok := r.Context().Value(originalPathKey{}).(string); ok {
		path = orig
	}
	return scheme + "://" + host + path
}

type originalPathKey struct{}

// oauthEncode is RFC 3986 percent-encoding: everything but unreserved characters.
func oauthEncode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte("0123456789ABCDEF"[c>>4])
		b.WriteByte("0123456789ABCDEF"[c&15])
	}
	return b.String()
}

// SignOAuth returns the Authorization header value for an OAuth 1.0a request
// signed with the given method ("HMAC-SHA256" or "HMAC-SHA1"). It is what a
// Magento integration client sends; tests and tools use it to talk to the
// simulator. rawURL is the full request URL including its query.
func SignOAuth(method, rawURL, signatureMethod, consumerKey, consumerSecret, token, tokenSecret, nonce string, timestamp int64) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", err
	}
	r := &http.Request{Method: method, URL: u, Host: u.Host}
	if u.Scheme == "https" {
		r.TLS = &tls.ConnectionState{}
	}
	params := map[string]string{
		"oauth_consumer_key":     consumerKey,
		"oauth_token":            token,
		"oauth_signature_method": signatureMethod,
		"oauth_timestamp":        itoa64(timestamp),
		"oauth_nonce":            nonce,
		"oauth_version":          "1.0",
	}
	mac := sha256.New
	if signatureMethod == "HMAC-SHA1" {
		mac = sha1.New
	}
	m := hmac.New(mac, []byte(oauthEncode(consumerSecret)+"&"+oauthEncode(tokenSecret)))
	m.Write([]byte(oauthBaseString(r, params)))
	params["oauth_signature"] = base64.StdEncoding.EncodeToString(m.Sum(nil))
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + `="` + oauthEncode(params[k]) + `"`
	}
	return "OAuth " + strings.Join(parts, ","), nil
}

// signInBody reads the {"username", "password"} body of Magento's token
// routes, refusing either when missing or empty as Magento does.
func (c *call) signInBody() (user, pass string, err *Error) {
	body, err := c.jsonBody()
	if err != nil {
		return "", "", err
	}
	var missing []*Error
	user, okU := body["username"].(string)
	pass, okP := body["password"].(string)
	if !okU || user == "" {
		missing = append(missing, requiredField("username"))
	}
	if !okP || pass == "" {
		missing = append(missing, requiredField("password"))
	}
	if len(missing) > 0 {
		return "", "", inputErrors(missing)
	}
	return user, pass, nil
}

// adminToken is POST /V1/integration/admin/token: a bare JSON string.
func (s *Sim) adminToken(c *call) ([]byte, *Error) {
	user, pass, err := c.signInBody()
	if err != nil {
		return nil, err
	}
	token, err := s.auth.adminLogin(user, pass, s.opts.Now())
	if err != nil {
		return nil, err
	}
	return appendString(nil, token), nil
}

// inputErrors is InputException with several errors: the first one alone is
// the message; with more, Magento's default message and the list.
func inputErrors(errs []*Error) *Error {
	if len(errs) == 1 {
		return errs[0]
	}
	return &Error{Kind: KindInput, Message: "One or more input exceptions have occurred.", Errors: errs}
}
