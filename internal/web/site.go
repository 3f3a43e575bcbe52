package web

import (
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
)

// Site is how people reach the server when a proxy stands in front of it.
type Site struct {
	// BaseURL is the address people open (MAGECRM_PUBLIC_URL), nil when
	// unset. An https address makes cookies Secure even though the proxy
	// speaks plain HTTP to magecrm, and its origin is trusted for forms.
	BaseURL *url.URL
	// TrustedProxies are the proxies whose X-Forwarded-For header names
	// the client (MAGECRM_TRUSTED_PROXIES). Anyone else's header is ignored:
	// a client could write anything into it.
	TrustedProxies []netip.Prefix
}

// secure reports whether the browser reached the site over TLS.
func (s *Server) secure(r *http.Request) bool {
	return r.TLS != nil || (s.Site.BaseURL != nil && s.Site.BaseURL.Scheme == "https")
}

// clientAddr returns the address a request comes from: the connection's
// peer, or, when that is a trusted proxy, the nearest address in
// X-Forwarded-For that is not one.
func (s *Server) clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	addr = addr.Unmap()
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0 && s.trusted(addr); i-- {
		hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		addr = hop.Unmap()
	}
	return addr.String()
}

func (s *Server) trusted(a netip.Addr) bool {
	for _, p := range s.Site.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
