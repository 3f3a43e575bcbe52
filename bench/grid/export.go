package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"time"

	"magecrm/bench/internal/machine"
)

// exportResult is one timed CSV export of every customer.
type exportResult struct {
	took, firstBytes  time.Duration
	rows              int
	rssStart, rssPeak int64
	bare              time.Duration // the bare SELECT of the same rows
	cpu               time.Duration // the process's CPU time while it ran (server and reader)
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
	start, cpu := time.Now(), machine.CPUUsed()
	h.ServeHTTP(w, req)
	r.took, r.cpu = time.Since(start), machine.CPUUsed()-cpu
	close(done)
	<-sampled
	r.rssPeak = max(peak, rss())
	if w.code != 200 {
		return nil, fmt.Errorf("status %d", w.code)
	}
	r.firstBytes, r.rows = w.first.Sub(start), w.lines-1
	return r, nil
}

// rss is the process's own resident memory in bytes (Linux RssAnon: not
// the file pages SQLite maps while it exports, which are the operating
// system's file cache), or 0.
func rss() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, "RssAnon:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}
