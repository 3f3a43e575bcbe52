package magesim

import (
	"bufio"
	"context"
	"net"
	"net/http"
	"sort"
	"sync"
)

// RouteCount is how many requests one route answered with one status.
type RouteCount struct {
	Route  string `json:"route"`
	Status int    `json:"status"`
	Count  int    `json:"count"`
}

type requestStats struct {
	mu     sync.Mutex
	counts map[RouteCount]int // keyed with Count 0
}

func newRequestStats() *requestStats { return &requestStats{counts: map[RouteCount]int{}} }

func (rs *requestStats) reset() {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	rs.counts = map[RouteCount]int{}
}

func (rs *requestStats) add(route string, status int) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	rs.counts[RouteCount{Route: route, Status: status}]++
}

func (rs *requestStats) list() []RouteCount {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	out := make([]RouteCount, 0, len(rs.counts))
	for k, n := range rs.counts {
		k.Count = n
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Route != out[j].Route {
			return out[i].Route < out[j].Route
		}
		return out[i].Status < out[j].Status
	})
	return out
}

// middleware counts every answer by route and status. The route is filled
// in by whoever recognises the request; the default is the raw path. An
// answer is counted when its status is written, before its body: a client
// whose connection a fault cuts halfway sees the request counted already.
func (rs *requestStats) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		label := &routeLabel{}
		r = r.WithContext(context.WithValue(r.Context(), routeKey{}, label))
		sw := &statusWriter{ResponseWriter: w, count: func(status int) {
			route := label.get()
			if route == "" {
				route = r.Method + " " + r.URL.Path
			}
			rs.add(route, status)
		}}
		defer sw.counted(http.StatusOK)
		next.ServeHTTP(sw, r)
	})
}

// statusWriter counts the answer once, at its status; it passes Flush and
// Hijack through so that faults can cut connections.
type statusWriter struct {
	http.ResponseWriter
	count func(status int)
	done  bool
}

func (w *statusWriter) counted(status int) {
	if !w.done {
		w.done = true
		w.count(status)
	}
}

func (w *statusWriter) WriteHeader(status int) {
	w.counted(status)
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.counted(http.StatusOK)
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// RequestCounts lists how many requests each route answered, by status.
func (s *Sim) RequestCounts() []RouteCount { return s.stats.list() }

// ResetRequestCounts sets every request count back to zero.
func (s *Sim) ResetRequestCounts() { s.stats.reset() }

func (w *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return http.NewResponseController(w.ResponseWriter).Hijack()
}
