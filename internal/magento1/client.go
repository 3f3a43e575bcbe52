package magento1

import (
	"bytes"
	"context"
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
)

// Config configures a Client for one Magento 1 / OpenMage store.
type Config struct {
	// BaseURL is the store's base URL, e.g. https://shop.example.com/ or,
	// without URL rewrites, https://shop.example.com/index.php/; the client
	// adds api/v2_soap/. It must not contain credentials.
	BaseURL string
	// APIUser and APIKey are a SOAP/XML-RPC user of the store's admin
	// (System → Web Services → SOAP/XML-RPC Users).
	APIUser, APIKey string
	// WSI is the store's "WS-I Compliance" setting (System → Configuration
	// → Services → Magento Core API): document/literal instead of RPC/encoded.
	WSI bool
	// Namespace is the operations' namespace; "" reads it from the WSDL
	// (urn:OpenMage for OpenMage LTS, urn:Magento for Magento 1.x).
	Namespace string
	// Timeout bounds each attempt of a request, answer included; 0 means
	// two minutes (a customer list window is one answer).
	Timeout time.Duration
	// MaxRetries is how many times a failed read is tried again; 0 means
	// 4, a negative value means never. Writes are sent once (see sending).
	MaxRetries int
	// RetryDelay is the first backoff step, doubled at each retry (with
	// jitter) up to MaxRetryDelay; 0 means 250ms and 15s.
	RetryDelay, MaxRetryDelay time.Duration
	// Logger receives retries (warn); nil means none.
	Logger *slog.Logger
	// HTTPClient replaces http.DefaultClient's settings.
	HTTPClient *http.Client
}

// Client talks to one store. It is safe for concurrent use.
type Client struct {
	base       *url.URL
	endpoint   string
	user, key  string
	wsi        bool
	http       *http.Client
	timeout    time.Duration
	maxRetries int
	retryDelay time.Duration
	maxDelay   time.Duration
	log        *slog.Logger

	mu      sync.Mutex
	ns      string
	session string
}

// String names the store and the API user, never the key.
func (c *Client) String() string {
	return "magento1 client for " + c.base.String() + " (user " + c.user + ")"
}

// GoString is String: the client's fields hold the API key.
func (c *Client) GoString() string { return c.String() }

// LogValue logs the store and the API user, never the key.
func (c *Client) LogValue() slog.Value {
	return slog.GroupValue(slog.String("base_url", c.base.String()), slog.String("api_user", c.user), slog.Bool("wsi", c.wsi))
}

// New checks cfg and returns a Client. It does not contact the store.
func New(cfg Config) (*Client, error) {
	base, err := url.Parse(strings.TrimSpace(cfg.BaseURL))
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, fmt.Errorf("magento1: base URL %q: want http(s)://host/", cfg.BaseURL)
	}
	if base.User != nil {
		return nil, errors.New("magento1: the base URL must not contain credentials")
	}
	if cfg.APIUser == "" || cfg.APIKey == "" {
		return nil, errors.New("magento1: the API user and API key are required")
	}
	base.RawQuery, base.Fragment = "", ""
	path := strings.TrimSuffix(base.Path, "/")
	path = strings.TrimSuffix(path, "/api/v2_soap")
	base.Path = path + "/"
	c := &Client{base: base, endpoint: base.String() + "api/v2_soap/", user: cfg.APIUser, key: cfg.APIKey,
		wsi: cfg.WSI, ns: cfg.Namespace, http: cfg.HTTPClient, log: cfg.Logger,
		timeout: cfg.Timeout, maxRetries: cfg.MaxRetries, retryDelay: cfg.RetryDelay, maxDelay: cfg.MaxRetryDelay}
	if c.http == nil {
		c.http = &http.Client{}
	}
	if c.timeout <= 0 {
		c.timeout = 2 * time.Minute
	}
	switch {
	case c.maxRetries == 0:
		c.maxRetries = 4
	case c.maxRetries < 0:
		c.maxRetries = 0
	}
	if c.retryDelay <= 0 {
		c.retryDelay = 250 * time.Millisecond
	}
	if c.maxDelay <= 0 {
		c.maxDelay = 15 * time.Second
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	return c, nil
}

// WSDLURL is where the store serves its WSDL.
func (c *Client) WSDLURL() string { return c.endpoint + "?wsdl=1" }

// WSDL describes what the store's WSDL says of itself.
type WSDL struct {
	Namespace string // targetNamespace
	WSI       bool   // document/literal binding
}

// FetchWSDL reads the WSDL (one attempt).
func (c *Client) FetchWSDL(ctx context.Context) (WSDL, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.WSDLURL(), nil)
	if err != nil {
		return WSDL{}, err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return WSDL{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return WSDL{}, err
	}
	if resp.StatusCode != http.StatusOK {
		return WSDL{}, &BadAnswerError{Op: "wsdl", Status: resp.StatusCode, Err: errors.New("no WSDL")}
	}
	return parseWSDL(body)
}

// namespace returns the operations' namespace, reading the WSDL once.
func (c *Client) namespace(ctx context.Context) (string, error) {
	c.mu.Lock()
	ns := c.ns
	c.mu.Unlock()
	if ns != "" {
		return ns, nil
	}
	w, err := c.FetchWSDL(ctx)
	if err != nil {
		return "", fmt.Errorf("magento1: reading the WSDL at %s: %w", c.WSDLURL(), err)
	}
	c.mu.Lock()
	c.ns = w.Namespace
	c.mu.Unlock()
	return w.Namespace, nil
}

// Login starts an API session and keeps it for the following calls.
func (c *Client) Login(ctx context.Context) error {
	_, err := c.login(ctx)
	return err
}

func (c *Client) login(ctx context.Context) (string, error) {
	var id scalar
	err := do(ctx, c, "login", readCall, func(e encoder, _ string) []value {
		return []value{e.str("username", c.user), e.str("apiKey", c.key)}
	}, &id)
	if err != nil {
		return "", err
	}
	c.mu.Lock()
	c.session = strings.TrimSpace(id.Text)
	c.mu.Unlock()
	return c.session, nil
}

// EndSession ends the API session, if there is one.
func (c *Client) EndSession(ctx context.Context) error {
	c.mu.Lock()
	id := c.session
	c.session = ""
	c.mu.Unlock()
	if id == "" {
		return nil
	}
	var ok scalar
	return send(ctx, c, "endSession", writeCall, func(e encoder) []value { return []value{e.str("sessionId", id)} }, &ok)
}

// sending says whether post may send a call again.
type sending int

const (
	// readCall is a read (or the login): tried again, with backoff, after
	// a failure that may pass.
	readCall sending = iota
	// writeCall is a write, sent once. Its body was built from an earlier
	// read of the store (a merge of the customer's fields, the addresses to
	// change or delete, the defaults to clear): sent again after a wait (a
	// 429's Retry-After, a backoff) it would undo what was saved in the
	// store meanwhile. Its caller reads again and sends what is still to
	// send; a 429 or 503 carries the store's Retry-After (BadAnswerError).
	writeCall
	// createCall is a create, sent once too; a failure after the request
	// may have reached the store is an OutcomeUnknownError: the record may
	// exist, and is looked up before it is created again.
	createCall
)

// call runs an operation in the API session: it logs in when there is no
// session, and once more when Magento answers fault 5 (session expired).
func call[T any](ctx context.Context, c *Client, op string, how sending, parts func(e encoder) []value, out *T) error {
	return do(ctx, c, op, how, func(e encoder, session string) []value {
		return append([]value{e.str("sessionId", session)}, parts(e)...)
	}, out)
}

func do[T any](ctx context.Context, c *Client, op string, how sending, parts func(e encoder, session string) []value, out *T) error {
	if op == "login" {
		return send(ctx, c, op, how, func(e encoder) []value { return parts(e, "") }, out)
	}
	return c.inSession(ctx, func(session string) error {
		return send(ctx, c, op, how, func(e encoder) []value { return parts(e, session) }, out)
	})
}

// inSession runs f with the API session: it logs in when there is none,
// and once more when Magento answers fault 5 (session expired). A write is
// sent again then too, at once: OpenMage checks the session before it
// looks at the call (Mage_Api_Model_Server_Handler_Abstract::call), so the
// store has done nothing with it.
func (c *Client) inSession(ctx context.Context, f func(session string) error) error {
	for renewed := false; ; renewed = true {
		c.mu.Lock()
		session := c.session
		c.mu.Unlock()
		if session == "" {
			var err error
			if session, err = c.login(ctx); err != nil {
				return err
			}
		}
		err := f(session)
		if faultCode(err) != FaultSessionExpired || renewed {
			return err
		}
		c.mu.Lock()
		if c.session == session {
			c.session = ""
		}
		c.mu.Unlock()
	}
}

// send posts one SOAP call, retrying a read as post does.
func send[T any](ctx context.Context, c *Client, op string, how sending, parts func(e encoder) []value, out *T) error {
	ns, err := c.namespace(ctx)
	if err != nil {
		return err
	}
	e := encoder{wsi: c.wsi}
	action := `"urn:Mage_Api_Model_Server_V2_HandlerAction"`
	if c.wsi {
		action = `""`
	}
	return c.post(ctx, op, how, c.endpoint, action, e.envelope(ns, op, parts(e)...),
		func(status int, answer []byte) error { return decodeAnswer(op, status, answer, out) })
}

// post sends body to endpoint and decodes the answer. A read is tried
// again on transport failures, answers cut short, proxies' 429/502/503/504
// and PHP's own Server faults; a write is sent once (see sending).
func (c *Client) post(ctx context.Context, op string, how sending, endpoint, soapAction string, body []byte, decode func(status int, answer []byte) error) error {
	for try := 0; ; try++ {
		retryAfter, err := c.attempt(ctx, op, endpoint, soapAction, body, decode)
		switch {
		case how == createCall:
			return outcomeOf(op, err)
		case how == writeCall, err == nil, try >= c.maxRetries, !retryable(err):
			return err
		}
		wait := c.backoff(try, retryAfter)
		c.log.Warn("magento1: retrying", "op", op, "attempt", try+1, "wait", wait, "error", err)
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// retryable says whether trying again may help.
func retryable(err error) bool {
	var f *Fault
	if errors.As(err, &f) {
		return f.Code == faultServer // PHP died (database gone, timeout); Magento's own faults stay
	}
	return !errors.Is(err, ErrTooMany) && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded)
}

func (c *Client) attempt(ctx context.Context, op, endpoint, soapAction string, body []byte, decode func(int, []byte) error) (retryAfter time.Duration, err error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "text/xml; charset=utf-8")
	if soapAction != "" {
		req.Header.Set("SOAPAction", soapAction)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, fmt.Errorf("magento1 %s: %w", op, err)
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, fmt.Errorf("magento1 %s: reading the answer: %w", op, err)
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		bad := &BadAnswerError{Op: op, Status: resp.StatusCode, Err: errors.New(http.StatusText(resp.StatusCode))}
		if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s > 0 {
			bad.RetryAfter = time.Duration(s) * time.Second
		}
		return max(bad.RetryAfter, time.Second), bad
	}
	return 0, decode(resp.StatusCode, answer)
}

func isDialError(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

func (c *Client) backoff(attempt int, retryAfter time.Duration) time.Duration {
	d := c.retryDelay << attempt
	if d > c.maxDelay || d <= 0 {
		d = c.maxDelay
	}
	d = d/2 + rand.N(d/2+1)
	return max(d, retryAfter)
}
