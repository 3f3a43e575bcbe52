package magentosync

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"magecrm/internal/connector"
	"magecrm/internal/jobs"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

// ErrBusy means another run of the channel's import holds the lease, in
// this process or another one sharing the database.
var ErrBusy = errors.New("a sync of this channel is already running")

// importConnector names the import's lease, runs and position; the push
// will take its own.
const importConnector = "import"

// Cursor connectors: where each importer stands.
const (
	customersCursor = "customers"
	ordersCursor    = "orders"
)

// Engine runs the imports of every channel. Its settings may be changed
// before the first Run or Start; the zero values mean the defaults.
type Engine struct {
	st  *store.Store
	log *slog.Logger

	// PageSize is the records asked per request (default 300: Magento 2.4.7
	// with input limits on refuses larger pages unless configured).
	PageSize int
	// BatchSize is the customers written per transaction (default 5000);
	// a batch is also written when FlushEvery has passed since the last
	// one, so a slow Magento still sees its position saved often.
	BatchSize  int
	FlushEvery time.Duration
	// Overlap is how far before the saved mark an incremental run starts,
	// to catch records saved in the same second as the mark (default 5m).
	Overlap time.Duration
	// LeaseTTL is how long a lease lasts unless renewed; a run renews it
	// every third of that (default 1m).
	LeaseTTL time.Duration
	// PollEvery is how often the scheduler asks each idle channel's
	// Magento whether a customer changed (default DefaultPollEvery).
	PollEvery time.Duration
	// NewSource opens a channel's store; by default its type's connector does.
	NewSource func(ch *model.Channel) (connector.Source, error)
	// Now is the clock (default time.Now).
	Now func() time.Time

	holder   string
	once     sync.Once
	requests chan request
	running  sync.WaitGroup // the scheduler and the runs it started
	polls    pollSources
}

// NewEngine returns an engine that writes through st and logs to log.
func NewEngine(st *store.Store, log *slog.Logger) *Engine {
	e := &Engine{st: st, log: log, holder: jobs.NewHolder(), requests: make(chan request, 64)}
	e.NewSource = func(ch *model.Channel) (connector.Source, error) { return connector.OpenSource(ch, log) }
	return e
}

// PollInterval is how often the scheduler polls each idle channel.
func (e *Engine) PollInterval() time.Duration {
	e.defaults()
	return e.PollEvery
}

func (e *Engine) defaults() {
	e.once.Do(func() {
		if e.PageSize <= 0 {
			e.PageSize = 300
		}
		if e.BatchSize <= 0 {
			e.BatchSize = 5000
		}
		if e.FlushEvery <= 0 {
			e.FlushEvery = 2 * time.Second
		}
		if e.Overlap <= 0 {
			e.Overlap = 5 * time.Minute
		}
		if e.LeaseTTL <= 0 {
			e.LeaseTTL = time.Minute
		}
		if e.PollEvery <= 0 {
			e.PollEvery = DefaultPollEvery
		}
		if e.Now == nil {
			e.Now = time.Now
		}
	})
}

// RunOptions choose what a run does beyond the incremental import.
type RunOptions struct {
	// Full runs the initial import from the channel's sync start date (or
	// resumes one that was stopped). A channel's first run always does.
	Full bool
	// Reconcile adds a reconciliation pass over every customer.
	Reconcile bool
	// Progress, when set, is called as the run goes (from the run's
	// goroutine; it must return quickly).
	Progress func(Progress)
}

// Progress is where a run stands.
type Progress struct {
	RunID                                        int64
	Step                                         string // the current step's name, e.g. "all customers" or "orders"
	Fetched                                      int    // records of this step read so far
	Total                                        int    // records this step expects; 0 when unknown
	Rate                                         float64
	ETA                                          time.Duration
	Created, Updated, Unchanged, Removed, Failed int
	// Steps are the run's steps so far with their own counts; the last is
	// the current one.
	Steps []RunStep
}

// RunStep is what one step of a run read and did.
type RunStep = store.RunStep

// Summary is what a run did.
type Summary struct {
	RunID                                        int64
	Channel                                      string
	Kind                                         string
	Fetched                                      int // customers read, over all steps
	Created, Updated, Unchanged, Removed, Failed int
	Orders                                       store.ImportCounts
	Duration                                     time.Duration
	// Errors are the first records the run could not take.
	Errors []store.SyncError
}

// Rate is customers read per second.
func (s *Summary) Rate() float64 {
	if s.Duration <= 0 {
		return 0
	}
	return float64(s.Fetched) / s.Duration.Seconds()
}

// Run imports one channel now: dictionaries, customers (initial import when
// asked or never done, then incremental), reconciliation when asked, orders.
// It holds the channel's lease for the whole run and returns ErrBusy when
// another run has it. A failed run keeps everything written up to its last
// batch, and the next run resumes from there.
func (e *Engine) Run(ctx context.Context, channelID int64, opts RunOptions) (*Summary, error) {
	e.defaults()
	ch, err := e.st.Channel(ctx, channelID)
	if err != nil {
		return nil, fmt.Errorf("sync channel %d: %w", channelID, err)
	}
	holder := e.holder + ":" + rand.Text()[:8]
	ok, err := e.takeLease(ctx, ch, holder)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrBusy
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	renewed := make(chan struct{})
	go e.keepLease(ctx, cancel, ch.ID, holder, renewed)
	defer func() {
		cancel(nil)
		<-renewed
		if err := e.st.ReleaseLease(context.WithoutCancel(ctx), ch.ID, importConnector, holder); err != nil {
			e.log.Warn("release sync lease", "channel", ch.Name, "err", err)
		}
	}()
	if err := e.st.InterruptStaleRuns(ctx, ch.ID, importConnector, e.Now()); err != nil {
		return nil, err
	}
	r, err := e.startRun(ctx, ch, opts)
	if err != nil {
		return nil, err
	}
	runErr := r.steps(ctx)
	if cause := context.Cause(ctx); runErr != nil && cause != nil && !errors.Is(cause, context.Canceled) {
		runErr = cause
	}
	return r.finish(runErr)
}

// errLeaseLost stops a run whose lease ran out and was taken by another.
var errLeaseLost = errors.New("the sync lease was lost (the database was unreachable for too long); another process may be running this channel's sync")

// keepLease renews the lease every third of its lifetime until ctx ends,
// and stops the run if it is lost.
func (e *Engine) keepLease(ctx context.Context, cancel context.CancelCauseFunc, channelID int64, holder string, done chan<- struct{}) {
	defer close(done)
	t := time.NewTicker(e.LeaseTTL / 3)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			ok, err := e.st.RenewLease(ctx, channelID, importConnector, holder, e.Now(), e.LeaseTTL)
			if err != nil {
				e.log.Warn("renew sync lease", "channel", channelID, "err", err)
				continue
			}
			if !ok {
				cancel(errLeaseLost)
				return
			}
		}
	}
}
