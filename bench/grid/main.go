// Command grid benchmarks the Magento Customers grid at scale on imported
// data: it imports customers from a simulated Magento 2 store with the real
// import (magentosync over loopback HTTP), then times, as the server sees
// them, the grid's default page, every sort in both directions, every
// filter alone and every filter with every sort; then 100 signed-in users
// working at once over real HTTP (filtered grids, customer pages, edits);
// then the CSV export of every customer beside a bare SELECT of the same
// rows. On SQLite and, when a PostgreSQL URL is given, on PostgreSQL. It
// prints Markdown tables with each figure beside its goal.
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
	"runtime/pprof"
	"strings"
	"time"

	"magecrm/bench/internal/machine"
	"magecrm/bench/internal/pagetime"
	"magecrm/internal/crm"
	"magecrm/internal/db"
	"magecrm/internal/secret"
	"magecrm/internal/store"
	"magecrm/internal/web"
)

// The goals of issue 15.
const (
	goalPage   = 50 * time.Millisecond
	goalLoad   = time.Second
	goalExport = 5 * time.Second // at 1,000,000 rows
	goalFirst  = 200 * time.Millisecond
)

// comboWarmUp is how many untimed requests a filter with a sort gets: its
// filter alone and its sort alone ran before with pagetime.WarmUp each, so
// the indexes it reads are warm; 782 pairs at 3 + 5 requests each were
// 6,256 requests, most of the benchmark's (4,692 now).
const comboWarmUp = 1

type params struct {
	customers, runs, comboRuns, users int
	load                              time.Duration
	sqlite, postgres, explain         string
	cpuProfile, only                  string
	skipCombos, rep, skipExport       bool
}

func main() {
	var p params
	flag.IntVar(&p.customers, "customers", 1_000_000, "customers to import")
	flag.IntVar(&p.runs, "runs", 20, "timed requests per case (sorts, filters)")
	flag.IntVar(&p.comboRuns, "combo-runs", 5, "timed requests per filter-with-sort case")
	flag.BoolVar(&p.skipCombos, "skip-combos", false, "time no filter-with-sort case")
	flag.BoolVar(&p.skipExport, "skip-export", false, "time no CSV export")
	flag.BoolVar(&p.rep, "rep", false, "time every case as a Sales Representative (business unit scope), not the administrator")
	flag.IntVar(&p.users, "users", 100, "signed-in users working at once")
	flag.DurationVar(&p.load, "load", 30*time.Second, "how long the users work")
	flag.StringVar(&p.explain, "explain", "", "write the query plans of every case to this file, then stop")
	flag.StringVar(&p.cpuProfile, "cpuprofile", "", "write a CPU profile of the measurements (after the import) to this file")
	flag.StringVar(&p.only, "only", "", "time only the cases whose name contains this text, and the export")
	flag.StringVar(&p.sqlite, "sqlite", "", "SQLite file to use (kept and reused when it already holds the customers), or \"none\" to time PostgreSQL alone; default: a temporary file")
	flag.StringVar(&p.postgres, "postgres", os.Getenv("MAGECRM_BENCH_POSTGRES"), "PostgreSQL URL of an empty database (or one this program filled); empty skips PostgreSQL")
	flag.Parse()
	if err := run(p); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// result is one dialect's measurements.
type result struct {
	name     string
	imported time.Duration
	cases    map[string][2]time.Duration // p50, p95
	cpu      map[string]time.Duration    // CPU time of the process per request
	load     *loadResult
	export   *exportResult
}

func run(p params) error {
	ctx := context.Background()
	if p.load > 0 && p.users%reps != 0 {
		// A user edits customers whose id ≡ its slot (mod users); their owner
		// is representative id mod 20, in the user's unit only so.
		return fmt.Errorf("-users %d: give a multiple of %d", p.users, reps)
	}
	if p.sqlite == "" {
		dir, err := os.MkdirTemp("", "magecrm-bench-grid")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		p.sqlite = filepath.Join(dir, "bench.db")
	}
	var dsns []string
	if p.sqlite != "none" {
		dsns = append(dsns, p.sqlite)
	}
	if p.postgres != "" {
		dsns = append(dsns, p.postgres)
	}
	var results []*result
	var cases []gridCase
	for _, dsn := range dsns {
		r, cs, err := benchOne(ctx, dsn, p)
		if err != nil {
			return fmt.Errorf("%s: %w", db.RedactURL(dsn), err)
		}
		results, cases = append(results, r), cs
	}
	if p.explain == "" {
		printTables(os.Stdout, p, cases, results)
	}
	return nil
}

func benchOne(ctx context.Context, dsn string, p params) (*result, []gridCase, error) {
	d, err := db.Open(ctx, dsn)
	if err != nil {
		return nil, nil, err
	}
	defer d.Close()
	if err := d.Migrate(ctx); err != nil {
		return nil, nil, err
	}
	r := &result{name: map[db.Dialect]string{db.SQLite: "SQLite", db.Postgres: "PostgreSQL"}[d.Dialect],
		cases: map[string][2]time.Duration{}, cpu: map[string]time.Duration{}}
	box, err := secret.New("benchmark secret, not a real one")
	if err != nil {
		return nil, nil, err
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc := crm.New(store.New(d, box), box, quiet)
	fmt.Fprintf(os.Stderr, "%s: importing %d customers…\n", d.Dialect, p.customers)
	if r.imported, err = importCustomers(ctx, d, svc, p.customers); err != nil {
		return nil, nil, err
	}
	w, err := web.New(svc, quiet)
	if err != nil {
		return nil, nil, err
	}
	h := w.Handler()
	admin, err := svc.Login(ctx, crm.SignIn{Username: "admin", Password: benchPassword})
	if err != nil {
		return nil, nil, err
	}
	rep, err := svc.Login(ctx, crm.SignIn{Username: "rep1", Password: benchPassword})
	if err != nil {
		return nil, nil, err
	}
	fs, err := filters(ctx, d)
	if err != nil {
		return nil, nil, err
	}
	cases := gridCases(fs)
	if p.explain != "" {
		return r, cases, writePlans(ctx, p.explain, d, svc.Store, cases)
	}
	if p.cpuProfile != "" {
		f, err := os.Create(p.cpuProfile + "." + string(d.Dialect))
		if err != nil {
			return nil, nil, err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return nil, nil, err
		}
		defer pprof.StopCPUProfile()
	}
	for _, c := range cases {
		if (c.combo && p.skipCombos) || !strings.Contains(c.name, p.only) {
			continue
		}
		token, warmUp, runs := admin, pagetime.WarmUp, p.runs
		if c.rep || p.rep {
			token = rep
		}
		if c.combo {
			warmUp, runs = comboWarmUp, p.comboRuns
		}
		cpu := machine.CPUUsed()
		p50, p95, err := pagetime.Get(h, token, c.path, `id="grid-total"`, warmUp, runs)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", c.name, err)
		}
		r.cases[c.name] = [2]time.Duration{p50, p95}
		r.cpu[c.name] = (machine.CPUUsed() - cpu) / time.Duration(runs+warmUp)
		if !c.combo || p95 > goalPage {
			fmt.Fprintf(os.Stderr, "%s: %-60s p50 %7.1f ms  p95 %7.1f ms  CPU %6.1f ms\n", d.Dialect, c.name,
				pagetime.MS(p50), pagetime.MS(p95), pagetime.MS(r.cpu[c.name]))
		}
	}
	if p.load > 0 {
		if r.load, err = loadRun(ctx, svc, h, fs, p); err != nil {
			return nil, nil, fmt.Errorf("load: %w", err)
		}
	}
	if p.skipExport {
		return r, cases, nil
	}
	bareSelect(ctx, d) // warms the caches for both
	bare, bareRows, err := bareSelect(ctx, d)
	if err != nil {
		return nil, nil, fmt.Errorf("bare select: %w", err)
	}
	if r.export, err = timeExport(h, admin); err != nil {
		return nil, nil, fmt.Errorf("export: %w", err)
	}
	r.export.bare, r.export.bareRows = bare, bareRows
	fmt.Fprintf(os.Stderr, "%s: export of %d rows in %s\n", d.Dialect, r.export.rows, r.export.took.Round(time.Millisecond))
	return r, cases, nil
}

// loadRun signs in p.users people (every other one the administrator, the
// others representatives) and lets them work at once over real HTTP.
func loadRun(ctx context.Context, svc *crm.Service, h http.Handler, fs []filter, p params) (*loadResult, error) {
	srv := httptest.NewServer(h)
	defer srv.Close()
	users := make([]loadUser, p.users)
	for i := range users {
		name := "admin"
		if i%2 == 1 {
			name = fmt.Sprintf("rep%d", i%reps+1)
		}
		token, err := svc.Login(ctx, crm.SignIn{Username: name, Password: benchPassword})
		if err != nil {
			return nil, err
		}
		users[i] = loadUser{token: token, slot: i}
	}
	var paths []string
	for _, c := range gridCases(fs) {
		if c.combo {
			paths = append(paths, c.path)
		}
	}
	fmt.Fprintf(os.Stderr, "load: %d users for %s…\n", p.users, p.load)
	cpu := machine.CPUUsed()
	res := runLoad(srv.URL, users, paths, p.customers, p.load)
	res.cpu = machine.CPUUsed() - cpu
	return res, nil
}

// writePlans writes the query plans of every case to file (one per
// dialect: the dialect's name is added).
func writePlans(ctx context.Context, file string, d *db.DB, st *store.Store, cases []gridCase) error {
	f, err := os.Create(file + "." + string(d.Dialect))
	if err != nil {
		return err
	}
	defer f.Close()
	var org int64
	if err := d.QueryRowContext(ctx, "SELECT MIN(id) FROM organizations").Scan(&org); err != nil {
		return err
	}
	return explainCases(ctx, f, st, org, cases)
}
