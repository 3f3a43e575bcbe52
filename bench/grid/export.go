package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"time"
)

// exportResult is one timed CSV export of every customer.
type exportResult struct {
	took, firstBytes  time.Duration
	rows              int
	rssStart, rssPeak int64
	bare              time.Duration // the bare SELECT of the same rows
	bareRows          int
}

// discard is a ResponseWriter that keeps nothing, so the export's own
// memory is what is measured.
type discard struct {
	first  time.Time // of the first write
	header http.Header
	code   int
	lines  int
}

func (d *discard) Header() http.Header  { return d.header }
func (d *discard) WriteHeader(code int) { d.code = code }
func (d *discard) Write(p []byte) (int, error) {
	if d.first.IsZero() {
		d.first = time.Now()
	}
	for _, b := range p {
		if b == '\n' {
			d.lines++
		}
	}
	return len(p), nil
}

// timeExport serves the CSV export of every customer through h and
// samples the process's resident memory while it runs.
func timeExport(h http.Handler, token string) (*exportResult, error) {
	req := httptest.NewRequest(http.MethodGet, "/customers/export.csv", nil)
	req.AddCookie(&http.Cookie{Name: "magecrm_session", Value: token})
	w := &discard{header: http.Header{}, code: 200}
	r := &exportResult{rssStart: rss()}
	peak := r.rssStart
	done := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				peak = max(peak, rss())
			}
		}
	}()
	start := time.Now()
	h.ServeHTTP(w, req)
	r.took = time.Since(start)
	close(done)
	<-sampled
	r.rssPeak = max(peak, rss())
	if w.code != 200 {
		return nil, fmt.Errorf("status %d", w.code)
	}
	r.firstBytes, r.rows = w.first.Sub(start), w.lines-1
	return r, nil
}

// rss is the process's resident memory in bytes (Linux), or 0.
func rss() int64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	var size, res int64
	fmt.Sscan(string(b), &size, &res)
	return res * int64(os.Getpagesize())
}
