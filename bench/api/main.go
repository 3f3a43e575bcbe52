// Command api benchmarks the JSON API's customer list: it imports N
// customers through the importer, then walks GET /api/v1/customers?limit=500
// to the end over real HTTP (a loopback server, JSON decoded by the
// client) and times single GETs of random customers, each beside its
// baseline: the same crm service calls without HTTP and JSON. It prints a
// Markdown table, on SQLite and, when a PostgreSQL URL is given, on
// PostgreSQL.
//
//	go run ./bench/api -customers 1000000 -postgres postgres://…
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"magecrm/internal/db"
)

func main() {
	customers := flag.Int("customers", 50_000, "customers to import")
	gets := flag.Int("gets", 1000, "timed single GETs")
	pgURL := flag.String("postgres", os.Getenv("MAGECRM_BENCH_POSTGRES"), "PostgreSQL URL of an empty database; empty skips PostgreSQL")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the walks to this file")
	flag.Parse()
	if err := run(*customers, *gets, *pgURL, *cpuProfile); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(customers, gets int, pgURL, cpuProfile string) error {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "magecrm-bench-api")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	dsns := []string{filepath.Join(dir, "bench.db")}
	if pgURL != "" {
		dsns = append(dsns, pgURL)
	}
	var results []*result
	for _, dsn := range dsns {
		r, err := benchOne(ctx, dsn, customers, gets, cpuProfile)
		if err != nil {
			return fmt.Errorf("%s: %w", db.RedactURL(dsn), err)
		}
		results = append(results, r)
		cpuProfile = "" // the first dialect's only
	}
	printTable(os.Stdout, customers, gets, results)
	return nil
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// loadAverage is the machine's load over the last minute.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Fields(string(b))[0]
}

func printTable(out io.Writer, customers, gets int, results []*result) {
	fmt.Fprintf(out, "JSON API, %d customers; walk = every page of GET /api/v1/customers?limit=500 over loopback HTTP, decoded; %d single GETs of random customers; %s, load average %s.\n\n",
		customers, gets, time.Now().UTC().Format("2006-01-02 15:04 UTC"), loadAverage())
	fmt.Fprintln(out, "| | API | baseline (crm service, no HTTP) | API / baseline |")
	fmt.Fprintln(out, "|---|---:|---:|---:|")
	for _, r := range results {
		fmt.Fprintf(out, "| %s: walk, customers/s | %.0f | %.0f | %.2f |\n", r.name, r.walkRate, r.baseWalkRate, r.walkRate/r.baseWalkRate)
		fmt.Fprintf(out, "| %s: single GET p50 | %.2f ms | %.2f ms | |\n", r.name, ms(r.get[0]), ms(r.baseGet[0]))
		fmt.Fprintf(out, "| %s: single GET p95 | %.2f ms | %.2f ms | |\n", r.name, ms(r.get[1]), ms(r.baseGet[1]))
		fmt.Fprintf(out, "| %s: import (not timed as the API) | %s | | |\n", r.name, r.fill.Round(time.Millisecond))
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
