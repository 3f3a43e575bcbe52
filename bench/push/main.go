// Command push benchmarks the push of customers edited in magecrm to a
// simulated Magento 2 served over loopback HTTP from this process. On a
// fresh SQLite database (and PostgreSQL when -postgres is given) it imports
// the store, edits every customer in magecrm, and prints:
//
//   - the rate of the sends (read, merge, PUT, record) with the given
//     number of customers sent at once;
//   - the rate of bare PUTs of the same customers, with the bodies the
//     sends PUT, from this process in the same run with as many at once,
//     and the ratio of the two;
//   - the CPU time this process used per customer in each (magesim's
//     included, PostgreSQL's not): on a machine others load, their ratio
//     says more than the rates'; and the same for bare reads of the
//     customers by the search a send makes before its PUT;
//   - the time from a save to "in sync" (p50, p95, max) over -latency
//     saves made one after another while the sender was idle, woken by the
//     save as the pages do.
//
// Usage:
//
//	go run ./bench/push -customers 10000 -postgres postgres://user@host:5432/postgres
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"magecrm/bench/internal/machine"
	"magecrm/internal/acl"
	"magecrm/internal/connector"
	"magecrm/internal/db"
	"magecrm/internal/jobs"
	"magecrm/internal/magento"
	"magecrm/internal/magentosync"
	"magecrm/internal/magesim"
	"magecrm/internal/model"
	"magecrm/internal/push"
	"magecrm/internal/secret"
	"magecrm/internal/store"
)

type params struct {
	customers, concurrency, latency int
	postgres, cpuProfile            string
}

// profiling, when set, receives a CPU profile of the first database's sends.
var profiling *os.File

// result is one database's measurements.
type result struct {
	sendRate, putRate float64
	sendCPU, putCPU   time.Duration // this process's CPU time per customer
	readCPU           time.Duration // the same for the reads of Magento a send makes
	p50, p95, max     time.Duration
}

func main() {
	var p params
	flag.IntVar(&p.customers, "customers", 10_000, "customers in the simulated store, all edited and sent")
	flag.IntVar(&p.concurrency, "concurrency", 8, "customers sent (and bare PUTs made) at once")
	flag.IntVar(&p.latency, "latency", 100, "saves measured one at a time for save-to-in-sync")
	flag.StringVar(&p.postgres, "postgres", os.Getenv("MAGECRM_BENCH_POSTGRES"), "PostgreSQL server URL to create a benchmark database on; empty: SQLite only")
	flag.StringVar(&p.cpuProfile, "cpuprofile", "", "write a CPU profile of the sends to the first database (SQLite) to this file")
	flag.Parse()
	if p.cpuProfile != "" {
		f, err := os.Create(p.cpuProfile)
		check(err)
		defer f.Close()
		profiling = f
	}
	fmt.Printf("push of %d edited customers, %d at once (%s, load average %s)\n\n", p.customers, p.concurrency,
		time.Now().UTC().Format("2006-01-02 15:04 MST"), machine.LoadAverage())
	results := map[string]result{}
	dir, err := os.MkdirTemp("", "bench-push")
	check(err)
	defer os.RemoveAll(dir)
	results["SQLite"] = measure(p, filepath.Join(dir, "bench.db"))
	if p.postgres != "" {
		dsn, drop := createDatabase(p.postgres)
		defer drop()
		results["PostgreSQL"] = measure(p, dsn)
	}
	names := []string{"SQLite"}
	if p.postgres != "" {
		names = append(names, "PostgreSQL")
	}
	fmt.Printf("| | %s |\n|---|%s\n", strings.Join(names, " | "), strings.Repeat("---:|", len(names)))
	row := func(label string, f func(result) string) {
		fmt.Printf("| %s |", label)
		for _, n := range names {
			fmt.Printf(" %s |", f(results[n]))
		}
		fmt.Println()
	}
	row("sends (read, merge, PUT, record)", func(r result) string { return fmt.Sprintf("%.0f customers/s", r.sendRate) })
	row("bare PUTs, same process and run", func(r result) string { return fmt.Sprintf("%.0f customers/s", r.putRate) })
	row("send rate / bare PUT rate", func(r result) string { return fmt.Sprintf("%.2f", r.sendRate/r.putRate) })
	row("this process's CPU per customer: sends / bare PUTs", func(r result) string {
		return fmt.Sprintf("%d / %d µs (%.2f)", r.sendCPU.Microseconds(), r.putCPU.Microseconds(), float64(r.putCPU)/float64(r.sendCPU))
	})
	row("this process's CPU per customer: bare reads by search (a send's read of Magento)", func(r result) string {
		return fmt.Sprintf("%d µs", r.readCPU.Microseconds())
	})
	row("save → in sync, p50 / p95 / max", func(r result) string {
		return fmt.Sprintf("%s / %s / %s", ms(r.p50), ms(r.p95), ms(r.max))
	})
	fmt.Printf("\nload average at the end: %s\n", machine.LoadAverage())
}

func measure(p params, dsn string) result {
	ctx := context.Background()
	sim, err := magesim.New(magesim.Options{Customers: p.customers, Seed: 5, OrdersPerCustomer: -1})
	check(err)
	srv := httptest.NewServer(sim.Handler())
	defer srv.Close()
	d, err := db.Open(ctx, dsn)
	check(err)
	defer d.Close()
	check(d.Migrate(ctx))
	box, err := secret.New("bench-push-secret-0123456789")
	check(err)
	st := store.New(d, box)
	ch, owner := setUp(ctx, st, srv.URL)
	var r result
	cpu := machine.CPUUsed()
	r.putRate = barePuts(ctx, sim, ch, p) // before the import, so that magecrm starts from what they wrote
	r.putCPU = (machine.CPUUsed() - cpu) / time.Duration(p.customers)
	cpu = machine.CPUUsed()
	bareReads(ctx, ch, p)
	r.readCPU = (machine.CPUUsed() - cpu) / time.Duration(p.customers)
	log := slog.New(slog.DiscardHandler)
	_, err = magentosync.NewEngine(st, log).Run(ctx, ch.ID, magentosync.RunOptions{Full: true})
	check(err)
	ids := customerIDs(ctx, d, ch.ID)
	editAll(ctx, st, ch, ids, owner, "Sent")
	pusher := push.New(st, log)
	pusher.Concurrency = p.concurrency
	w, err := pusher.Worker(ch)
	check(err)
	if profiling != nil {
		check(pprof.StartCPUProfile(profiling))
	}
	start, cpu := time.Now(), machine.CPUUsed()
	n, err := w.RunOnce(ctx)
	check(err)
	r.sendRate = float64(n) / time.Since(start).Seconds()
	r.sendCPU = (machine.CPUUsed() - cpu) / time.Duration(max(n, 1))
	if profiling != nil {
		pprof.StopCPUProfile()
		profiling = nil // one profile: the first database's
	}
	left, err := jobs.Count(ctx, d, store.PushQueue(ch.ID))
	check(err)
	if len(left) > 0 || n != len(ids) {
		fmt.Fprintf(os.Stderr, "sent %d of %d; left: %v\n", n, len(ids), left)
		os.Exit(1)
	}
	r.p50, r.p95, r.max = saveToInSync(ctx, st, pusher, ch, ids[:min(p.latency, len(ids))], owner)
	return r
}

// setUp adds an organization, its owner and a two-way channel.
func setUp(ctx context.Context, st *store.Store, url string) (*model.Channel, int64) {
	orgID, unitID, err := st.Bootstrap(ctx, "Bench")
	check(err)
	owner := &model.User{OrganizationID: orgID, BusinessUnitID: unitID, Username: "bench", Email: "bench@example.com", Enabled: true}
	check(st.CreateUser(ctx, owner, "x"))
	ch := &model.Channel{OrganizationID: orgID, OwnerUserID: owner.ID, Name: "Bench", Type: model.Magento2, BaseURL: url,
		AuthKind: model.AuthAdminToken, Credentials: model.Credentials{Username: "admin", Password: "magento123"},
		WebsiteID: model.AllWebsites, TwoWay: true, Priority: model.RemoteWins, DefaultOwnerID: owner.ID,
		SyncInterval: time.Hour, Enabled: true}
	check(st.CreateChannel(ctx, ch))
	return ch, owner.ID
}

func customerIDs(ctx context.Context, d *db.DB, channelID int64) []int64 {
	rows, err := d.QueryContext(ctx, "SELECT id FROM magento_customers WHERE channel_id = $1 ORDER BY id", channelID)
	check(err)
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		check(rows.Scan(&id))
		ids = append(ids, id)
	}
	return ids
}

// edit saves a person's change of one customer's last name.
func edit(ctx context.Context, st *store.Store, ch *model.Channel, id, owner int64, last string) {
	old, err := st.Customer(ctx, store.CustomerScope{Customers: acl.WholeOrganization(ch.OrganizationID)}, id)
	check(err)
	addrs, err := st.CustomerAddresses(ctx, id)
	check(err)
	next := *old
	next.LastName = last
	_, err = st.UpdateCustomer(ctx, old, addrs, store.CustomerChange{Customer: &next, Addresses: addrs, ActorID: owner, At: time.Now()})
	check(err)
}

func editAll(ctx context.Context, st *store.Store, ch *model.Channel, ids []int64, owner int64, last string) {
	for _, id := range ids {
		edit(ctx, st, ch, id, owner, last)
	}
}

// barePuts sends the same number of last-name PUTs straight through the
// client, as many at once as the sender does, each with the body a send
// PUTs (every field Magento holds, the default addresses and the custom
// attributes, taken from the simulator's memory: no HTTP read).
func barePuts(ctx context.Context, sim *magesim.Sim, ch *model.Channel, p params) float64 {
	c, err := connector.NewMagento2Client(ch, nil)
	check(err)
	work := make(chan int)
	var wg sync.WaitGroup
	start := time.Now()
	for range p.concurrency {
		wg.Go(func() {
			for id := range work {
				cust, _ := sim.Customer(id)
				_, err := c.UpdateCustomer(ctx, id, sendBody(cust, "Put"))
				check(err)
			}
		})
	}
	for id := 1; id <= p.customers; id++ {
		work <- id
	}
	close(work)
	wg.Wait()
	return float64(p.customers) / time.Since(start).Seconds()
}

// bareReads reads the same customers from Magento as the sends do: one
// search by id per Concurrency of them, one search at a time.
func bareReads(ctx context.Context, ch *model.Channel, p params) {
	c, err := connector.NewMagento2Client(ch, nil)
	check(err)
	sink := connector.NewMagento2Sink(c)
	ids := make([]int64, p.customers)
	for i := range ids {
		ids[i] = int64(i + 1)
	}
	for round := range slices.Chunk(ids, p.concurrency) {
		got, err := sink.ReadMany(ctx, round)
		check(err)
		if len(got) != len(round) {
			check(fmt.Errorf("a search by id found %d of %d customers", len(got), len(round)))
		}
	}
}

// sendBody is the body a send PUTs to change c's last name when its
// addresses are unchanged (connector.Magento2Sink.Update).
func sendBody(c magesim.Customer, last string) magento.CustomerUpdate {
	dob, _ := magento.ParseDate(c.Dob)
	u := magento.CustomerUpdate{Email: c.Email, Firstname: c.Firstname, Lastname: last, WebsiteID: c.WebsiteID,
		Prefix: &c.Prefix, Middlename: &c.Middlename, Suffix: &c.Suffix, Taxvat: &c.Taxvat, DOB: &dob,
		Gender: &c.Gender, GroupID: &c.GroupID, StoreID: &c.StoreID, DisableAutoGroupChange: &c.DisableAutoGroupChange,
		DefaultBilling: addressID(c.DefaultBilling), DefaultShipping: addressID(c.DefaultShipping)}
	for _, a := range c.CustomAttributes {
		u.CustomAttributes = append(u.CustomAttributes, magento.CustomAttribute{Code: a.Code, Value: magento.AttributeValue(a.Value)})
	}
	return u
}

func addressID(id int) *string {
	if id == 0 {
		return nil
	}
	s := strconv.Itoa(id)
	return &s
}

// saveToInSync saves customers one at a time while the pusher runs, and
// measures how long each takes to be in sync.
func saveToInSync(ctx context.Context, st *store.Store, pusher *push.Pusher, ch *model.Channel, ids []int64, owner int64) (p50, p95, worst time.Duration) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { pusher.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	time.Sleep(time.Second) // the pusher starts its sender
	scope := store.CustomerScope{Customers: acl.WholeOrganization(ch.OrganizationID)}
	var took []time.Duration
	for i, id := range ids {
		start := time.Now()
		edit(ctx, st, ch, id, owner, fmt.Sprintf("Latency%d", i))
		pusher.Wake(ch.ID)
		for {
			c, err := st.Customer(ctx, scope, id)
			check(err)
			if !c.Pending() {
				break
			}
			if time.Since(start) > time.Minute {
				fmt.Fprintf(os.Stderr, "customer %d not in sync after a minute: %s\n", id, c.SyncLabel())
				os.Exit(1)
			}
			time.Sleep(5 * time.Millisecond)
		}
		took = append(took, time.Since(start))
		time.Sleep(50 * time.Millisecond) // the sender goes idle again
	}
	slices.Sort(took)
	return took[len(took)/2], took[len(took)*95/100], took[len(took)-1]
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.0f ms", float64(d.Microseconds())/1000) }

// createDatabase creates an empty database on the server at admin and
// returns its URL and a function that drops it.
func createDatabase(admin string) (string, func()) {
	ctx := context.Background()
	d, err := db.Open(ctx, admin)
	check(err)
	name := fmt.Sprintf("magecrm_bench_push_%d", time.Now().UnixNano()%1e9)
	_, err = d.ExecContext(ctx, "CREATE DATABASE "+name)
	check(err)
	u, err := url.Parse(admin)
	check(err)
	u.Path = "/" + name
	return u.String(), func() {
		d.ExecContext(ctx, "DROP DATABASE "+name+" WITH (FORCE)")
		d.Close()
	}
}
