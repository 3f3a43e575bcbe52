// Command import benchmarks the channel import against a simulated Magento
// running as its own process (cmd/magesim), so that its CPU and memory are
// not counted as magecrm's. For SQLite, and PostgreSQL when a server URL is
// given, it prints in one Markdown table:
//
//   - fetch only: customers paged through the simulator over loopback and
//     decoded, then dropped;
//   - write only: the same decoded customers stored by the import engine
//     (replayed from memory, so no HTTP);
//   - bare write: the rows the write-only phase stored, written again from
//     memory by the database's own bulk path (PostgreSQL: COPY only;
//     SQLite: multi-row prepared INSERTs), count trigger and deferred
//     indexes off, the indexes built at the end: the database's limit;
//   - the initial import of every customer, its rate, and its ratios to the
//     slower of the first two baselines (the pipeline's efficiency) and to
//     the bare write (how near the database's limit it runs);
//   - the import process's peak resident memory (VmHWM), and the peaks of
//     its own memory (RssAnon) and of the mapped files' pages (RssFile);
//   - an incremental run after a number of customers changed in Magento.
//
// Every measurement runs in a child process of its own, so each peak
// memory figure is its own. Usage:
//
//	go run ./bench/import -customers 1000000 -postgres postgres://user@host:5432/postgres
//
// With -m2=false only the Magento 1 import is measured (on SQLite).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"

	"magecrm/bench/internal/benchdb"
	"magecrm/bench/internal/machine"
	"magecrm/internal/db"
)

// result is what a child process reports on its last line of output.
type result struct {
	Count      int     `json:"count"`
	Seconds    float64 `json:"seconds"`
	RSSMiB     float64 `json:"rss_mib"`
	IncSeconds float64 `json:"inc_seconds"`
	IncUpdated int     `json:"inc_updated"`
	// RSSAt is the peak RSS when a quarter, half and all of the store
	// had been read.
	RSSAt []float64 `json:"rss_at"`
	// AnonAt is the same for the process's own memory (RssAnon), FileAt
	// for the pages of mapped files it touched (RssFile: its code and the
	// SQLite file).
	AnonAt []float64 `json:"anon_at"`
	FileAt []float64 `json:"file_at"`
	// IndexSeconds is the part of Seconds spent building the deferred
	// indexes; CPUSeconds the process's CPU time over Seconds, which a
	// loaded machine stretches less than the wall time.
	IndexSeconds float64 `json:"index_seconds"`
	CPUSeconds   float64 `json:"cpu_seconds"`
	// AnonMiB is the peak of the process's own memory (RssAnon): RSSMiB
	// also counts the SQLite file's pages mapped into the process.
	AnonMiB float64 `json:"anon_mib"`
	// FileMiB is the peak of the mapped files' pages (RssFile).
	FileMiB float64 `json:"file_mib"`
	// server is what the PostgreSQL server did around the phase (set by
	// the parent; nil on SQLite).
	server *serverWatch
}

// withoutIndexes is the rate of writing the rows alone.
func (r result) withoutIndexes() float64 { return float64(r.Count) / (r.Seconds - r.IndexSeconds) }

// mib renders figures in MiB, "a / b / c MiB".
func mib(figures []float64) string {
	parts := make([]string, len(figures))
	for i, v := range figures {
		parts[i] = fmt.Sprintf("%.0f", v)
	}
	return strings.Join(parts, " / ") + " MiB"
}

func (r result) rate() float64 { return float64(r.Count) / r.Seconds }

func main() {
	var p params
	flag.IntVar(&p.customers, "customers", 1_000_000, "customers in the simulated store")
	flag.IntVar(&p.pageSize, "page-size", 300, "customers per request")
	flag.IntVar(&p.changes, "changes", 1000, "customers changed in Magento before the incremental run")
	flag.StringVar(&p.postgres, "postgres", os.Getenv("MAGECRM_BENCH_POSTGRES"), "PostgreSQL server URL to create benchmark databases on (env MAGECRM_BENCH_POSTGRES); empty: SQLite only")
	flag.BoolVar(&p.m1, "m1", true, "measure the Magento 1 import too")
	flag.BoolVar(&p.m2, "m2", true, "measure the Magento 2 import and its baselines (-m2=false: the Magento 1 import alone)")
	flag.BoolVar(&p.sqlite, "sqlite", true, "measure SQLite (-sqlite=false: the PostgreSQL server given alone, no Magento 1)")
	flag.StringVar(&p.phase, "phase", "", "internal: run one measurement (fetch, write, bare, import, import-m1)")
	flag.StringVar(&p.dsn, "dsn", "", "internal: database of the measurement")
	flag.StringVar(&p.sim, "sim", "", "internal: simulator base URL")
	flag.StringVar(&p.cpuProfile, "cpuprofile", "", "write a CPU profile of each measurement to FILE.<phase>.<n> (n: 0 SQLite, 1 PostgreSQL)")
	flag.StringVar(&p.heapProfile, "heapprofile", "", "write a heap profile of each measurement, taken near its peak, to FILE.<phase>.<n>")
	flag.Parse()
	if p.heapProfile != "" && p.phase != "" {
		go profileHeapAtPeak(p.heapProfile)
	}
	if p.cpuProfile != "" && p.phase != "" {
		f, err := os.Create(p.cpuProfile)
		if err == nil {
			pprof.StartCPUProfile(f)
			defer pprof.StopCPUProfile()
		}
	}
	var err error
	if p.phase != "" {
		err = child(p)
	} else {
		err = parent(p)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench/import:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

type params struct {
	customers, pageSize, changes int
	m1, m2, sqlite               bool
	postgres, phase, dsn, sim    string
	cpuProfile, heapProfile      string
	column                       int // the database's column in the table, for profile names
}

func parent(p params) error {
	tmp, err := os.MkdirTemp("", "magecrm-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	sim, stop, err := startSim(tmp, p.customers)
	if err != nil {
		return err
	}
	defer stop()
	p.sim = sim

	var columns []string
	var dsns [][2]string
	if p.sqlite {
		columns = append(columns, "SQLite")
		dsns = append(dsns, [2]string{filepath.Join(tmp, "write.db"), filepath.Join(tmp, "import.db")})
	}
	if p.postgres != "" && p.m2 {
		write, dropW, err := benchdb.CreatePostgres(p.postgres, "write")
		if err != nil {
			return err
		}
		defer dropW()
		imp, dropI, err := benchdb.CreatePostgres(p.postgres, "import")
		if err != nil {
			return err
		}
		defer dropI()
		columns = append(columns, "PostgreSQL")
		dsns = append(dsns, [2]string{write, imp})
	}
	var fetch result
	var writes, bares, imports []result
	if p.m2 {
		if fetch, err = measure(p, "fetch", ""); err != nil {
			return err
		}
	} else {
		dsns = nil
	}
	for i, d := range dsns {
		p.column = i
		if !p.sqlite {
			p.column = 1 // profile names keep 1 for PostgreSQL
		}
		if err := resetSim(sim); err != nil {
			return err
		}
		w, err := measure(p, "write", d[0])
		if err != nil {
			return err
		}
		b, err := measure(p, "bare", d[0])
		if err != nil {
			return err
		}
		im, err := measure(p, "import", d[1])
		if err != nil {
			return err
		}
		writes, bares, imports = append(writes, w), append(bares, b), append(imports, im)
	}
	var m1 *result
	if p.m1 && p.sqlite {
		p.column = 0
		if err := resetSim(sim); err != nil {
			return err
		}
		r, err := measure(p, "import-m1", filepath.Join(tmp, "import-m1.db"))
		if err != nil {
			return err
		}
		m1 = &r
	}
	printTable(p, columns, fetch, writes, bares, imports, m1)
	return nil
}

// measure runs one measurement in a child process and reads its result.
func measure(p params, phase, dsn string) (result, error) {
	fmt.Fprintf(os.Stderr, "bench/import: %s %s\n", phase, db.RedactURL(dsn))
	args := []string{"-phase", phase, "-dsn", dsn, "-sim", p.sim, "-customers", fmt.Sprint(p.customers),
		"-page-size", fmt.Sprint(p.pageSize), "-changes", fmt.Sprint(p.changes)}
	for name, file := range map[string]string{"-cpuprofile": p.cpuProfile, "-heapprofile": p.heapProfile} {
		if file != "" {
			args = append(args, name, fmt.Sprintf("%s.%s.%d", file, phase, p.column))
		}
	}
	var watch *serverWatch
	if db.IsPostgresURL(dsn) {
		var err error
		if watch, err = settleAndWatch(context.Background(), dsn); err != nil {
			return result{}, fmt.Errorf("%s: %w", phase, err)
		}
	}
	cmd := exec.Command(os.Args[0], args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, os.Stderr
	err := cmd.Run()
	if watch != nil {
		watch.finish()
	}
	if err != nil {
		return result{}, fmt.Errorf("%s: %w", phase, err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	var r result
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &r); err != nil {
		return r, fmt.Errorf("%s: result %q: %w", phase, out.String(), err)
	}
	r.server = watch
	return r, nil
}

func printTable(p params, columns []string, fetch result, writes, bares, imports []result, m1 *result) {
	fmt.Printf("Initial import of %d customers from magesim (separate process, loopback HTTP, %d per page), %s, load average %s on %d cores.\n\n",
		p.customers, p.pageSize, time.Now().UTC().Format("2006-01-02 15:04 UTC"), machine.LoadAverage(), runtime.NumCPU())
	fmt.Printf("| | %s |\n|---|%s\n", strings.Join(columns, " | "), strings.Repeat("---:|", len(columns)))
	row := func(name string, f func(i int) string) {
		cells := make([]string, len(columns))
		for i := range columns {
			cells[i] = f(i)
		}
		fmt.Printf("| %s | %s |\n", name, strings.Join(cells, " | "))
	}
	marks := fmt.Sprintf("%d / %d / %d customers read", p.customers/4, p.customers/2, p.customers)
	if len(imports) > 0 {
		printMagento2Rows(p, row, marks, fetch, writes, bares, imports)
	}
	if m1 == nil {
		return
	}
	// Magento 1 is measured on SQLite only: its cost is the SOAP transport
	// (one address call per customer), not the database.
	sqliteOnly := func(s string) func(int) string {
		return func(i int) string {
			if columns[i] == "SQLite" {
				return s
			}
			return "not measured"
		}
	}
	row("Magento 1 (SOAP v2) initial import, same store", sqliteOnly(fmt.Sprintf("%.1f s, %.0f customers/s", m1.Seconds, m1.rate())))
	row("Magento 1 peak RSS at "+marks, sqliteOnly(mib(m1.RSSAt)))
	row("Magento 1 peak own memory (RssAnon) at "+marks, sqliteOnly(mib(m1.AnonAt)))
	row("Magento 1 peak mapped files (RssFile: code and the SQLite file) at "+marks, sqliteOnly(mib(m1.FileAt)))
	row(fmt.Sprintf("Magento 1 incremental run, %d customers changed", p.changes),
		sqliteOnly(fmt.Sprintf("%.2f s (%d updated)", m1.IncSeconds, m1.IncUpdated)))
}

// printMagento2Rows prints the rows of the Magento 2 import and its
// baselines, a cell per database.
func printMagento2Rows(p params, row func(string, func(int) string), marks string, fetch result, writes, bares, imports []result) {
	row("fetch only (page, decode, discard)", func(int) string { return fmt.Sprintf("%.0f customers/s", fetch.rate()) })
	row("write only (store the decoded customers)", func(i int) string { return fmt.Sprintf("%.0f customers/s", writes[i].rate()) })
	row("bare write (PostgreSQL: COPY only; SQLite: multi-row INSERTs), indexes at the end", func(i int) string {
		return fmt.Sprintf("%.1f s, %.0f customers/s", bares[i].Seconds, bares[i].rate())
	})
	row("initial import", func(i int) string {
		return fmt.Sprintf("%.1f s, %.0f customers/s", imports[i].Seconds, imports[i].rate())
	})
	row("of which building the indexes at the end: bare write / import", func(i int) string {
		return fmt.Sprintf("%.1f s / %.1f s", bares[i].IndexSeconds, imports[i].IndexSeconds)
	})
	row("CPU time of the magecrm process: bare write / import", func(i int) string {
		return fmt.Sprintf("%.1f s / %.1f s", bares[i].CPUSeconds, imports[i].CPUSeconds)
	})
	row("import rate / slower baseline", func(i int) string {
		return fmt.Sprintf("%.2f", imports[i].rate()/min(fetch.rate(), writes[i].rate()))
	})
	row("import rate / bare write rate", func(i int) string { return fmt.Sprintf("%.2f", imports[i].rate()/bares[i].rate()) })
	row("the same, index builds left out of both", func(i int) string {
		return fmt.Sprintf("%.2f", imports[i].withoutIndexes()/bares[i].withoutIndexes())
	})
	if p.postgres != "" {
		row("PostgreSQL server during the bare write / the import (others' work, checkpoints, autovacuum)", func(i int) string {
			if bares[i].server == nil {
				return ""
			}
			return bares[i].server.String() + " / " + imports[i].server.String()
		})
	}
	row("magecrm peak RSS during the import", func(i int) string { return fmt.Sprintf("%.0f MiB", imports[i].RSSMiB) })
	row("magecrm peak own memory (RssAnon) / mapped files (RssFile: code and the SQLite file)", func(i int) string {
		return fmt.Sprintf("%.0f / %.0f MiB", imports[i].AnonMiB, imports[i].FileMiB)
	})
	row("peak RSS at "+marks, func(i int) string { return mib(imports[i].RSSAt) })
	row("peak own memory (RssAnon) at "+marks, func(i int) string { return mib(imports[i].AnonAt) })
	row("peak mapped files (RssFile) at "+marks, func(i int) string { return mib(imports[i].FileAt) })
	row(fmt.Sprintf("incremental run, %d customers changed", p.changes), func(i int) string {
		return fmt.Sprintf("%.2f s (%d updated)", imports[i].IncSeconds, imports[i].IncUpdated)
	})
}

// startSim builds cmd/magesim and starts it on a free loopback port.
func startSim(tmp string, customers int) (string, func(), error) {
	bin := filepath.Join(tmp, "magesim")
	build := exec.Command("go", "build", "-o", bin, "./cmd/magesim")
	build.Dir = moduleRoot()
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		return "", nil, fmt.Errorf("build magesim: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "-listen", addr, "-customers", fmt.Sprint(customers), "-orders-per-customer", "0",
		"-seed", "1", "-integration-bearer")
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop := func() { cmd.Process.Kill(); cmd.Wait() }
	base := "http://" + addr
	for deadline := time.Now().Add(5 * time.Minute); ; time.Sleep(200 * time.Millisecond) {
		if resp, err := http.Get(base + "/__sim/info"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return base, stop, nil
			}
		}
		if time.Now().After(deadline) {
			stop()
			return "", nil, fmt.Errorf("magesim did not start")
		}
	}
}

func resetSim(base string) error {
	resp, err := http.Post(base+"/__sim/reset", "application/json", nil)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("reset magesim: %s", resp.Status)
	}
	return nil
}

func moduleRoot() string {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "."
	}
	return filepath.Dir(strings.TrimSpace(string(out)))
}
