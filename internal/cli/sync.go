package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"magecrm/internal/config"
	"magecrm/internal/magentosync"
)

func init() {
	register("sync", "import a channel from Magento now", runSync)
}

func runSync(ctx context.Context, args []string, out io.Writer) error {
	var set config.Settings
	var name string
	var opts magentosync.RunOptions
	fs := newFlagSet("sync", "sync --channel NAME [--full] [--reconcile] [flags]", `Imports a channel from Magento now: websites, stores and customer groups,
then customers with their addresses and newsletter status, then orders.
The first run of a channel (or --full) imports every customer created since
the channel's sync start date; a stopped import resumes where it was. Only one
run per channel goes on at a time, across every magecrm sharing the database.
Shows a progress bar on a terminal and a summary at the end.`)
	set.Register(fs, false)
	fs.StringVar(&name, "channel", "", "name of the channel to sync (required)")
	fs.BoolVar(&opts.Full, "full", false, "import every customer since the sync start date (resumes an interrupted one)")
	pageSize := fs.Int("page-size", 300, "customers asked of Magento per request (Magento 2.4.7 with input limits on allows 300 unless configured)")
	fs.BoolVar(&opts.Reconcile, "reconcile", false, "also compare every customer with Magento: catches address-only and newsletter-only changes and deleted customers")
	if err := parse(fs, args); err != nil {
		return err
	}
	if name == "" {
		fmt.Fprintln(fs.Output(), "--channel is required")
		fs.Usage()
		return errUsage
	}
	a, err := open(ctx, set)
	if err != nil {
		return err
	}
	defer a.Close()
	ch, err := a.crm.ChannelNamed(ctx, name)
	if err != nil {
		return err
	}
	bar := newProgressLine(out)
	opts.Progress = bar.show
	a.sync.PageSize = *pageSize
	sum, err := a.sync.Run(ctx, ch.ID, opts)
	bar.done()
	if sum != nil {
		printSummary(out, sum)
	}
	return err
}

// printSummary writes what a run did, the first records it could not take
// and, apart, the first it took with a warning.
func printSummary(w io.Writer, s *magentosync.Summary) {
	fmt.Fprintf(w, "Channel %q, run %d (%s): %s customers read in %s (%s/s)\n", s.Channel, s.RunID, s.Kind,
		thousands(s.Fetched), s.Duration.Round(time.Millisecond), thousands(int(s.Rate())))
	fmt.Fprintf(w, "  customers: %s created, %s updated, %s unchanged, %s removed in Magento, %s failed\n",
		thousands(s.Created), thousands(s.Updated), thousands(s.Unchanged), thousands(s.Removed), thousands(s.Failed))
	fmt.Fprintf(w, "  orders:    %s created, %s updated, %s unchanged\n",
		thousands(s.Orders.Created), thousands(s.Orders.Updated), thousands(s.Orders.Unchanged))
	failed, warned := 0, 0
	for _, e := range s.Errors {
		if e.Warning() {
			warned++
		} else {
			failed++
		}
	}
	if failed > 0 {
		fmt.Fprintf(w, "Records that could not be taken (first %d of %d; all are listed on the channel page):\n", failed, s.Failed)
		printRecords(w, s, false)
	}
	if warned > 0 {
		fmt.Fprintf(w, "Records taken with changes (the first %d; all are listed on the channel page):\n", warned)
		printRecords(w, s, true)
	}
}

// printRecords writes one line per record of the run's first errors, or
// of its first warnings.
func printRecords(w io.Writer, s *magentosync.Summary, warnings bool) {
	for _, e := range s.Errors {
		if e.Warning() != warnings {
			continue
		}
		id := e.RemoteID
		if id == "" {
			id = "(id unreadable)"
		}
		fmt.Fprintf(w, "  %s %s: %s\n", e.Entity, id, e.Message)
	}
}

// thousands writes n with thousands separators: 1,000,000.
func thousands(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// progressLine shows a run's progress: a bar redrawn in place on a
// terminal, a plain line every ten seconds otherwise (logs, pipes).
type progressLine struct {
	w        io.Writer
	terminal bool
	last     time.Time
	step     string
	drawn    bool
}

func newProgressLine(w io.Writer) *progressLine {
	f, ok := w.(*os.File)
	return &progressLine{w: w, terminal: ok && term.IsTerminal(int(f.Fd()))}
}

func (p *progressLine) show(pr magentosync.Progress) {
	now := time.Now()
	stepChanged := pr.Step != p.step
	if !p.terminal && !stepChanged && now.Sub(p.last) < 10*time.Second {
		return
	}
	p.last, p.step = now, pr.Step
	counts := thousands(pr.Fetched)
	if pr.Total > 0 {
		counts += "/" + thousands(pr.Total)
	}
	line := fmt.Sprintf("%-18s %s", pr.Step, counts)
	if pr.Rate >= 1 { // indexes are built a few a second at most
		line += fmt.Sprintf("  %s/s", thousands(int(pr.Rate)))
	}
	if pr.ETA > 0 {
		line += fmt.Sprintf("  %s left", pr.ETA.Round(time.Second))
	}
	if pr.Failed > 0 {
		line += fmt.Sprintf("  %d failed", pr.Failed)
	}
	if !p.terminal {
		fmt.Fprintln(p.w, line)
		return
	}
	if stepChanged && p.drawn {
		fmt.Fprintln(p.w)
	}
	fmt.Fprintf(p.w, "\r%s %s\033[K", bar(pr.Fetched, pr.Total, 30), line)
	p.drawn = true
}

func (p *progressLine) done() {
	if p.terminal && p.drawn {
		fmt.Fprintln(p.w)
	}
}

// bar draws a fixed-width bar for fetched of total.
func bar(fetched, total, width int) string {
	filled := 0
	if total > 0 {
		filled = min(width, fetched*width/total)
	}
	return "[" + strings.Repeat("#", filled) + strings.Repeat(".", width-filled) + "]"
}
