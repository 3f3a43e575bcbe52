package main

import (
	"fmt"
	"io"
	"runtime"
	"slices"
	"time"

	"magecrm/bench/internal/machine"
	"magecrm/bench/internal/pagetime"
)

func printTables(out io.Writer, p params, cases []gridCase, results []*result) {
	fmt.Fprintf(out, "Magento Customers grid on %d customers imported from magesim, %s, load average %s on %d cores.\n\n",
		p.customers, time.Now().UTC().Format("2006-01-02 15:04 UTC"), machine.LoadAverage(), runtime.NumCPU())
	printImport(out, results)
	printSummary(out, cases, results)
	printLoad(out, p, results)
	if !p.skipExport {
		printExport(out, results)
	}
	who := "the administrator"
	if p.rep {
		who = "a Sales Representative (business unit scope)"
	}
	fmt.Fprintf(out, "\nEvery case: server time of the real handler (session, query, HTML) as %s, %d requests per case (%d per filter with a sort) after %d warm-up requests (%d for a filter with a sort); goal p95 ≤ %s. CPU: the process's CPU time per request (user and system; on a shared machine it compares between runs where times do not).\n\n",
		who, p.runs, p.comboRuns, pagetime.WarmUp, comboWarmUp, goalPage)
	printCases(out, cases, results)
}

func printImport(out io.Writer, results []*result) {
	for _, r := range results {
		if r.imported > 0 {
			fmt.Fprintf(out, "%s: the import took %s.\n", r.name, r.imported.Round(time.Second))
		}
	}
	fmt.Fprintln(out)
}

// printHead writes the head of a table with a goal column and one column
// per database.
func printHead(out io.Writer, title string, results []*result) {
	fmt.Fprintf(out, "| %s | goal |", title)
	for _, r := range results {
		fmt.Fprintf(out, " %s |", r.name)
	}
	fmt.Fprint(out, "\n|---|---|")
	for range results {
		fmt.Fprint(out, "---|")
	}
	fmt.Fprintln(out)
}

// printSummary counts the cases within the goal and names the slowest.
func printSummary(out io.Writer, cases []gridCase, results []*result) {
	printHead(out, "Grid", results)
	for _, group := range []struct {
		name  string
		combo bool
	}{{"default page, every sort both ways, every filter alone: p95 within goal", false},
		{"every filter with every sort both ways: p95 within goal", true}} {
		fmt.Fprintf(out, "| %s | ≤ %s |", group.name, goalPage)
		for _, r := range results {
			in, all := 0, 0
			worst, worstName := time.Duration(0), ""
			for _, c := range cases {
				v, ok := r.cases[c.name]
				if c.combo != group.combo || !ok {
					continue
				}
				all++
				if v[1] <= goalPage {
					in++
				}
				if v[1] > worst {
					worst, worstName = v[1], c.name
				}
			}
			fmt.Fprintf(out, " %d of %d; slowest %s %.1f ms |", in, all, worstName, pagetime.MS(worst))
		}
		fmt.Fprintln(out)
	}
	fmt.Fprintln(out)
}

func printLoad(out io.Writer, p params, results []*result) {
	if p.load <= 0 {
		return
	}
	printHead(out, fmt.Sprintf("%d signed-in users at once for %s, real HTTP", p.users, p.load), results)
	kinds := []string{"filtered grid", "customer page", "edit page", "save (edit)"}
	for _, k := range kinds {
		fmt.Fprintf(out, "| %s: requests/s, p50 / p95 | p95 ≤ %s |", k, goalLoad)
		for _, r := range results {
			ts := r.load.kinds[k]
			p50 := percentile(ts, 50)
			fmt.Fprintf(out, " %.0f/s, %.0f / %.0f ms |", float64(len(ts))/r.load.took.Seconds(), pagetime.MS(p50), pagetime.MS(percentile(ts, 95)))
		}
		fmt.Fprintln(out)
	}
	fmt.Fprint(out, "| all requests: requests/s, p95; errors | no errors |")
	for _, r := range results {
		var all []time.Duration
		for _, k := range kinds {
			all = append(all, r.load.kinds[k]...)
		}
		fmt.Fprintf(out, " %.0f/s, p95 %.0f ms; %d errors |", float64(len(all))/r.load.took.Seconds(), pagetime.MS(percentile(all, 95)), r.load.errors)
	}
	fmt.Fprintln(out)
	fmt.Fprint(out, "| CPU per request (server and the users' HTTP clients, one process) | |")
	for _, r := range results {
		n := 0
		for _, k := range kinds {
			n += len(r.load.kinds[k])
		}
		fmt.Fprintf(out, " %.1f ms |", pagetime.MS(r.load.cpu/time.Duration(max(n, 1))))
	}
	fmt.Fprintln(out)
	for _, r := range results {
		if r.load.firstErr != "" {
			fmt.Fprintf(out, "\n%s: first error: %s\n", r.name, r.load.firstErr)
		}
	}
	fmt.Fprintln(out)
}

func printExport(out io.Writer, results []*result) {
	printHead(out, "CSV export of every customer", results)
	row := func(name, goal string, f func(e *exportResult) string) {
		fmt.Fprintf(out, "| %s | %s |", name, goal)
		for _, r := range results {
			fmt.Fprintf(out, " %s |", f(r.export))
		}
		fmt.Fprintln(out)
	}
	row("time (rows)", fmt.Sprintf("1,000,000 rows ≤ %s", goalExport), func(e *exportResult) string {
		return fmt.Sprintf("%.1f s (%d rows)", e.took.Seconds(), e.rows)
	})
	row("first bytes of the download after", fmt.Sprintf("≤ %s", goalFirst), func(e *exportResult) string {
		return fmt.Sprintf("%.0f ms", pagetime.MS(e.firstBytes))
	})
	row("resident memory (RssAnon) before → peak", "flat", func(e *exportResult) string {
		return fmt.Sprintf("%d → %d MiB", e.rssStart>>20, e.rssPeak>>20)
	})
	row("rows/s; bare SELECT of the same rows, rows/s", "baseline", func(e *exportResult) string {
		return fmt.Sprintf("%.0f; %.0f", float64(e.rows)/e.took.Seconds(), float64(e.bareRows)/e.bare.Seconds())
	})
	row("export rate / bare SELECT rate", "", func(e *exportResult) string {
		return fmt.Sprintf("%.2f", (float64(e.rows)/e.took.Seconds())/(float64(e.bareRows)/e.bare.Seconds()))
	})
	row("the process's CPU time per row; cores busy (CPU time / time)", "", func(e *exportResult) string {
		return fmt.Sprintf("%.1f µs; %.2f", float64(e.cpu.Microseconds())/float64(max(e.rows, 1)), e.cpu.Seconds()/e.took.Seconds())
	})
}

// printCases lists every case with its p50 and p95, the slowest first.
func printCases(out io.Writer, cases []gridCase, results []*result) {
	fmt.Fprint(out, "| Case |")
	for _, r := range results {
		fmt.Fprintf(out, " %s p50 | %s p95 | %s CPU |", r.name, r.name, r.name)
	}
	fmt.Fprint(out, "\n|---|")
	for range results {
		fmt.Fprint(out, "---:|---:|---:|")
	}
	fmt.Fprintln(out)
	sorted := slices.Clone(cases)
	worst := func(c gridCase) time.Duration {
		w := time.Duration(0)
		for _, r := range results {
			w = max(w, r.cases[c.name][1])
		}
		return w
	}
	slices.SortStableFunc(sorted, func(a, b gridCase) int {
		if a.combo != b.combo {
			if a.combo {
				return 1
			}
			return -1
		}
		return int(worst(b) - worst(a))
	})
	for _, c := range sorted {
		if _, ok := results[0].cases[c.name]; !ok {
			continue
		}
		fmt.Fprintf(out, "| %s |", c.name)
		for _, r := range results {
			v := r.cases[c.name]
			mark := ""
			if v[1] > goalPage {
				mark = " **over**"
			}
			fmt.Fprintf(out, " %.1f ms | %.1f ms%s | %.1f ms |", pagetime.MS(v[0]), pagetime.MS(v[1]), mark, pagetime.MS(r.cpu[c.name]))
		}
		fmt.Fprintln(out)
	}
}
