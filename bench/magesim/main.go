// Command magesim benchmarks the Magento simulator: generation time and
// memory for a large store, and the time to serve keyset pages of
// customers over HTTP. It prints a Markdown table.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"magecrm/internal/magesim"
)

func main() {
	customers := flag.Int("customers", 1_000_000, "customers to generate")
	pageSize := flag.Int("page-size", 1000, "customers per keyset page")
	pages := flag.Int("pages", 300, "keyset pages to time")
	heapProfile := flag.String("heapprofile", "", "write a heap profile to FILE after generation and FILE.pages after the pages sorted by email")
	flag.Parse()
	if err := run(*customers, *pageSize, *pages, *heapProfile); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(customers, pageSize, pages int, heapProfile string) error {
	if os.Getenv("GOMEMLIMIT") == "" {
		// A million customers (with two million orders) are about 560 MiB
		// of live data, held packed (internal/magesim/packed.go); a soft limit
		// keeps the collector from doubling that while the store is built.
		debug.SetMemoryLimit(800 << 20)
	}
	start := time.Now()
	sim, err := magesim.New(magesim.Options{Customers: customers, Seed: 1, BearerEnabled: true})
	if err != nil {
		return err
	}
	generated := time.Since(start)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	live, afterGeneration, peakGeneration := ms.HeapAlloc, procStatus("VmRSS:"), procStatus("VmHWM:")
	if err := writeHeapProfile(heapProfile); err != nil {
		return err
	}

	srv := httptest.NewServer(sim.Handler())
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}

	gcBefore := ms.NumGC
	walk, err := keysetWalk(client, srv.URL, pageSize, pages, "")
	if err != nil {
		return err
	}
	website, err := keysetWalk(client, srv.URL, pageSize, pages/3, "2")
	if err != nil {
		return err
	}
	runtime.ReadMemStats(&ms)
	walkGCs := ms.NumGC - gcBefore
	offset, err := offsetPages(client, srv.URL, pageSize, 20)
	if err != nil {
		return err
	}
	runtime.ReadMemStats(&ms)
	peak := procStatus("VmHWM:")
	if heapProfile != "" {
		if err := writeHeapProfile(heapProfile + ".pages"); err != nil {
			return err
		}
	}

	fmt.Printf("magesim benchmark: %d customers, %d orders, GOMAXPROCS=%d, %s/%s, %s\n\n",
		sim.CustomerCount(), sim.OrderCount(), runtime.GOMAXPROCS(0), runtime.GOOS, runtime.GOARCH, runtime.Version())
	fmt.Println("| measure | value | bound |")
	fmt.Println("|---|---|---|")
	fmt.Printf("| generate %d customers + orders | %.2f s | ≤ 5 s |\n", customers, generated.Seconds())
	fmt.Printf("| live Go heap after generation | %s | |\n", mib(live))
	fmt.Printf("| resident after generation (VmRSS); peak while generating (VmHWM) | %s; %s | ≤ 800 MiB |\n", afterGeneration, peakGeneration)
	fmt.Printf("| peak resident after the page walks below (VmHWM) | %s | |\n", peak)
	walk.print(fmt.Sprintf("keyset page of %d, updated_at+entity_id, all websites", pageSize), "p95 ≤ 10 ms")
	website.print(fmt.Sprintf("keyset page of %d, same, website_id = 2", pageSize), "p95 ≤ 10 ms")
	fmt.Printf("| garbage collections during the %d keyset pages | %d | |\n", len(walk.d)+len(website.d), walkGCs)
	offset.print(fmt.Sprintf("currentPage page of %d sorted by email (no index: every customer read, the matches up to the page kept)", pageSize), "none (general path)")
	return nil
}

type timings struct {
	d     []time.Duration
	bytes int
}

func (t timings) print(label, bound string) {
	slices.Sort(t.d)
	p := func(q float64) string {
		return fmt.Sprintf("%.1f ms", float64(t.d[int(q*float64(len(t.d)-1))].Microseconds())/1000)
	}
	fmt.Printf("| %s: p50 / p95 / max over %d pages (%.0f KiB each) | %s / %s / %s | %s |\n",
		label, len(t.d), float64(t.bytes)/float64(len(t.d))/1024, p(0.5), p(0.95), p(1), bound)
}

// keysetWalk pages through customers the way the CRM's importer does
// (reference §9) and times each page from request to last byte.
func keysetWalk(c *http.Client, base string, size, pages int, website string) (timings, error) {
	var out timings
	ts, id := "2000-01-01 00:00:00", "0"
	for range pages {
		q := url.Values{}
		f := func(g, i int, field, value, cond string) {
			p := fmt.Sprintf("searchCriteria[filter_groups][%d][filters][%d]", g, i)
			q.Set(p+"[field]", field)
			q.Set(p+"[value]", value)
			q.Set(p+"[condition_type]", cond)
		}
		f(0, 0, "updated_at", ts, "gteq")
		f(1, 0, "updated_at", ts, "gt")
		f(1, 1, "entity_id", id, "gt")
		if website != "" {
			f(2, 0, "website_id", website, "eq")
		}
		q.Set("searchCriteria[sortOrders][0][field]", "updated_at")
		q.Set("searchCriteria[sortOrders][0][direction]", "ASC")
		q.Set("searchCriteria[sortOrders][1][field]", "entity_id")
		q.Set("searchCriteria[sortOrders][1][direction]", "ASC")
		q.Set("searchCriteria[pageSize]", strconv.Itoa(size))
		q.Set("searchCriteria[currentPage]", "1")
		body, d, err := get(c, base+"/rest/V1/customers/search?"+q.Encode())
		if err != nil {
			return out, err
		}
		out.d, out.bytes = append(out.d, d), out.bytes+len(body)
		var page struct {
			Items []struct {
				ID        int    `json:"id"`
				UpdatedAt string `json:"updated_at"`
			} `json:"items"`
		}
		if err := json.Unmarshal(body, &page); err != nil {
			return out, err
		}
		if len(page.Items) == 0 {
			break
		}
		last := page.Items[len(page.Items)-1]
		ts, id = last.UpdatedAt, strconv.Itoa(last.ID)
	}
	return out, nil
}

// offsetPages times the general path: a sort no index serves, pages 1 to
// pages (a page keeps the matches up to its end while reading them all).
func offsetPages(c *http.Client, base string, size, pages int) (timings, error) {
	var out timings
	for i := range pages {
		q := fmt.Sprintf("searchCriteria[sortOrders][0][field]=email&searchCriteria[sortOrders][0][direction]=ASC&searchCriteria[pageSize]=%d&searchCriteria[currentPage]=%d", size, i+1)
		body, d, err := get(c, base+"/rest/V1/customers/search?"+q)
		if err != nil {
			return out, err
		}
		out.d, out.bytes = append(out.d, d), out.bytes+len(body)
	}
	return out, nil
}

// answer is the buffer get reads answers into, reused: the importer reads
// from another process, and a megabyte of garbage per page made here would
// run magesim's collector (the benchmark shares its heap) for the client.
var answer bytes.Buffer

// get returns the answer to a GET of u, valid until the next get, and the
// time from the request to its last byte.
func get(c *http.Client, u string) ([]byte, time.Duration, error) {
	req, _ := http.NewRequest("GET", u, nil)
	req.Header.Set("Authorization", "Bearer "+magesim.DefaultAccessToken)
	start := time.Now()
	resp, err := c.Do(req)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	answer.Reset()
	if resp.ContentLength > 0 {
		answer.Grow(int(resp.ContentLength))
	}
	_, err = answer.ReadFrom(resp.Body)
	d := time.Since(start)
	body := answer.Bytes()
	if resp.StatusCode != 200 {
		return nil, 0, fmt.Errorf("%s: %d %s", u, resp.StatusCode, body)
	}
	return body, d, err
}

// writeHeapProfile writes a heap profile to path, if one is asked for.
func writeHeapProfile(path string) error {
	if path == "" {
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return pprof.WriteHeapProfile(f)
}

func mib(b uint64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }

// procStatus reads a memory figure of the process (VmRSS: resident now,
// VmHWM: its high-water mark) on Linux.
func procStatus(field string) string {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "n/a"
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, field); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return mib(uint64(kb) * 1024)
		}
	}
	return "n/a"
}
