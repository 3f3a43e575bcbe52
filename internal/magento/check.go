package magento

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"
)

// CheckStep is one step of CheckConnection: what was checked, whether it
// passed, what was found, and if not, a sentence saying what to fix. A
// warning passed (the channel works) but for one feature: Fix says what
// to change for it.
type CheckStep struct {
	Name    string // connect, tls, magento, credentials, store views, customers
	OK      bool
	Warning bool   // OK, but Fix says what one feature needs
	Detail  string // what was found, e.g. "3 store views"
	Fix     string // what to do, when not OK
}

// String renders the step for a person.
func (s CheckStep) String() string {
	switch {
	case s.Warning:
		return s.Name + ": warning: " + s.Fix
	case s.OK:
		return s.Name + ": OK " + s.Detail
	}
	return s.Name + ": " + s.Fix
}

// CheckConnection tries the channel step by step — reach the host, TLS,
// Magento's REST API, the credentials, reading store views, searching one
// customer — and stops at the first step that makes the next pointless.
// Each failed step says in a sentence what to fix.
func (c *Client) CheckConnection(ctx context.Context) []CheckStep {
	var steps []CheckStep
	for _, step := range []func(context.Context) CheckStep{c.checkConnect, c.checkTLS, c.checkREST} {
		s := step(ctx)
		if s.Name == "" {
			continue
		}
		steps = append(steps, s)
		if !s.OK {
			return steps
		}
	}
	if c.auth.Kind == AdminToken {
		s := c.checkToken(ctx)
		steps = append(steps, s)
		if !s.OK {
			return steps
		}
	}
	views, viewsErr := c.StoreViews(ctx)
	page, custErr := c.SearchCustomers(ctx, NewSearch().Size(1).Page(1))
	if c.auth.Kind != AdminToken {
		s := credentialsStep(c.auth.Kind, viewsErr, custErr)
		steps = append(steps, s)
		if !s.OK {
			return steps
		}
	}
	vs := CheckStep{Name: "store views", OK: viewsErr == nil}
	if vs.OK {
		vs.Detail = fmt.Sprintf("%d store views", len(views))
	} else {
		vs.Fix = callFix(viewsErr)
	}
	cs := CheckStep{Name: "customers", OK: custErr == nil}
	if cs.OK {
		cs.Detail = fmt.Sprintf("%d customers", page.TotalCount)
	} else {
		cs.Fix = callFix(custErr)
	}
	return append(steps, vs, cs)
}

func (c *Client) hostPort() string {
	if p := c.base.Port(); p != "" {
		return c.base.Host
	}
	if c.base.Scheme == "https" {
		return net.JoinHostPort(c.base.Hostname(), "443")
	}
	return net.JoinHostPort(c.base.Hostname(), "80")
}

func (c *Client) checkConnect(ctx context.Context) CheckStep {
	s := CheckStep{Name: "connect"}
	d := net.Dialer{Timeout: min(c.timeout, 15*time.Second)}
	conn, err := d.DialContext(ctx, "tcp", c.hostPort())
	var dnsErr *net.DNSError
	switch {
	case err == nil:
		conn.Close()
		s.OK, s.Detail = true, c.hostPort()
	case errors.As(err, &dnsErr):
		s.Fix = fmt.Sprintf("The host name %q was not found. Check the base URL.", c.base.Hostname())
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		s.Fix = fmt.Sprintf("%s does not answer (timed out). Check the base URL and any firewall between magecrm and the store.", c.hostPort())
	default:
		s.Fix = fmt.Sprintf("Nothing answers at %s (%v). Check the base URL, its port, and that the store is running.", c.hostPort(), errors.Unwrap(err))
	}
	return s
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func (c *Client) checkTLS(ctx context.Context) CheckStep {
	if c.base.Scheme != "https" {
		return CheckStep{}
	}
	s := CheckStep{Name: "tls"}
	cfg := c.tlsConfig
	if cfg == nil {
		if t, ok := c.http.Transport.(*http.Transport); ok && t.TLSClientConfig != nil {
			cfg = t.TLSClientConfig
		} else {
			cfg = &tls.Config{}
		}
	}
	cfg = cfg.Clone()
	cfg.ServerName = c.base.Hostname()
	d := tls.Dialer{NetDialer: &net.Dialer{Timeout: min(c.timeout, 15*time.Second)}, Config: cfg}
	conn, err := d.DialContext(ctx, "tcp", c.hostPort())
	if err == nil {
		conn.Close()
		s.OK = true
		if cfg.InsecureSkipVerify {
			s.Detail = "certificate NOT verified: skip TLS verification is on"
		} else {
			s.Detail = "certificate verified"
		}
		return s
	}
	s.Fix = tlsFix(err, c.base.Hostname())
	return s
}

func tlsFix(err error, host string) string {
	var (
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
	)
	switch {
	case errors.As(err, &unknown):
		return "The store's certificate is not signed by an authority magecrm trusts (self-signed or a private CA). " +
			"Give the CA certificate file in the channel settings, or, for a test store only, turn on skip TLS verification."
	case errors.As(err, &hostname):
		return fmt.Sprintf("The store's certificate is not valid for %q (%v). Check the host name in the base URL.", host, hostname)
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		return "The store's certificate has expired or is not valid yet. Renew it on the store's server (or check this machine's clock)."
	case errors.As(err, &invalid):
		return fmt.Sprintf("The store's certificate is not acceptable (%v). Fix the certificate on the store's server.", invalid)
	}
	return fmt.Sprintf("The TLS handshake failed (%v). Check that the base URL's port serves HTTPS.", err)
}

// checkREST calls a REST route without credentials: a Magento store answers
// with its JSON error body, anything else is not Magento's REST API.
func (c *Client) checkREST(ctx context.Context) CheckStep {
	s := CheckStep{Name: "magento"}
	err := c.do(ctx, call{method: http.MethodGet, path: "/V1/store/storeViews", safe: true, noAuth: true}, nil)
	var e *Error
	switch {
	case err == nil, errors.As(err, &e) && !e.NotMagento && e.Status < 500:
		s.OK, s.Detail = true, "REST API at "+c.root+"/V1"
	case errors.As(err, &e) && e.NotMagento:
		s.Fix = fmt.Sprintf("%s answers HTTP %d but not as Magento's REST API. Check the base URL: it is the store's address, "+
			"e.g. https://shop.example.com/, without /admin or /rest.", c.root+"/V1", e.Status)
	case e != nil:
		s.Fix = fmt.Sprintf("Magento answers with an error (%s). Check the store's logs.", e.Text())
	default:
		s.Fix = fmt.Sprintf("The request failed (%v). Check the base URL and the network.", err)
	}
	return s
}

func (c *Client) checkToken(ctx context.Context) CheckStep {
	s := CheckStep{Name: "credentials"}
	c.token.mu.Lock()
	c.token.token = ""
	c.token.mu.Unlock()
	_, err := c.token.get(ctx, c)
	switch {
	case err == nil:
		s.OK, s.Detail = true, fmt.Sprintf("admin token for %q", c.auth.Username)
	case IsTwoFactorRequired(err):
		s.Fix = "Magento's two-factor authentication (Magento_TwoFactorAuth) refuses admin tokens to API clients. " +
			"Create an integration (System > Extensions > Integrations) and enter its access token, or its four OAuth keys, instead."
	case IsAuth(err):
		s.Fix = "Magento refused the admin user name or password (after 6 failures it also locks the account for 30 minutes). " +
			"Check them by signing in to Magento's admin."
	default:
		s.Fix = callFix(err)
	}
	return s
}

// credentialsStep judges integration credentials from two calls: Magento
// treats a refused token as a guest, so a 401 on both means the token was
// refused; a 401 on one only means a missing ACL resource.
func credentialsStep(kind AuthKind, viewsErr, custErr error) CheckStep {
	s := CheckStep{Name: "credentials"}
	if !(IsAuth(viewsErr) && IsAuth(custErr)) {
		s.OK, s.Detail = true, kind.String()+" accepted"
		return s
	}
	switch kind {
	case Bearer:
		s.Fix = "Magento refused the access token. Either the token is wrong or its integration is not active, or (Magento 2.4.4 and later) " +
			"integration tokens are not accepted as Bearer tokens: in Magento's admin enable Stores > Configuration > Services > " +
			"OAuth > Consumer Settings > \"Allow OAuth Access Tokens to be used as standalone Bearer tokens\", " +
			"or enter the integration's consumer key, consumer secret and access token secret to use OAuth instead."
	default:
		s.Fix = "Magento refused the OAuth signature. Check the consumer key and secret and the access token and secret " +
			"(System > Extensions > Integrations), that the integration is active, and that this machine's clock is right."
	}
	return s
}

// callFix says what to do about a failed authenticated call.
func callFix(err error) string {
	if res := MissingResources(err); res != "" {
		return fmt.Sprintf("The credentials work but lack the ACL resource %s. Grant it to the integration "+
			"(System > Extensions > Integrations > API) or to the admin user's role.", res)
	}
	var e *Error
	if errors.As(err, &e) {
		return fmt.Sprintf("Magento answered %d: %s.", e.Status, strings.TrimSuffix(e.Text(), "."))
	}
	return fmt.Sprintf("The request failed: %v.", err)
}
