package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"

	"magecrm/internal/config"
	"magecrm/internal/crm"
	"magecrm/internal/magentosync"
	"magecrm/internal/magesim"
	"magecrm/internal/model"
)

func init() {
	register("demo", "run magecrm with a simulated Magento store, synced and ready to try", runDemo)
}

// demoListen is where the demo serves unless told otherwise; when it is
// taken, the demo takes any free port instead.
const demoListen = "127.0.0.1:8080"

func runDemo(ctx context.Context, args []string, out io.Writer) error {
	var set config.Settings
	var customers int
	fs := newFlagSet("demo", "demo [flags]", `Starts a simulated Magento 2 store with generated customers and orders,
creates the admin user (its password is printed) and a channel to the store,
imports it, and serves magecrm. The data goes to a new temporary folder unless
--data is given, so a demo never mixes with real data. Ctrl-C stops it.`)
	fs.IntVar(&customers, "customers", 5000, "customers in the simulated store")
	fs.StringVar(&set.Listen, "listen", demoListen, "address to serve on")
	fs.StringVar(&set.Data, "data", "", "data folder (default: a new temporary folder)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if customers < 0 {
		return fmt.Errorf("--customers %d: give a number of customers, 0 or more", customers)
	}
	if set.Data == "" {
		dir, err := os.MkdirTemp("", "magecrm-demo-")
		if err != nil {
			return fmt.Errorf("create a folder for the demo's data: %w", err)
		}
		set.Data = dir
	}
	fmt.Fprintf(out, "Demo data folder: %s (kept after the demo; delete it when you are done)\n", set.Data)
	ln, err := demoListener(set.Listen, flagGiven(fs, "listen"))
	if err != nil {
		return err
	}
	defer ln.Close()

	simURL, stopSim, err := startSimulator(customers)
	if err != nil {
		return err
	}
	defer stopSim()
	fmt.Fprintf(out, "Simulated Magento store with %d customers at %s (admin / magento123)\n", customers, simURL)

	a, err := open(ctx, set)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.announceAdmin(ctx, out); err != nil {
		return err
	}
	ch, err := a.crm.AddChannel(ctx, crm.ChannelInput{
		Name: "Demo store", BaseURL: simURL + "/", AdminURL: simURL + "/admin", AuthKind: string(model.AuthAdminToken),
		Credentials: model.Credentials{Username: "admin", Password: "magento123"}, Website: "-1",
		SyncStartDate: crm.DefaultSyncStartDate, TwoWay: true, Priority: string(model.RemoteWins),
		SyncInterval: "5", Enabled: true,
	}, "admin")
	if err != nil {
		return fmt.Errorf("add the demo channel: %w", err)
	}
	engine := a.sync
	fmt.Fprintln(out, "Importing the store…")
	progress := &demoProgress{out: out}
	sum, err := engine.Run(ctx, ch.ID, magentosync.RunOptions{Progress: progress.show})
	progress.done()
	if err != nil {
		return fmt.Errorf("import the demo store: %w", err)
	}
	fmt.Fprintf(out, "Imported %d customers and %d orders in %s (%d could not be taken; see the channel page).\n",
		sum.Created+sum.Updated+sum.Unchanged, sum.Orders.Created+sum.Orders.Updated, sum.Duration.Round(time.Millisecond), sum.Failed)
	fmt.Fprintf(out, "\nmagecrm is ready: open http://%s/channels/%d and sign in as admin.\n\n", ln.Addr(), ch.ID)
	return a.serve(ctx, ln, engine)
}

// flagGiven reports whether the flag was set on the command line.
func flagGiven(fs *flag.FlagSet, name string) bool {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}

// demoListener listens on addr; when the default address is taken it
// falls back to any free loopback port rather than failing the demo.
func demoListener(addr string, chosen bool) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil && !chosen {
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w (choose another address with --listen)", addr, err)
	}
	return ln, nil
}

// startSimulator serves a generated store on a free loopback port.
func startSimulator(customers int) (url string, stop func(), err error) {
	sim, err := magesim.New(magesim.Options{Customers: customers, Seed: 1})
	if err != nil {
		return "", nil, fmt.Errorf("generate the simulated store: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("listen for the simulated store: %w", err)
	}
	srv := &http.Server{Handler: sim.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(os.Stderr, "simulated store stopped: %v\n", err)
		}
	}()
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

// demoProgress prints a run's progress: a line when a step ends, with
// what it read and did, and within a long step a line at most once a
// second once it has read something.
type demoProgress struct {
	out     io.Writer
	last    time.Time
	printed int // steps whose line is printed
	steps   []magentosync.RunStep
}

func (d *demoProgress) show(p magentosync.Progress) {
	d.steps = p.Steps
	d.printDone(len(p.Steps) - 1)
	if p.Fetched == 0 || time.Since(d.last) < time.Second {
		return
	}
	d.last = time.Now()
	line := fmt.Sprintf("  %s: %s read", p.Step, thousands(p.Fetched))
	if p.Total > 0 {
		line += " of " + thousands(p.Total)
	}
	if p.Rate > 0 {
		line += fmt.Sprintf(", %s per second", thousands(int(p.Rate)))
	}
	if p.ETA > 0 {
		line += ", about " + p.ETA.Round(time.Second).String() + " left"
	}
	fmt.Fprintln(d.out, line)
}

// printDone prints the line of every step before step n not printed yet.
func (d *demoProgress) printDone(n int) {
	for ; d.printed < n && d.printed < len(d.steps); d.printed++ {
		fmt.Fprintln(d.out, "  "+stepLine(d.steps[d.printed]))
	}
}

// done prints the steps left when the run has ended.
func (d *demoProgress) done() { d.printDone(len(d.steps)) }

// stepLine says what a finished step read and did.
func stepLine(s magentosync.RunStep) string {
	if s == (magentosync.RunStep{Name: s.Name}) {
		return s.Name + ": done"
	}
	line := fmt.Sprintf("%s: %s read", s.Name, thousands(s.Read))
	for _, c := range []struct {
		n    int
		what string
	}{{s.Created, "created"}, {s.Updated, "updated"}, {s.Unchanged, "unchanged"}, {s.Removed, "removed"}, {s.Failed, "failed"}} {
		if c.n > 0 {
			line += fmt.Sprintf(", %s %s", thousands(c.n), c.what)
		}
	}
	return line
}
