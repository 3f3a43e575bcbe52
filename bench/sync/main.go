// Command sync benchmarks how fresh magecrm keeps a channel and what that
// costs, against a simulated Magento 2 served over loopback HTTP from this
// process, on a fresh SQLite database (and PostgreSQL when -postgres is
// given). After the first import it runs the scheduler with its default
// settings and prints:
//
//   - freshness: the time from a customer edit in Magento to the edit
//     stored in magecrm, p50 / p95 / max over -edits edits made at random
//     moments spread over -spread (the databases are measured side by
//     side, each against its own store);
//   - idle requests per minute: what the scheduler asked of Magento over
//     -idle with no change made, and with its scheduled run (every 15
//     minutes by default) added;
//   - reconciliation: a run that compares every customer after
//     -changes address-only edits, as many newsletter changes and as many
//     deletions made in Magento, one database at a time, with what it found,
//     beside the time to only read every customer the same way.
//
// Usage:
//
//	go run ./bench/sync -customers 100000 -postgres postgres://user@host:5432/postgres
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"magecrm/bench/internal/benchdb"
	"magecrm/bench/internal/machine"
	"magecrm/internal/db"
	"magecrm/internal/magentosync"
	"magecrm/internal/magesim"
	"magecrm/internal/model"
	"magecrm/internal/secret"
	"magecrm/internal/store"
)

type params struct {
	customers, edits, changes int
	spread, idle              time.Duration
	skipFresh, skipReconcile  bool
	postgres                  string
}

// result is one database's measurements.
type result struct {
	imported    time.Duration  // the first import
	importMem   machine.Memory // the peaks during the first import
	fresh       latencies
	idlePerMin  float64
	runRequests int
	reconcile   time.Duration
	readOnly    time.Duration // every customer read in id windows, nothing compared
	found       string
}

// side is one database with its own simulated store and channel.
type side struct {
	name string
	sim  *magesim.Sim
	srv  *httptest.Server
	d    *db.DB
	st   *store.Store
	ch   *model.Channel
	eng  *magentosync.Engine
	res  result
}

func main() {
	var p params
	flag.IntVar(&p.customers, "customers", 100_000, "customers in each simulated store")
	flag.IntVar(&p.edits, "edits", 100, "customer edits made in Magento for the freshness figure")
	flag.DurationVar(&p.spread, "spread", 5*time.Minute, "time over which the edits are spread")
	flag.DurationVar(&p.idle, "idle", 2*time.Minute, "time the idle requests are counted over")
	flag.IntVar(&p.changes, "changes", 100, "address-only edits, newsletter changes and deletions (each) before the reconciliation")
	flag.BoolVar(&p.skipFresh, "no-fresh", false, "skip the freshness and idle figures")
	flag.BoolVar(&p.skipReconcile, "no-reconcile", false, "skip the reconciliation figure")
	flag.StringVar(&p.postgres, "postgres", os.Getenv("MAGECRM_BENCH_POSTGRES"), "PostgreSQL server URL to create a benchmark database on; empty: SQLite only")
	flag.Parse()
	fmt.Printf("sync freshness and reconciliation, %d customers per store (%s)\n\n", p.customers, time.Now().UTC().Format("2006-01-02 15:04 MST"))
	dir, err := os.MkdirTemp("", "bench-sync")
	check(err)
	defer os.RemoveAll(dir)
	sides := []*side{open(p, "SQLite", filepath.Join(dir, "bench.db"))}
	if p.postgres != "" {
		dsn, drop, err := benchdb.CreatePostgres(p.postgres, "sync")
		check(err)
		defer drop()
		sides = append(sides, open(p, "PostgreSQL", dsn))
	}
	defer func() {
		for _, s := range sides {
			s.srv.Close()
			s.d.Close()
		}
	}()
	if !p.skipFresh {
		var wg sync.WaitGroup
		for _, s := range sides {
			wg.Add(1)
			go func() { defer wg.Done(); s.freshness(p) }()
		}
		wg.Wait()
	}
	if !p.skipReconcile {
		for _, s := range sides {
			s.reconcile(p)
		}
	}
	print(p, sides)
}

// open starts a store of p.customers and imports it into a new database.
func open(p params, name, dsn string) *side {
	ctx := context.Background()
	sim, err := magesim.New(magesim.Options{Customers: p.customers, Seed: 11, OrdersPerCustomer: -1})
	check(err)
	s := &side{name: name, sim: sim, srv: httptest.NewServer(sim.Handler())}
	s.d, err = db.Open(ctx, dsn)
	check(err)
	check(s.d.Migrate(ctx))
	box, err := secret.New("bench-sync-secret-0123456789")
	check(err)
	s.st = store.New(s.d, box)
	s.ch = setUp(ctx, s.st, s.srv.URL)
	s.eng = magentosync.NewEngine(s.st, slog.New(slog.DiscardHandler))
	mem := machine.SampleMemory()
	start, cpu := time.Now(), machine.CPUUsed()
	// The step building the indexes, until the next one, in wall and CPU
	// time: while it runs the store is idle, so the process's CPU is the
	// builds' (on SQLite; PostgreSQL builds them in the server).
	var indexes, indexesDone time.Time
	var indexesCPU, indexesDoneCPU time.Duration
	progress := func(pr magentosync.Progress) {
		switch {
		case pr.Step == "building indexes" && indexes.IsZero():
			indexes, indexesCPU = time.Now(), machine.CPUUsed()
		case pr.Step != "building indexes" && !indexes.IsZero() && indexesDone.IsZero():
			indexesDone, indexesDoneCPU = time.Now(), machine.CPUUsed()
		}
	}
	_, err = s.eng.Run(ctx, s.ch.ID, magentosync.RunOptions{Progress: progress})
	check(err)
	s.res.imported, s.res.importMem = time.Since(start), mem.Stop()
	fmt.Fprintf(os.Stderr, "%s: first import of %d customers took %s, of which building the indexes %s (CPU time of this process, magesim's included: %s, the index builds %s; load average %s); peak %s\n",
		name, p.customers, s.res.imported.Round(time.Millisecond), indexesDone.Sub(indexes).Round(time.Millisecond),
		(machine.CPUUsed() - cpu).Round(time.Millisecond), (indexesDoneCPU - indexesCPU).Round(time.Millisecond), machine.LoadAverage(),
		s.res.importMem)
	return s
}

// setUp adds an organization, its owner and a channel with the default
// sync interval.
func setUp(ctx context.Context, st *store.Store, url string) *model.Channel {
	orgID, unitID, err := st.Bootstrap(ctx, "Bench")
	check(err)
	owner := &model.User{OrganizationID: orgID, BusinessUnitID: unitID, Username: "bench", Email: "bench@example.com", Enabled: true}
	check(st.CreateUser(ctx, owner, "x"))
	ch := &model.Channel{OrganizationID: orgID, OwnerUserID: owner.ID, Name: "Bench", Type: model.Magento2, BaseURL: url,
		AuthKind: model.AuthAdminToken, Credentials: model.Credentials{Username: "admin", Password: "magento123"},
		WebsiteID: model.AllWebsites, Priority: model.RemoteWins, DefaultOwnerID: owner.ID,
		SyncInterval: defaultInterval, Enabled: true}
	check(st.CreateChannel(ctx, ch))
	return ch
}

// defaultInterval is a new channel's sync interval (crm.DefaultSyncInterval).
const defaultInterval = 15 * time.Minute

func print(p params, sides []*side) {
	names := make([]string, len(sides))
	for i, s := range sides {
		names[i] = s.name
	}
	fmt.Printf("| | %s | goal |\n|---|%s---|\n", strings.Join(names, " | "), strings.Repeat("---:|", len(sides)))
	row := func(label, goal string, f func(*side) string) {
		fmt.Printf("| %s |", label)
		for _, s := range sides {
			fmt.Printf(" %s |", f(s))
		}
		fmt.Printf(" %s |\n", goal)
	}
	row(fmt.Sprintf("first import of %d customers", p.customers), "1M ≤ 45 s on SQLite",
		func(s *side) string { return fmt.Sprintf("%.1f s", s.res.imported.Seconds()) })
	// magesim holds its store in this process, the imports one after the
	// other: the mapped files' peak is the import's alone.
	row("peak memory of this process during the first import (magesim's store included; RSS = own + mapped files)", "",
		func(s *side) string { return s.res.importMem.String() })
	if !p.skipFresh {
		row(fmt.Sprintf("edit in Magento → stored in magecrm, p50 / p95 / max over %d edits in %s", p.edits, p.spread), "p95 ≤ 30 s",
			func(s *side) string { return s.res.fresh.String() })
		row(fmt.Sprintf("idle requests per minute (polls, over %s)", p.idle), "",
			func(s *side) string { return fmt.Sprintf("%.2f", s.res.idlePerMin) })
		row("requests of one scheduled run with nothing to do", "",
			func(s *side) string { return fmt.Sprintf("%d", s.res.runRequests) })
		row(fmt.Sprintf("idle requests per minute with a scheduled run every %.0f minutes", defaultInterval.Minutes()), "≤ 4 (one per 15 s)",
			func(s *side) string {
				return fmt.Sprintf("%.2f", s.res.idlePerMin+float64(s.res.runRequests)/defaultInterval.Minutes())
			})
	}
	if !p.skipReconcile {
		row(fmt.Sprintf("reconciliation of %d customers", p.customers), "1M ≤ 60 s on SQLite",
			func(s *side) string { return fmt.Sprintf("%.1f s", s.res.reconcile.Seconds()) })
		row("reading them only (same windows, decoded, nothing compared)", "baseline",
			func(s *side) string { return fmt.Sprintf("%.1f s", s.res.readOnly.Seconds()) })
		row("reconciliation time / reading time", "",
			func(s *side) string { return fmt.Sprintf("%.2f", s.res.reconcile.Seconds()/s.res.readOnly.Seconds()) })
		row("what it found", "", func(s *side) string { return s.res.found })
	}
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
