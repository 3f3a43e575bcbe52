package magesim

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Defaults of the SOAP v2 API.
const (
	DefaultSOAPUser   = "magecrm"
	DefaultSOAPKey    = "magesimapikey123"
	NamespaceOpenMage = "urn:OpenMage"
	NamespaceMagento  = "urn:Magento"
	// soapSessionTimeout is api/config/session_timeout: a session unused
	// for this long is gone (each call renews it, as recordLogin does).
	soapSessionTimeout = 3600 * time.Second
	// defaultSOAPListLimit is how many customers one customerCustomerList
	// can answer before PHP runs out of memory_limit (256M, full EAV models).
	defaultSOAPListLimit = 20000
)

// A SOAP fault: Magento's numeric codes from the api.xml files, and the
// SOAP-ENV:Server / SOAP-ENV:Client faults PHP's SoapServer raises itself.
type soapFault struct{ code, message string }

func (f *soapFault) Error() string { return f.code + " " + f.message }

func fault(code int, message string) *soapFault {
	return &soapFault{code: fmt.Sprint(code), message: message}
}

// Magento's global faults (Mage/Api/etc/api.xml).
var (
	faultAccessDenied   = fault(2, "Access denied.")
	faultSessionExpired = fault(5, "Session expired. Try to relogin.")
)

// soapServer is the SOAP v2 layer: sessions of the API user and the style
// (RPC/encoded or WS-I) and namespace it answers in.
type soapServer struct {
	user, key string
	ns        string
	wsi       bool
	listLimit int
	denied    map[string]bool
	now       func() time.Time

	mu       sync.Mutex
	sessions map[string]time.Time // session id → last use
}

func newSOAPServer(o Options) *soapServer {
	s := &soapServer{user: o.SOAPUser, key: o.SOAPKey, ns: o.SOAPNamespace, wsi: o.WSI,
		listLimit: o.SOAPListLimit, denied: map[string]bool{}, now: o.Now, sessions: map[string]time.Time{}}
	if s.user == "" {
		s.user = DefaultSOAPUser
	}
	if s.key == "" {
		s.key = DefaultSOAPKey
	}
	if s.ns == "" {
		s.ns = NamespaceOpenMage
	}
	if s.listLimit <= 0 {
		s.listLimit = defaultSOAPListLimit
	}
	for _, r := range o.SOAPDenied {
		s.denied[r] = true
	}
	return s
}

func (s *soapServer) login(user, key string) (string, *soapFault) {
	if user != s.user || key != s.key {
		return "", faultAccessDenied
	}
	id := randomToken()
	s.mu.Lock()
	s.sessions[id] = s.now()
	s.mu.Unlock()
	return id, nil
}

// check renews a live session, or answers fault 5.
func (s *soapServer) check(id string) *soapFault {
	s.mu.Lock()
	defer s.mu.Unlock()
	last, ok := s.sessions[id]
	now := s.now()
	if !ok || now.Sub(last) > soapSessionTimeout {
		delete(s.sessions, id)
		return faultSessionExpired
	}
	s.sessions[id] = now
	return nil
}

func (s *soapServer) end(id string) {
	s.mu.Lock()
	delete(s.sessions, id)
	s.mu.Unlock()
}

func (s *soapServer) expireAll() {
	s.mu.Lock()
	s.sessions = map[string]time.Time{}
	s.mu.Unlock()
}

// ExpireSOAPSessions ends every SOAP session now, as a session timeout or
// a cleared api_session table would: the next call answers fault 5.
func (s *Sim) ExpireSOAPSessions() { s.soap.expireAll() }

// soapRoutes serves the SOAP v2 endpoint and its WSDL at /api/v2_soap/ and
// /index.php/api/v2_soap/ (stores without URL rewrites).
func (s *Sim) soapRoutes(mux *http.ServeMux) {
	for _, prefix := range []string{"/api/v2_soap", "/index.php/api/v2_soap"} {
		mux.HandleFunc(prefix+"/", s.serveSOAP)
		mux.HandleFunc(prefix, s.serveSOAP)
	}
	mux.HandleFunc("POST /__sim/soap/sessions/expire", func(w http.ResponseWriter, r *http.Request) {
		routeOf(r).set("SIM POST /__sim/soap/sessions/expire")
		s.ExpireSOAPSessions()
		writeControl(w, http.StatusOK, map[string]bool{"expired": true})
	})
}

func (s *Sim) serveSOAP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if r.Method == http.MethodGet && (q.Has("wsdl") || q.Has("WSDL")) {
		routeOf(r).set("SOAP WSDL")
		location := "http://" + r.Host + strings.TrimSuffix(r.URL.Path, "/") + "/"
		w.Header().Set("Content-Type", "text/xml; charset=UTF-8")
		io.WriteString(w, wsdl(s.soap.ns, location, s.soap.wsi))
		return
	}
	if r.Method != http.MethodPost {
		routeOf(r).set("SOAP bad method")
		writeSOAPFault(w, &soapFault{"SOAP-ENV:Server", "Bad Request. Can't find HTTP_RAW_POST_DATA"})
		return
	}
	s.soapFaults(w, r, http.HandlerFunc(s.soapCall))
}

func writeSOAPFault(w http.ResponseWriter, f *soapFault) {
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError) // PHP's "500 Internal Service Error"
	w.Write(faultEnvelope(f.code, f.message))
}

// soapCall reads the envelope, finds the operation by the body's element
// (RPC: the operation name; WS-I: its …Param element), checks the session
// and the role's resource, then runs it.
func (s *Sim) soapCall(w http.ResponseWriter, r *http.Request) {
	root, err := parseXML(io.LimitReader(r.Body, maxRequestBodySize))
	body := root.child("Body")
	if err != nil || root.name.Local != "Envelope" || body == nil || len(body.kids) == 0 {
		routeOf(r).set("SOAP bad envelope")
		writeSOAPFault(w, &soapFault{"SOAP-ENV:Client", "Bad Request"})
		return
	}
	call := body.kids[0]
	op, ok := operationOfElement(call.name.Local, s.soap.wsi)
	if !ok {
		routeOf(r).set("SOAP unknown " + call.name.Local)
		writeSOAPFault(w, &soapFault{"SOAP-ENV:Server", fmt.Sprintf("Procedure '%s' not present", call.name.Local)})
		return
	}
	routeOf(r).set("SOAP " + op.name)
	c := &soapCall{sim: s, st: s.Store(), args: call, out: newSOAPWriter(s.soap.ns, s.soap.wsi)}
	if f := s.authorize(op, c); f != nil {
		writeSOAPFault(w, f)
		return
	}
	out := w
	var lost *recorder
	if op.writes() && s.faults.takeLose() {
		lost = &recorder{header: http.Header{}, status: http.StatusOK}
		out = lost
	}
	if f := soapHandlers[op.name](c, op); f != nil {
		writeSOAPFault(out, f)
	} else {
		out.Header().Set("Content-Type", "text/xml; charset=utf-8")
		out.Write(c.out.bytes())
	}
	if lost != nil {
		cutShort(w, lost, true)
	}
}

func (s *Sim) authorize(op soapOperation, c *soapCall) *soapFault {
	if op.resource == "" {
		return nil
	}
	id, _ := c.args.child("sessionId").str()
	if f := s.soap.check(id); f != nil {
		return f
	}
	for res := op.resource; res != ""; {
		if s.soap.denied[res] {
			return faultAccessDenied
		}
		i := strings.LastIndexByte(res, '/')
		if i < 0 {
			break
		}
		res = res[:i]
	}
	return nil
}

// soapCall is one SOAP request on its way through an operation.
type soapCall struct {
	sim  *Sim
	st   *Store
	args *xmlNode
	out  *soapWriter
}

// soapFaults runs a SOAP request with the configured faults, as the REST
// side does. An injected error is what PHP sends when the script dies: a
// SOAP-ENV:Server fault with the PHP error as its text, status 500.
func (s *Sim) soapFaults(w http.ResponseWriter, r *http.Request, h http.Handler) {
	kind, delay, cfg := s.faults.draw()
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
	}
	switch kind {
	case faultNone:
		h.ServeHTTP(w, r)
	case faultError:
		writeSOAPFault(w, &soapFault{"SOAP-ENV:Server", "SQLSTATE[HY000] [2002] Connection refused"})
	case faultRateLimit:
		w.Header().Set("Retry-After", fmt.Sprint(cfg.RetryAfter))
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, "<html><head><title>429 Too Many Requests</title></head><body><h1>429 Too Many Requests</h1></body></html>\n")
	case faultUnavailable:
		w.Header().Set("Retry-After", fmt.Sprint(cfg.RetryAfter))
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, "<html><head><title>503 Service Temporarily Unavailable</title></head><body><h1>Service Temporarily Unavailable</h1></body></html>\n")
	case faultReset, faultTruncate:
		rec := &recorder{header: http.Header{}, status: http.StatusOK}
		h.ServeHTTP(rec, r)
		cutShort(w, rec, kind == faultReset)
	}
}
