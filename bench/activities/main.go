// Command activities benchmarks the activity pages at scale: a customer
// with 5,000 activities (its view page and timeline) and My tasks with
// 100,000 tasks in the database. It fills a database by bulk insert, then
// times the web handlers as the server sees them, on SQLite and, when a
// PostgreSQL URL is given, on PostgreSQL, and prints a Markdown table.
//
//	go run ./bench/activities -postgres postgres://…
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"magecrm/bench/internal/pagetime"
	"magecrm/internal/crm"
	"magecrm/internal/db"
	"magecrm/internal/secret"
	"magecrm/internal/store"
	"magecrm/internal/web"
)

func main() {
	busy := flag.Int("timeline", 5000, "activities on the busy customer")
	tasks := flag.Int("tasks", 100_000, "tasks in the database")
	runs := flag.Int("runs", 50, "timed requests per case")
	sqlitePath := flag.String("sqlite", "", "SQLite file to use (kept and reused when this program filled it before); default: a temporary file")
	pgURL := flag.String("postgres", os.Getenv("MAGECRM_BENCH_POSTGRES"), "PostgreSQL URL of an empty database; empty skips PostgreSQL")
	flag.Parse()
	if err := run(*busy, *tasks, *runs, *sqlitePath, *pgURL); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// benchCase is one timed request.
type benchCase struct {
	name, path, user, want string
}

func cases(busy int64, olderThan int, older string) []benchCase {
	page := fmt.Sprintf("/customers/%d", busy)
	return []benchCase{
		{"for comparison: customer page, 10 activities", fmt.Sprintf("/customers/%d", busy+1), "admin", `id="timeline-list"`},
		{"customer page, timeline newest 25 (administrator)", page, "admin", `id="timeline-list"`},
		{"customer page, timeline newest 25 (Sales Representative)", page, "rep1", `id="timeline-list"`},
		{fmt.Sprintf("customer page, timeline in the middle (older than activity no. %d)", olderThan), page + "?tl_before=" + older, "admin", `id="timeline-list"`},
		{"customer page, calls only", page + "?tl_kind=call", "admin", `id="timeline-list"`},
		{"My tasks (administrator)", "/my/tasks", "admin", `id="my-tasks"`},
		{"My tasks (Sales Representative)", "/my/tasks", "rep1", `id="my-tasks"`},
	}
}

type result struct {
	name  string
	fill  time.Duration
	times map[string][2]time.Duration
}

func run(busy, tasks, runs int, sqlitePath, pgURL string) error {
	ctx := context.Background()
	if sqlitePath == "" {
		dir, err := os.MkdirTemp("", "magecrm-bench-activities")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		sqlitePath = filepath.Join(dir, "bench.db")
	}
	dsns := []string{sqlitePath}
	if pgURL != "" {
		dsns = append(dsns, pgURL)
	}
	var results []*result
	var list []benchCase
	for _, dsn := range dsns {
		r, c, err := benchOne(ctx, dsn, busy, tasks, runs)
		if err != nil {
			return fmt.Errorf("%s: %w", db.RedactURL(dsn), err)
		}
		results, list = append(results, r), c
	}
	fmt.Printf("Activity pages: one customer with %d activities, %d tasks in the database; server time over %d requests per case (after 3 warm-up requests).\n\n", busy, tasks, runs)
	fmt.Print("| Case |")
	for _, r := range results {
		fmt.Printf(" %s p50 | %s p95 |", r.name, r.name)
	}
	fmt.Print("\n|---|")
	for range results {
		fmt.Print("---:|---:|")
	}
	fmt.Println()
	for _, c := range list {
		fmt.Printf("| %s |", c.name)
		for _, r := range results {
			v := r.times[c.name]
			fmt.Printf(" %.1f ms | %.1f ms |", pagetime.MS(v[0]), pagetime.MS(v[1]))
		}
		fmt.Println()
	}
	for _, r := range results {
		fmt.Printf("\n%s: filled in %s.", r.name, r.fill.Round(time.Second))
	}
	fmt.Println()
	return nil
}

func benchOne(ctx context.Context, dsn string, busy, tasks, runs int) (*result, []benchCase, error) {
	d, err := db.Open(ctx, dsn)
	if err != nil {
		return nil, nil, err
	}
	defer d.Close()
	if err := d.Migrate(ctx); err != nil {
		return nil, nil, err
	}
	box, err := secret.New("benchmark secret, not a real one")
	if err != nil {
		return nil, nil, err
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc := crm.New(store.New(d, box), box, log)
	r := &result{name: string(d.Dialect), times: map[string][2]time.Duration{}}
	fmt.Fprintf(os.Stderr, "%s: filling…\n", d.Dialect)
	start := time.Now()
	busyID, err := fill(ctx, d, svc.Store, busy, tasks)
	if err != nil {
		return nil, nil, fmt.Errorf("fill: %w", err)
	}
	r.fill = time.Since(start)
	w, err := web.New(svc, log)
	if err != nil {
		return nil, nil, err
	}
	h := w.Handler()
	tokens := map[string]string{}
	for _, u := range []string{"admin", "rep1"} {
		if tokens[u], err = svc.Login(ctx, crm.SignIn{Username: u, Password: benchPassword}); err != nil {
			return nil, nil, err
		}
	}
	var at, id int64
	middle := max(busy/2, 1)
	if err := d.QueryRowContext(ctx, `SELECT occurred_at, activity_id FROM activity_targets WHERE entity = 'magento_customer'
		AND entity_id = $1 ORDER BY occurred_at DESC, activity_id DESC LIMIT 1 OFFSET $2`, busyID, middle-1).Scan(&at, &id); err != nil {
		return nil, nil, fmt.Errorf("the busy customer's %dth activity: %w", middle, err)
	}
	list := cases(busyID, middle, fmt.Sprintf("%d.%d", at, id))
	for _, c := range list {
		p50, p95, err := pagetime.Get(h, tokens[c.user], c.path, c.want, pagetime.WarmUp, runs)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", c.name, err)
		}
		r.times[c.name] = [2]time.Duration{p50, p95}
		fmt.Fprintf(os.Stderr, "%s: %-58s p50 %6.1f ms  p95 %6.1f ms\n", d.Dialect, c.name, pagetime.MS(p50), pagetime.MS(p95))
	}
	return r, list, nil
}
