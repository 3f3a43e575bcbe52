package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"golang.org/x/net/netutil"

	"magecrm/internal/api"
	"magecrm/internal/config"
	"magecrm/internal/db"
	"magecrm/internal/files"
	"magecrm/internal/magentosync"
	"magecrm/internal/web"
)

func init() {
	register("serve", "run the web server", runServe)
	register("migrate", "apply database migrations and exit", runMigrate)
}

func runServe(ctx context.Context, args []string, out io.Writer) error {
	var set config.Settings
	fs := newFlagSet("serve", "serve [flags]", `Runs magecrm's web server. Migrations run first. On the first start with no
users, the user "admin" is created and its password printed once.
SIGINT or SIGTERM stops the server after the requests in progress finish.`)
	set.Register(fs, true)
	if err := parse(fs, args); err != nil {
		return err
	}
	a, err := open(ctx, set)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.announceAdmin(ctx, out); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", set.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (is another server using the port? choose one with --listen)", set.Listen, err)
	}
	return a.serve(ctx, ln, a.sync)
}

// announceAdmin creates the first user when there is none and prints its
// password, the only time it is shown.
func (a *app) announceAdmin(ctx context.Context, out io.Writer) error {
	pw, err := a.crm.EnsureAdmin(ctx)
	if err != nil {
		return err
	}
	if pw != "" {
		fmt.Fprintf(out, "\nCreated the first user.\n  user name: admin\n  password:  %s\nThis password is shown only now. Sign in and change it under System → Users.\n\n", pw)
	}
	return nil
}

// serverLimits bound what clients may hold of the server.
type serverLimits struct {
	header, read, write, idle time.Duration
	// conns caps the connections served at once: each holds memory and a
	// goroutine. Beyond it, connections wait in the kernel's queue.
	conns int
}

// productionLimits give a client 10 seconds for its headers and 2 minutes
// for a whole request (a signed-in attachment upload gets 30); an answer
// may take 15 minutes to write (a CSV export of a million customers to a
// slow reader). Slow trickles cannot hold connections for longer.
var productionLimits = serverLimits{header: 10 * time.Second, read: 2 * time.Minute, write: 15 * time.Minute, idle: 2 * time.Minute, conns: 1024}

// httpServer serves h within l; requests' contexts end with ctx's values
// but not its cancellation (shutdown lets them finish).
func httpServer(ctx context.Context, h http.Handler, l serverLimits) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: l.header,
		ReadTimeout:       l.read,
		WriteTimeout:      l.write,
		IdleTimeout:       l.idle,
		MaxHeaderBytes:    64 << 10,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
}

// serve runs the web server on ln, the channels' sync schedule, the push
// of two-way channels, the email outbox and webhook deliveries until ctx
// ends, then shuts down gracefully: requests in progress finish, and sync
// runs, sends, emails and deliveries stop and are waited for before the
// database closes.
func (a *app) serve(ctx context.Context, ln net.Listener, engine *magentosync.Engine) error {
	folder, err := files.Open(a.settings.Attachments, int64(a.settings.AttachmentLimitMB)<<20)
	if err != nil {
		return err
	}
	a.crm.Files = folder
	if err := a.crm.SweepAttachments(ctx); err != nil {
		return err
	}
	w, err := web.New(a.crm, a.log)
	if err != nil {
		return err
	}
	w.Sync = engine
	w.Site = web.Site{BaseURL: a.settings.PublicBase, TrustedProxies: a.settings.Proxies}
	apiServer := api.New(a.crm, a.log, api.Options{})
	apiServer.Sync = engine
	root := http.NewServeMux()
	root.Handle(api.Prefix+"/", apiServer.Handler())
	root.Handle("/", w.Handler())
	syncCtx, stopSync := context.WithCancel(ctx)
	engine.Start(syncCtx)
	pushed := make(chan struct{})
	go func() { defer close(pushed); a.push.Run(syncCtx) }()
	defer func() { <-pushed }()
	defer engine.Wait()
	outboxDone := make(chan struct{})
	go func() {
		defer close(outboxDone)
		a.crm.RunEmailOutbox(syncCtx)
	}()
	defer func() { <-outboxDone }()
	hooksDone := make(chan struct{})
	go func() {
		defer close(hooksDone)
		a.crm.RunWebhooks(syncCtx)
	}()
	defer func() { <-hooksDone }()
	defer stopSync()
	srv := httpServer(ctx, root, productionLimits)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(netutil.LimitListener(ln, productionLimits.conns)) }()
	public := "http://" + ln.Addr().String() + "/"
	if a.settings.PublicBase != nil {
		public = a.settings.PublicBase.String()
	}
	a.log.Info("magecrm is serving", "url", public, "listen", ln.Addr().String(), "database", db.RedactURL(a.settings.DB))
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	a.log.Info("shutting down")
	shut, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func runMigrate(ctx context.Context, args []string, out io.Writer) error {
	var set config.Settings
	fs := newFlagSet("migrate", "migrate [flags]", "Applies the database migrations that have not run yet, then exits.")
	set.Register(fs, false)
	if err := parse(fs, args); err != nil {
		return err
	}
	a, err := open(ctx, set)
	if err != nil {
		return err
	}
	a.Close()
	fmt.Fprintln(out, "The database is up to date.")
	return nil
}
