package magento

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-json-experiment/json"
	"golang.org/x/time/rate"
)

// Config configures a Client for one Magento installation (one channel).
type Config struct {
	// BaseURL is the store's base URL, e.g. https://shop.example.com/;
	// the client adds /rest/V1. It must not contain credentials.
	BaseURL string
	// StoreCode, when set, scopes calls to /rest/{StoreCode}/V1.
	StoreCode string
	Auth      Auth
	// AdminTokenLifetime is Magento's admin token lifetime
	// (oauth/access_token_lifetime/admin); 0 means Magento's default, 4h.
	// The token is renewed shortly before it runs out.
	AdminTokenLifetime time.Duration
	// Timeout bounds each attempt of a request, answer body included;
	// 0 means one minute.
	Timeout time.Duration
	// RequestsPerSecond limits the requests this client sends; 0 means no limit.
	RequestsPerSecond float64
	// MaxRetries is how many times a failed safe call is tried again;
	// 0 means 4, a negative value means never.
	MaxRetries int
	// RetryDelay is the first backoff step, doubled at each retry (with
	// jitter) up to MaxRetryDelay; 0 means 250ms and 15s.
	RetryDelay, MaxRetryDelay time.Duration
	// CAFile is a PEM file of extra certificate authorities to trust.
	CAFile string
	// InsecureSkipVerify accepts any certificate. Only for test stores: it
	// is logged as a warning.
	InsecureSkipVerify bool
	// Logger receives request logs (debug) and retries (warn); nil means none.
	Logger *slog.Logger
	// HTTPClient replaces the client's own; CAFile and InsecureSkipVerify
	// must then be unset.
	HTTPClient *http.Client
}

// LogValue logs the settings without secrets.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("base_url", c.BaseURL),
		slog.Any("auth", c.Auth),
		slog.Duration("timeout", c.Timeout),
		slog.Float64("requests_per_second", c.RequestsPerSecond),
		slog.Bool("insecure_skip_verify", c.InsecureSkipVerify),
	)
}

// Client talks to one Magento installation. It is safe for concurrent use.
type Client struct {
	root       string // e.g. https://shop.example.com/rest/V1 without the "/V1"
	base       *url.URL
	auth       Auth
	http       *http.Client
	tlsConfig  *tls.Config // nil when HTTPClient was given
	limiter    *rate.Limiter
	timeout    time.Duration
	maxRetries int
	retryDelay time.Duration
	maxDelay   time.Duration
	log        *slog.Logger
	token      adminToken
	now        func() time.Time
}

// String names the store and the credentials' kind, never a secret.
func (c *Client) String() string {
	return "magento client for " + c.base.String() + " (" + c.auth.String() + ")"
}

// GoString is String: the client's fields hold credentials.
func (c *Client) GoString() string { return c.String() }

// LogValue logs the store and the credentials' kind, never a secret.
func (c *Client) LogValue() slog.Value {
	return slog.GroupValue(slog.String("base_url", c.base.String()), slog.Any("auth", c.auth))
}

// New checks cfg and returns a Client. It does not contact Magento; use
// CheckConnection for that.
func New(cfg Config) (*Client, error) {
	base, err := parseBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	if err := cfg.Auth.validate(); err != nil {
		return nil, err
	}
	c := &Client{
		base:       base,
		auth:       cfg.Auth,
		timeout:    orDefault(cfg.Timeout, time.Minute),
		maxRetries: cfg.MaxRetries,
		retryDelay: orDefault(cfg.RetryDelay, 250*time.Millisecond),
		maxDelay:   orDefault(cfg.MaxRetryDelay, 15*time.Second),
		log:        cfg.Logger,
		token:      adminToken{lifetime: orDefault(cfg.AdminTokenLifetime, 4*time.Hour)},
		now:        time.Now,
	}
	c.root = strings.TrimSuffix(base.String(), "/") + "/rest"
	if cfg.StoreCode != "" {
		c.root += "/" + url.PathEscape(cfg.StoreCode)
	}
	switch {
	case c.maxRetries == 0:
		c.maxRetries = 4
	case c.maxRetries < 0:
		c.maxRetries = 0
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if cfg.RequestsPerSecond > 0 {
		c.limiter = rate.NewLimiter(rate.Limit(cfg.RequestsPerSecond), max(1, int(cfg.RequestsPerSecond/10)))
	}
	if c.http, c.tlsConfig, err = httpClient(cfg); err != nil {
		return nil, err
	}
	if cfg.InsecureSkipVerify {
		warn := cfg.Logger
		if warn == nil {
			warn = slog.Default() // this warning is never silenced
		}
		warn.Warn("magento: TLS certificate verification is OFF for this channel; anyone on the network path can read its credentials and data",
			"base_url", base.String())
	}
	return c, nil
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

func parseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("magento: base URL %q is not an http(s) URL like https://shop.example.com/", raw)
	}
	if u.User != nil {
		return nil, errors.New("magento: the base URL must not contain a user name or password; enter credentials in the authentication settings")
	}
	u.RawQuery, u.Fragment = "", ""
	u.Path = strings.TrimSuffix(u.Path, "/")
	for _, suffix := range []string{"/rest/V1", "/rest"} {
		u.Path = strings.TrimSuffix(u.Path, suffix)
	}
	return u, nil
}

func httpClient(cfg Config) (*http.Client, *tls.Config, error) {
	if cfg.HTTPClient != nil {
		if cfg.CAFile != "" || cfg.InsecureSkipVerify {
			return nil, nil, errors.New("magento: CAFile and InsecureSkipVerify cannot be used with a custom HTTPClient")
		}
		return cfg.HTTPClient, nil, nil
	}
	tc := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: cfg.InsecureSkipVerify}
	if cfg.CAFile != "" {
		pool, err := CAPool(cfg.CAFile)
		if err != nil {
			return nil, nil, err
		}
		tc.RootCAs = pool
	}
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.TLSClientConfig = tc
	t.MaxIdleConnsPerHost = 32
	t.ResponseHeaderTimeout = orDefault(cfg.Timeout, time.Minute)
	return &http.Client{Transport: t, CheckRedirect: keepMethod}, tc, nil
}

// keepMethod follows redirects of GET requests only: Go would turn a
// redirected POST or PUT into a GET and drop its body without a word.
func keepMethod(req *http.Request, via []*http.Request) error {
	if req.Method != http.MethodGet || len(via) >= 10 {
		return http.ErrUseLastResponse
	}
	return nil
}

// call is one logical request; do sends it as often as needed.
type call struct {
	method string
	path   string // below /V1, e.g. "/V1/customers/5"
	query  string // encoded query string, or ""
	body   []byte // JSON body, or nil
	// safe calls may be repeated after a lost answer or a 5xx.
	safe bool
	// once calls are never repeated by do, not even after a 429: their
	// body was built from a read that a wait would leave old, so a retry
	// is the caller's, after it has read again.
	once bool
	// noAuth calls carry no credentials (the admin token request).
	noAuth bool
}

// maxBody bounds an answer's size: a 1000-customer page is about 1 MB.
const maxBody = 256 << 20

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// putBuffer keeps answer buffers for reuse, but not the rare huge one.
func putBuffer(b *bytes.Buffer) {
	if b.Cap() <= 16<<20 {
		bufPool.Put(b)
	}
}

// do sends cl, retrying what may be retried, and hands a 2xx body to decode.
// decode errors wrapping errBadPage count as an unreadable answer (retried
// for safe calls); other decode errors are returned as they are.
func (c *Client) do(ctx context.Context, cl call, decode func([]byte) error) error {
	renewed := false
	for attempt := 0; ; attempt++ {
		res, err := c.attempt(ctx, cl, decode)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return err
		}
		if res.staleToken != "" && !renewed {
			// A refused admin token (expired or revoked early): renew once.
			c.token.drop(res.staleToken)
			renewed = true
			attempt--
			continue
		}
		if !res.retry || cl.once || attempt >= c.maxRetries {
			return err
		}
		delay := c.backoff(attempt, res.retryAfter)
		c.log.Warn("magento request failed, retrying", "method", cl.method, "path", cl.path,
			"attempt", attempt+1, "delay", delay, "error", err)
		select {
		case <-time.After(delay):
		case <-ctx.Done():
			return err
		}
	}
}

// outcome says what do should make of a failed attempt.
type outcome struct {
	retry      bool
	retryAfter time.Duration
	staleToken string // admin token Magento refused
}

func (c *Client) attempt(ctx context.Context, cl call, decode func([]byte) error) (outcome, error) {
	if c.limiter != nil {
		if err := c.limiter.Wait(ctx); err != nil {
			return outcome{}, fmt.Errorf("magento: %s %s: %w", cl.method, cl.path, err)
		}
	}
	req, token, err := c.request(ctx, cl)
	if err != nil {
		return outcome{}, err
	}
	actx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req = req.WithContext(actx)
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		return c.transportFailure(cl, err)
	}
	buf := bufPool.Get().(*bytes.Buffer)
	defer putBuffer(buf)
	buf.Reset()
	_, err = buf.ReadFrom(io.LimitReader(resp.Body, maxBody))
	resp.Body.Close()
	c.log.Debug("magento request", "method", cl.method, "path", cl.path, "status", resp.StatusCode,
		"bytes", buf.Len(), "elapsed", time.Since(start))
	if err != nil {
		return c.transportFailure(cl, err)
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return c.decodeAnswer(cl, resp.StatusCode, buf.Bytes(), decode)
	}
	e := parseError(cl, resp, buf.Bytes())
	switch {
	case e.Status == http.StatusUnauthorized && token != "":
		return outcome{staleToken: token}, e
	case e.Status == http.StatusTooManyRequests:
		// Magento did not act on a throttled request: always safe to repeat.
		return outcome{retry: true, retryAfter: e.RetryAfter}, e
	case e.Status >= 500 && cl.safe:
		return outcome{retry: true, retryAfter: e.RetryAfter}, e
	case e.Status >= 500:
		return outcome{}, &OutcomeUnknownError{Method: cl.method, Path: cl.path, Err: e}
	}
	return outcome{}, e
}

func (c *Client) decodeAnswer(cl call, status int, body []byte, decode func([]byte) error) (outcome, error) {
	if decode == nil {
		return outcome{}, nil
	}
	err := decode(body)
	if err == nil || !errors.Is(err, errBadPage) {
		return outcome{}, err
	}
	bad := &BadBodyError{Method: cl.method, Path: cl.path, Status: status, Err: err}
	if !cl.safe {
		return outcome{}, &OutcomeUnknownError{Method: cl.method, Path: cl.path, Err: bad}
	}
	return outcome{retry: true}, bad
}

// request builds the HTTP request and returns the admin token it carries.
func (c *Client) request(ctx context.Context, cl call) (*http.Request, string, error) {
	endpoint := c.root + cl.path
	target := endpoint
	if cl.query != "" {
		target += "?" + cl.query
	}
	var body io.Reader
	if cl.body != nil {
		body = bytes.NewReader(cl.body)
	}
	req, err := http.NewRequestWithContext(ctx, cl.method, target, body)
	if err != nil {
		return nil, "", fmt.Errorf("magento: %s %s: %w", cl.method, cl.path, err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "magecrm")
	if cl.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if cl.noAuth {
		return req, "", nil
	}
	switch c.auth.Kind {
	case AdminToken:
		token, err := c.token.get(ctx, c)
		if err != nil {
			return nil, "", err
		}
		req.Header.Set("Authorization", "Bearer "+token)
		return req, token, nil
	case Bearer:
		req.Header.Set("Authorization", "Bearer "+c.auth.AccessToken)
	case OAuth:
		req.Header.Set("Authorization", oauthHeader(c.auth, cl.method, endpoint, cl.query, c.now()))
	}
	return req, "", nil
}

// transportFailure classifies an error of the connection or of the body read.
func (c *Client) transportFailure(cl call, err error) (outcome, error) {
	err = fmt.Errorf("magento: %s %s: %w", cl.method, cl.path, unwrapURLError(err))
	switch {
	case isCertificateError(err):
		return outcome{}, err
	case cl.safe:
		return outcome{retry: true}, err
	case isDialError(err):
		// Nothing was sent: even a create may be tried again.
		return outcome{retry: true}, err
	}
	return outcome{}, &OutcomeUnknownError{Method: cl.method, Path: cl.path, Err: err}
}

// unwrapURLError drops *url.Error's copy of the URL (the method and path are
// already in the message).
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func isCertificateError(err error) bool {
	var (
		verify   *tls.CertificateVerificationError
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
	)
	return errors.As(err, &verify) || errors.As(err, &unknown) || errors.As(err, &hostname) || errors.As(err, &invalid)
}

func isDialError(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// backoff is exponential with jitter (between half and all of the step);
// a Retry-After from the server wins when it is longer.
func (c *Client) backoff(attempt int, retryAfter time.Duration) time.Duration {
	step := c.retryDelay << min(attempt, 20)
	if step > c.maxDelay || step <= 0 {
		step = c.maxDelay
	}
	d := step/2 + rand.N(step/2+1)
	if retryAfter > d {
		d = retryAfter
	}
	return d
}

// parseError reads Magento's error body; a body that is not one (an HTML
// page from a proxy or a wrong URL) leaves Message empty and sets NotMagento.
func parseError(cl call, resp *http.Response, body []byte) *Error {
	e := &Error{Method: cl.method, Path: cl.path, Status: resp.StatusCode}
	e.RetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
	var w struct {
		Message    string `json:"message"`
		Parameters any    `json:"parameters"`
		Code       int    `json:"code"`
		Errors     []struct {
			Message    string `json:"message"`
			Parameters any    `json:"parameters"`
		} `json:"errors"`
	}
	if json.Unmarshal(body, &w) != nil || w.Message == "" {
		e.NotMagento = true
		return e
	}
	e.Message, e.Parameters, e.Code = w.Message, params(w.Parameters), w.Code
	for _, m := range w.Errors {
		e.Errors = append(e.Errors, Message{Message: m.Message, Parameters: params(m.Parameters)})
	}
	return e
}

// params normalises named ({"fieldName":…}) and positional ([…]) parameters
// to the placeholder names they fill: "fieldName", and "1", "2", ….
func params(v any) map[string]string {
	out := map[string]string{}
	switch v := v.(type) {
	case map[string]any:
		for k, val := range v {
			if n, err := strconv.Atoi(k); err == nil && n >= 0 {
				k = strconv.Itoa(n + 1) // a PHP integer key: %1 is key 0
			}
			out[k] = paramText(val)
		}
	case []any:
		for i, val := range v {
			out[strconv.Itoa(i+1)] = paramText(val)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// parseRetryAfter reads seconds or an HTTP date; it caps the wait at 5 minutes.
func parseRetryAfter(h string, now time.Time) time.Duration {
	if h == "" {
		return 0
	}
	var d time.Duration
	if s, err := strconv.Atoi(strings.TrimSpace(h)); err == nil {
		d = time.Duration(s) * time.Second
	} else if t, err := http.ParseTime(h); err == nil {
		d = t.Sub(now)
	}
	return max(0, min(d, 5*time.Minute))
}

// decodeWhole decodes a whole answer. Broken JSON (truncated, HTML) is an
// unreadable answer, worth another try; well-formed JSON of the wrong shape
// is returned as a *json.SemanticError, as trying again would not help.
func decodeWhole(body []byte, out any) error {
	err := json.Unmarshal(body, out, decodeOptions)
	var se *json.SemanticError
	if err != nil && !errors.As(err, &se) {
		return fmt.Errorf("%w: %w", errBadPage, err)
	}
	return err
}
