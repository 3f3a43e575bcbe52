package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"
	"time"

	"magecrm/internal/config"
	"magecrm/internal/crm"
	"magecrm/internal/db"
	"magecrm/internal/magentosync"
	"magecrm/internal/push"
	"magecrm/internal/secret"
	"magecrm/internal/store"
)

// command is one subcommand.
type command struct {
	summary string
	run     func(ctx context.Context, args []string, out io.Writer) error
}

// commands lists every subcommand; others (channel, sync, demo) add
// themselves in their own files.
var commands = map[string]command{}

func register(name, summary string, run func(ctx context.Context, args []string, out io.Writer) error) {
	commands[name] = command{summary: summary, run: run}
}

// Main runs the subcommand named by args[0] and returns the exit code.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "magecrm: unknown command %q\n\n", args[0])
		usage(stderr)
		return 2
	}
	err := cmd.run(ctx, args[1:], stdout)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	}
	fmt.Fprintf(stderr, "magecrm %s: %v\n", args[0], err)
	return 1
}

// errUsage means the flags were wrong; the flag package already said how.
var errUsage = errors.New("usage")

// runSub runs the subcommand of a command group (channel add, token list…)
// named by args[0], or prints usage and returns errUsage.
func runSub(ctx context.Context, args []string, out io.Writer, usage string, sub map[string]func(context.Context, []string, io.Writer) error) error {
	if len(args) == 0 || sub[args[0]] == nil {
		fmt.Fprintln(os.Stderr, usage)
		return errUsage
	}
	return sub[args[0]](ctx, args[1:], out)
}

func usage(w io.Writer) {
	fmt.Fprint(w, `magecrm — a CRM for merchants who sell on Magento.

Usage: magecrm <command> [flags]

Commands:
`)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-9s %s\n", n, commands[n].summary)
	}
	fmt.Fprint(w, `
Run "magecrm <command> -h" for a command's flags. Settings also come from
MAGECRM_LISTEN, MAGECRM_DATA, MAGECRM_DB and MAGECRM_SECRET.
`)
}

// newFlagSet returns a flag set that prints its usage with a description.
func newFlagSet(name, synopsis, description string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: magecrm %s\n\n%s\n\nFlags:\n", synopsis, strings.TrimSpace(description))
		fs.PrintDefaults()
	}
	return fs
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return errUsage
	}
	return nil
}

// app is an opened, migrated database with the services over it.
type app struct {
	settings config.Settings
	db       *db.DB
	crm      *crm.Service
	sync     *magentosync.Engine // the imports of every channel, over the same store
	push     *push.Pusher        // the sends of every two-way channel, woken by the services' saves
	log      *slog.Logger
}

func (a *app) Close() { a.db.Close() }

// open validates settings, opens and migrates the database, loads the
// instance secret and assembles the services over one store: the only
// place cli touches the store is here.
func open(ctx context.Context, set config.Settings) (*app, error) {
	if err := set.Validate(); err != nil {
		return nil, err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	// Before opening: warn only of files that were already there.
	changed, err := set.TightenPermissions()
	for _, c := range changed {
		log.Warn("data was readable by other users of this machine", "change", c)
	}
	if err != nil {
		return nil, err
	}
	d, err := db.Open(ctx, set.DB)
	if err != nil {
		return nil, err
	}
	if err := d.Migrate(ctx); err != nil {
		d.Close()
		return nil, err
	}
	box, err := secret.Load(set.Secret, set.Data)
	if err != nil {
		d.Close()
		return nil, err
	}
	st := store.New(d, box)
	svc, pusher := crm.New(st, box, log), push.New(st, log)
	svc.WakePush = pusher.Wake
	svc.WebhooksAllowPrivate = set.WebhooksAllowPrivate
	svc.WebhookLogRetention = time.Duration(set.WebhookLogDays) * 24 * time.Hour
	svc.WebhookFailedLogRetention = time.Duration(set.WebhookFailedLogDays) * 24 * time.Hour
	return &app{settings: set, db: d, crm: svc, sync: magentosync.NewEngine(st, log), push: pusher, log: log}, nil
}
