package magesim

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Faults are the failures the REST API injects, each a share of requests
// between 0 and 1, drawn per request from a seeded source. The zero value
// injects nothing.
type Faults struct {
	ErrorRate       float64       `json:"error_rate"`       // 500 with Magento's masked "Internal Error" body
	RateLimitRate   float64       `json:"rate_limit_rate"`  // 429 with Retry-After
	UnavailableRate float64       `json:"unavailable_rate"` // 503 from the web server in front of Magento
	ResetRate       float64       `json:"reset_rate"`       // connection closed halfway through the answer
	TruncateRate    float64       `json:"truncate_rate"`    // 200 with the JSON cut short
	RetryAfter      int           `json:"retry_after"`      // seconds in Retry-After; default 1
	Latency         time.Duration `json:"latency"`          // added to every REST answer
	Jitter          time.Duration `json:"jitter"`           // plus a random part up to this
	// AnswerDelay holds the answer of each customer write (restWrites) this
	// long after it was handled: the write is made in Magento while its
	// client still waits for the reply.
	AnswerDelay time.Duration `json:"answer_delay"`
	// LoseRate is the share of customer writes (restWrites, SOAP
	// create/update/delete calls) that run to the end and then lose their
	// answer, as LoseNextAnswers does for the next ones.
	LoseRate float64 `json:"lose_rate"`
	Seed     int64   `json:"seed"`
}

type faultKind int

const (
	faultNone faultKind = iota
	faultError
	faultRateLimit
	faultUnavailable
	faultReset
	faultTruncate
)

type faultInjector struct {
	mu  sync.Mutex
	cfg Faults
	rng *rand.Rand
	// lose is how many of the next customer writes (restWrites, SOAP
	// create/update/delete calls) run to the end and then lose their answer.
	lose int
	// held counts the answers AnswerDelay holds back right now.
	held atomic.Int64
}

// takeLose reports whether this write's answer is to be lost, counting it.
func (f *faultInjector) takeLose() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.lose == 0 {
		return f.cfg.LoseRate > 0 && f.rng.Float64() < f.cfg.LoseRate
	}
	f.lose--
	return true
}

func newFaultInjector() *faultInjector {
	f := &faultInjector{}
	f.set(Faults{})
	return f
}

func (f *faultInjector) set(cfg Faults) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if cfg.RetryAfter <= 0 {
		cfg.RetryAfter = 1
	}
	f.cfg = cfg
	f.rng = rand.New(rand.NewPCG(uint64(cfg.Seed), 0x6d616765))
	f.lose = 0
}

func (f *faultInjector) get() Faults {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.cfg
}

func (f *faultInjector) draw() (faultKind, time.Duration, Faults) {
	f.mu.Lock()
	defer f.mu.Unlock()
	cfg := f.cfg
	delay := cfg.Latency
	if cfg.Jitter > 0 {
		delay += time.Duration(f.rng.Int64N(int64(cfg.Jitter)))
	}
	r := f.rng.Float64()
	for _, k := range []struct {
		kind  faultKind
		share float64
	}{
		{faultError, cfg.ErrorRate}, {faultRateLimit, cfg.RateLimitRate}, {faultUnavailable, cfg.UnavailableRate},
		{faultReset, cfg.ResetRate}, {faultTruncate, cfg.TruncateRate},
	} {
		if r < k.share {
			return k.kind, delay, cfg
		}
		r -= k.share
	}
	return faultNone, delay, cfg
}

// serve runs a REST handler with the configured faults. Refusals (500, 429,
// 503) answer before the handler runs, so nothing changes; a reset or a
// truncated answer happens after it ran — the change is made, the answer lost.
// write says whether the request is a customer write (restWrites).
func (f *faultInjector) serve(w http.ResponseWriter, r *http.Request, h http.Handler, write bool) {
	kind, delay, cfg := f.draw()
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
	}
	switch kind {
	case faultNone:
		if cfg.AnswerDelay <= 0 || !write {
			h.ServeHTTP(w, r)
			return
		}
		rec := &recorder{header: http.Header{}, status: http.StatusOK}
		h.ServeHTTP(rec, r)
		f.held.Add(1)
		defer f.held.Add(-1)
		select {
		case <-time.After(cfg.AnswerDelay):
			rec.writeTo(w)
		case <-r.Context().Done():
		}
	case faultError:
		writeError(w, &Error{Kind: KindInternal, Message: fmt.Sprintf(
			"Internal Error. Details are available in Magento log file. Report ID: webapi-%013x", rand.Int64N(1<<52))})
	case faultRateLimit:
		w.Header().Set("Retry-After", strconv.Itoa(cfg.RetryAfter))
		writeJSON(w, http.StatusTooManyRequests, appendError(nil, &Error{Message: msgTooManyRequests}))
	case faultUnavailable:
		w.Header().Set("Retry-After", strconv.Itoa(cfg.RetryAfter))
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("<html><head><title>503 Service Temporarily Unavailable</title></head><body><h1>Service Temporarily Unavailable</h1></body></html>\n"))
	case faultReset, faultTruncate:
		rec := &recorder{header: http.Header{}, status: http.StatusOK}
		h.ServeHTTP(rec, r)
		cutShort(w, rec, kind == faultReset)
	}
}

// cutShort writes half of a recorded answer. A truncated answer announces
// the short length, so it is a well-formed HTTP answer with broken JSON; a
// reset announces the full length and closes the connection halfway.
func cutShort(w http.ResponseWriter, rec *recorder, reset bool) {
	body := rec.body.Bytes()
	half := body[:len(body)/2]
	rec.copyHeader(w)
	if !reset {
		w.Header().Set("Content-Length", strconv.Itoa(len(half)))
		w.WriteHeader(rec.status)
		w.Write(half)
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(rec.status)
	w.Write(half)
	if fl, ok := w.(http.Flusher); ok {
		fl.Flush()
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		tcp.SetLinger(0) // send RST rather than FIN
	}
	conn.Close()
}

// recorder holds an answer so that a fault can cut it.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
func (r *recorder) WriteHeader(status int)      { r.status = status }

// writeTo sends the whole recorded answer.
func (r *recorder) writeTo(w http.ResponseWriter) {
	r.copyHeader(w)
	w.WriteHeader(r.status)
	w.Write(r.body.Bytes())
}

// copyHeader gives w the recorded answer's header.
func (r *recorder) copyHeader(w http.ResponseWriter) {
	for k, v := range r.header {
		w.Header()[k] = v
	}
}

// loseAnswer runs a request to the end — the change is made — and then
// resets the connection halfway through the answer: the lost answer of a
// request that reached the store.
func loseAnswer(w http.ResponseWriter, r *http.Request, h http.Handler) {
	rec := &recorder{header: http.Header{}, status: http.StatusOK}
	h.ServeHTTP(rec, r)
	cutShort(w, rec, true)
}

// LoseNextAnswers makes the next n customer writes (REST POST, PUT and
// DELETE of customers and addresses; SOAP create, update and delete calls)
// run and commit, then lose their
// answer: the connection is reset halfway through it. Whatever the write
// answered, success or refusal, is lost. SetFaults and Reset cancel it.
func (s *Sim) LoseNextAnswers(n int) {
	s.faults.mu.Lock()
	s.faults.lose = max(n, 0)
	s.faults.mu.Unlock()
}

// HeldAnswers is how many customer writes are made in Magento and have
// their answer held back by Faults.AnswerDelay right now.
func (s *Sim) HeldAnswers() int { return int(s.faults.held.Load()) }

// SetFaults switches fault injection to cfg; Faults{} switches it off.
func (s *Sim) SetFaults(cfg Faults) { s.faults.set(cfg) }

// CurrentFaults returns the fault configuration in force.
func (s *Sim) CurrentFaults() Faults { return s.faults.get() }
