// Command grid benchmarks the Magento Customers grid at scale: it fills a
// database with customers by bulk insert (realistic owners, units and
// countries), then times the web handlers of the grid and its CSV export
// as the server sees them, on SQLite and, when a PostgreSQL URL is given,
// on PostgreSQL. It prints a Markdown table.
//
//	go run ./bench/grid -customers 1000000 -postgres postgres://…
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"time"

	"magecrm/bench/internal/pagetime"
	"magecrm/internal/crm"
	"magecrm/internal/db"
	"magecrm/internal/secret"
	"magecrm/internal/store"
	"magecrm/internal/web"
)

func main() {
	customers := flag.Int("customers", 1_000_000, "customers to insert")
	runs := flag.Int("runs", 30, "timed requests per case")
	sqlitePath := flag.String("sqlite", "", "SQLite file to use (kept and reused when it already holds the customers); default: a temporary file")
	pgURL := flag.String("postgres", os.Getenv("MAGECRM_BENCH_POSTGRES"), "PostgreSQL URL of an empty database (or one this program filled); empty skips PostgreSQL")
	flag.Parse()
	if err := run(*customers, *runs, *sqlitePath, *pgURL); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// result is one dialect's column of the table.
type result struct {
	name     string
	fill     time.Duration
	cases    map[string][2]time.Duration // p50, p95
	export   time.Duration
	firstRow time.Duration // until the export's first bytes
	bare     time.Duration // the bare SELECT of the same rows
	bareRows int
	rows     int
	rssStart int64
	rssPeak  int64
}

func run(customers, runs int, sqlitePath, pgURL string) error {
	ctx := context.Background()
	if sqlitePath == "" {
		dir, err := os.MkdirTemp("", "magecrm-bench-grid")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		sqlitePath = filepath.Join(dir, "bench.db")
	}
	var results []*result
	dsns := []string{sqlitePath}
	if pgURL != "" {
		dsns = append(dsns, pgURL)
	}
	for _, dsn := range dsns {
		r, err := benchOne(ctx, dsn, customers, runs)
		if err != nil {
			return fmt.Errorf("%s: %w", db.RedactURL(dsn), err)
		}
		results = append(results, r)
	}
	printTable(os.Stdout, customers, runs, results)
	return nil
}

func benchOne(ctx context.Context, dsn string, customers, runs int) (*result, error) {
	d, err := db.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	if err := d.Migrate(ctx); err != nil {
		return nil, err
	}
	r := &result{name: string(d.Dialect), cases: map[string][2]time.Duration{}}
	box, err := secret.New("benchmark secret, not a real one")
	if err != nil {
		return nil, err
	}
	svc := crm.New(store.New(d, box), box, slog.New(slog.NewTextHandler(io.Discard, nil)))
	fmt.Fprintf(os.Stderr, "%s: filling %d customers…\n", d.Dialect, customers)
	start := time.Now()
	if err := fill(ctx, d, svc, customers); err != nil {
		return nil, fmt.Errorf("fill: %w", err)
	}
	r.fill = time.Since(start)
	fmt.Fprintf(os.Stderr, "%s: filled in %s\n", d.Dialect, r.fill.Round(time.Second))

	w, err := web.New(svc, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return nil, err
	}
	h := w.Handler()
	admin, err := svc.Login(ctx, crm.SignIn{Username: "admin", Password: benchPassword})
	if err != nil {
		return nil, err
	}
	rep, err := svc.Login(ctx, crm.SignIn{Username: "rep1", Password: benchPassword})
	if err != nil {
		return nil, err
	}
	for _, c := range gridCases {
		token := admin
		if c.rep {
			token = rep
		}
		p50, p95, err := pagetime.Get(h, token, c.path, `id="grid-total"`, runs)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.name, err)
		}
		r.cases[c.name] = [2]time.Duration{p50, p95}
		fmt.Fprintf(os.Stderr, "%s: %-40s p50 %6.1f ms  p95 %6.1f ms\n", d.Dialect, c.name, pagetime.MS(p50), pagetime.MS(p95))
	}
	bareSelect(ctx, d) // warms the caches for both
	r.bare, r.bareRows, err = bareSelect(ctx, d)
	if err != nil {
		return nil, fmt.Errorf("bare select: %w", err)
	}
	r.export, r.firstRow, r.rows, r.rssStart, r.rssPeak, err = timeExport(h, admin)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	fmt.Fprintf(os.Stderr, "%s: export of %d rows in %s, RSS %d → %d MiB\n", d.Dialect, r.rows, r.export.Round(time.Millisecond), r.rssStart>>20, r.rssPeak>>20)
	return r, nil
}

// gridCase is one timed grid request.
type gridCase struct {
	name string
	path string
	rep  bool // as a Sales Representative (business-unit scope) instead of the administrator
}

var gridCases = []gridCase{
	{"default page (last, first name; 25 rows + total)", "/customers", false},
	{"email starts with \"mar\"", "/customers?email=mar&email_match=starts", false},
	{"country DE, sorted by updated at", "/customers?country=DE&sort=updated_at&dir=desc", false},
	{"created in Magento in 2023, newest first", "/customers?created_from=2023-01-01&created_to=2023-12-31&sort=created_at&dir=desc", false},
	{"sorted by lifetime value (within currency), highest first", "/customers?sort=lifetime&dir=desc", false},
	{"Sales Representative, own unit", "/customers", true},
	{"page 200 of the default sort", "/customers?page=200", false},
}

// discard is a ResponseWriter that keeps nothing, so the export's own
// memory is what is measured.
type discard struct {
	first  time.Time // of the first write
	header http.Header
	code   int
	bytes  int64
	lines  int
}

func (d *discard) Header() http.Header  { return d.header }
func (d *discard) WriteHeader(code int) { d.code = code }
func (d *discard) Write(p []byte) (int, error) {
	if d.first.IsZero() {
		d.first = time.Now()
	}
	d.bytes += int64(len(p))
	for _, b := range p {
		if b == '\n' {
			d.lines++
		}
	}
	return len(p), nil
}

func timeExport(h http.Handler, token string) (time.Duration, time.Duration, int, int64, int64, error) {
	req := httptest.NewRequest(http.MethodGet, "/customers/export.csv", nil)
	req.AddCookie(&http.Cookie{Name: "magecrm_session", Value: token})
	w := &discard{header: http.Header{}, code: 200}
	startRSS := rss()
	peak := startRSS
	done := make(chan struct{})
	go func() {
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
	elapsed := time.Since(start)
	close(done)
	peak = max(peak, rss())
	if w.code != 200 {
		return 0, 0, 0, 0, 0, fmt.Errorf("status %d", w.code)
	}
	return elapsed, w.first.Sub(start), w.lines - 1, startRSS, peak, nil
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

// loadAverage is the machine's load over the last minute: on a loaded
// machine only figures taken side by side compare.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Fields(string(b))[0]
}

func printTable(out io.Writer, customers, runs int, results []*result) {
	fmt.Fprintf(out, "Magento Customers grid, %d customers, server time over %d requests per case (after 3 warm-up requests); %s, load average %s.\n\n",
		customers, runs, time.Now().UTC().Format("2006-01-02 15:04 UTC"), loadAverage())
	fmt.Fprint(out, "| Case |")
	for _, r := range results {
		fmt.Fprintf(out, " %s p50 | %s p95 |", r.name, r.name)
	}
	fmt.Fprint(out, "\n|---|")
	for range results {
		fmt.Fprint(out, "---:|---:|")
	}
	fmt.Fprintln(out)
	for _, c := range gridCases {
		fmt.Fprintf(out, "| %s |", c.name)
		for _, r := range results {
			v := r.cases[c.name]
			fmt.Fprintf(out, " %.1f ms | %.1f ms |", pagetime.MS(v[0]), pagetime.MS(v[1]))
		}
		fmt.Fprintln(out)
	}
	fmt.Fprint(out, "| CSV export of every row (time; RSS before → peak) |")
	for _, r := range results {
		fmt.Fprintf(out, " %.1f s (%d rows) | %d → %d MiB |", r.export.Seconds(), r.rows, r.rssStart>>20, r.rssPeak>>20)
	}
	fmt.Fprint(out, "\n| CSV export rows/s; bare SELECT of the same rows rows/s |")
	for _, r := range results {
		fmt.Fprintf(out, " %.0f | %.0f |", float64(r.rows)/r.export.Seconds(), float64(r.bareRows)/r.bare.Seconds())
	}
	fmt.Fprint(out, "\n| CSV export rate / bare SELECT rate; first bytes after |")
	for _, r := range results {
		fmt.Fprintf(out, " %.2f | %.0f ms |", (float64(r.rows)/r.export.Seconds())/(float64(r.bareRows)/r.bare.Seconds()), pagetime.MS(r.firstRow))
	}
	fmt.Fprint(out, "\n| Bulk fill (not a served request) |")
	for _, r := range results {
		fmt.Fprintf(out, " %s | |", r.fill.Round(time.Second))
	}
	fmt.Fprintln(out)
}
