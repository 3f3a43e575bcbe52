package webhook

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"syscall"
	"time"
)

// NewClient returns the client deliveries are posted with: it gives up
// after timeout and follows no redirect (it would turn the POST into a
// GET). Unless allowPrivate, it connects to public addresses only: not to
// loopback, private, link-local (the cloud metadata address among them),
// shared or unspecified ones. The check is made on the address dialled,
// after the name was resolved, so a name that resolves to the machine
// magecrm runs on, or to its network, is refused too.
func NewClient(timeout time.Duration, allowPrivate bool) *http.Client {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	if !allowPrivate {
		dialer := &net.Dialer{Timeout: timeout, Control: publicOnly}
		transport.DialContext = dialer.DialContext
		transport.Proxy = nil // a proxy would dial the receiver itself, unchecked
	}
	return &http.Client{Timeout: timeout, Transport: transport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// sharedSpace is the carrier-grade NAT range (RFC 6598), not public.
var sharedSpace = netip.MustParsePrefix("100.64.0.0/10")

// publicOnly refuses to connect to an address that is not public.
func publicOnly(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return err
	}
	return publicAddress(ip)
}

// publicAddress refuses an address that is not public.
func publicAddress(ip netip.Addr) error {
	ip = ip.Unmap()
	if ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() || ip.IsMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsUnspecified() || sharedSpace.Contains(ip) {
		return fmt.Errorf("%s is not a public address: webhooks are delivered to public addresses only, unless the server runs with --webhooks-allow-private", ip)
	}
	return nil
}

// ErrPrivateHost refuses a receiver's URL whose host is not public on its
// face (see PublicHost).
var ErrPrivateHost = errors.New("webhook: the URL's host is not a public address")

// PublicHost refuses, as ErrPrivateHost, a URL host (as url.URL.Hostname
// gives it) that is plainly not public: an IP address that is loopback,
// private, link-local, shared or unspecified, or localhost. Other names
// pass: what they resolve to is checked when a delivery dials them.
func PublicHost(host string) error {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return ErrPrivateHost
	}
	if ip, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil && publicAddress(ip) != nil {
		return ErrPrivateHost
	}
	return nil
}
