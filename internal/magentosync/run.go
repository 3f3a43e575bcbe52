package magentosync

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"magecrm/internal/connector"
	"magecrm/internal/magento"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

// The steps of a run, as the channel page and the progress bar name them.
const (
	stepDictionaries = "websites, stores and groups"
	stepInitial      = "all customers"
	stepIndexes      = "building indexes"
	stepIncremental  = "changed customers"
	stepReconcile    = "reconciliation"
	stepOrders       = "orders"
)

// maxSummaryErrors is how many errors a Summary carries.
const maxSummaryErrors = 20

// run is one run in progress: its record in sync_runs, its counts and the
// errors waiting to be written.
type run struct {
	e    *Engine
	ch   *model.Channel
	opts RunOptions
	src  connector.Source
	rec  store.SyncRun
	ids  store.DictionaryIDs
	// matchEmail is set when the channel has customers not yet sent to Magento.
	matchEmail bool

	fetched int // customers read over all steps
	// timeline is how far through created_at the initial import is: when
	// the store cannot count its customers (Magento 1), the time left is
	// estimated from it.
	timeline   timeline
	orders     store.ImportCounts
	stepStart  time.Time
	lastSave   time.Time
	lastReport time.Time
	pending    []store.SyncError
	first      []store.SyncError
	seen       map[string]bool
}

func (e *Engine) startRun(ctx context.Context, ch *model.Channel, opts RunOptions) (*run, error) {
	kind := store.RunIncremental
	switch {
	case opts.Full:
		kind = store.RunFull
	case opts.Reconcile:
		kind = store.RunReconcile
	}
	now := e.Now()
	r := &run{e: e, ch: ch, opts: opts, seen: map[string]bool{}, stepStart: now, lastSave: now,
		rec: store.SyncRun{ChannelID: ch.ID, Connector: importConnector, Kind: kind, Step: stepDictionaries, StartedAt: now}}
	if err := e.st.StartSyncRun(ctx, &r.rec); err != nil {
		return nil, err
	}
	e.log.Info("sync started", "channel", ch.Name, "run", r.rec.ID)
	return r, nil
}

// steps runs the import's steps in order.
func (r *run) steps(ctx context.Context) error {
	src, err := r.e.NewSource(r.ch)
	if err != nil {
		return err
	}
	r.src = src
	if err := r.buildIndexes(ctx); err != nil { // left by an import that died
		return err
	}
	if err := r.dictionaries(ctx); err != nil {
		return err
	}
	if r.matchEmail, err = r.e.st.HasUnsentCustomers(ctx, r.ch.ID); err != nil {
		return err
	}
	cur, err := r.e.st.SyncCursor(ctx, r.ch.ID, customersCursor)
	if err != nil {
		return err
	}
	if r.opts.Full || cur.MarkTime.IsZero() {
		if !r.opts.Full {
			r.rec.Kind = store.RunInitial
		}
		deferred, err := r.e.st.DeferCustomerIndexes(ctx)
		if err != nil {
			return err
		}
		err = r.initial(ctx, cur)
		if deferred {
			// Also when the import stopped early: the pages need the
			// indexes, and a resumed import keeps them.
			if rerr := r.buildIndexes(context.WithoutCancel(ctx)); err == nil {
				err = rerr
			}
		}
		if err != nil {
			return err
		}
	}
	if err := r.incremental(ctx); err != nil {
		return err
	}
	if r.opts.Reconcile {
		if err := r.reconcile(ctx); err != nil {
			return err
		}
	}
	return r.importOrders(ctx)
}

// buildIndexes builds the customer indexes a first import deferred, as a
// step of its own that counts them, when any are left.
func (r *run) buildIndexes(ctx context.Context) error {
	return r.e.st.RestoreCustomerIndexes(ctx, func(b store.IndexBuilt) {
		if b.Done == 0 {
			r.step(stepIndexes, b.Total)
			return
		}
		r.rec.Fetched = b.Done
		r.report(ctx, true)
		r.e.log.Debug("customer index built", "channel", r.ch.Name, "index", b.Name, "took", b.Took)
		if b.Done == b.Total {
			r.e.log.Info("customer indexes built", "channel", r.ch.Name, "indexes", b.Total, "took", r.e.Now().Sub(r.stepStart))
		}
	})
}

func (r *run) dictionaries(ctx context.Context) error {
	r.step(stepDictionaries, 0)
	d, err := retry(ctx, r, func() (store.Dictionaries, error) { return r.src.Dictionaries(ctx) })
	if err != nil {
		return fmt.Errorf("read websites, stores and customer groups: %w", err)
	}
	r.rec.Fetched = len(d.Websites) + len(d.StoreGroups) + len(d.Stores) + len(d.CustomerGroups)
	if err := r.e.st.ImportDictionaries(ctx, r.ch.ID, d); err != nil {
		return err
	}
	if err := r.readDirectory(ctx); err != nil {
		return err
	}
	r.ids, err = r.e.st.DictionaryIDs(ctx, r.ch.ID)
	return err
}

// readDirectory keeps the countries and regions the store lists, for the
// customer forms; a store that cannot be asked keeps the last list read.
func (r *run) readDirectory(ctx context.Context) error {
	ds, ok := r.src.(connector.DirectorySource)
	if !ok {
		return nil
	}
	countries, err := ds.Countries(ctx)
	if err != nil {
		r.e.log.Warn("the store's countries could not be read; customer forms keep the last list", "channel", r.ch.Name, "err", err)
		return nil
	}
	return r.e.st.SaveChannelDirectory(ctx, r.ch.ID, countries, r.e.Now())
}

// step starts a new step of the run.
func (r *run) step(name string, total int) {
	if len(r.rec.Steps) > 0 {
		r.current().Read = r.rec.Fetched
	}
	r.rec.Steps = append(r.rec.Steps, store.RunStep{Name: name})
	r.rec.Step, r.rec.Total, r.rec.Fetched, r.rec.Rate, r.rec.ETA = name, total, 0, 0, 0
	r.timeline = timeline{}
	r.stepStart = r.e.Now()
	r.report(context.Background(), true)
}

// fail records a record the run could not take.
func (r *run) fail(entity string, id int, reason string) { r.note(entity, id, reason, true) }

// warn records a record the run took with changes (see cleanCustomer): it
// is listed with the sync errors but not counted as failed.
func (r *run) warn(entity string, id int, changes []string) {
	r.note(entity, id, store.ImportWarning+strings.Join(changes, "; ")+".", false)
}

func (r *run) note(entity string, id int, reason string, failed bool) {
	remote := ""
	if id > 0 {
		remote = strconv.Itoa(id)
	}
	key := entity + "\x00" + remote + "\x00" + reason
	if r.seen[key] {
		return // a keyset pager may show a bad record twice
	}
	r.seen[key] = true
	if failed {
		r.rec.Failed++
		r.current().Failed++
	}
	e := store.SyncError{RunID: r.rec.ID, ChannelID: r.ch.ID, Entity: entity, RemoteID: remote, Message: reason, CreatedAt: r.e.Now()}
	r.pending = append(r.pending, e)
	if len(r.first) < maxSummaryErrors {
		r.first = append(r.first, e)
	}
}

// problems records the records of a page that could not be read.
func (r *run) problems(entity string, ps []magento.RecordProblem) {
	for _, p := range ps {
		r.fail(entity, p.ID, p.Reason)
	}
}

// report updates the progress: to the caller at most ten times a second,
// to sync_runs (with the errors found meanwhile) about once a second.
func (r *run) report(ctx context.Context, force bool) {
	now := r.e.Now()
	r.current().Read = r.rec.Fetched
	if el := now.Sub(r.stepStart).Seconds(); el > 0 && r.rec.Fetched > 0 {
		r.rec.Rate = float64(r.rec.Fetched) / el
		switch {
		case r.rec.Total > r.rec.Fetched:
			r.rec.ETA = time.Duration(float64(r.rec.Total-r.rec.Fetched) / r.rec.Rate * float64(time.Second))
		case r.rec.Total == 0:
			r.rec.ETA = r.timeline.left(now.Sub(r.stepStart))
		default:
			r.rec.ETA = 0
		}
	}
	if r.opts.Progress != nil && (force || now.Sub(r.lastReport) >= 100*time.Millisecond) {
		r.lastReport = now
		r.opts.Progress(Progress{RunID: r.rec.ID, Step: r.rec.Step, Fetched: r.rec.Fetched, Total: r.rec.Total,
			Rate: r.rec.Rate, ETA: r.rec.ETA, Created: r.rec.Created, Updated: r.rec.Updated, Unchanged: r.rec.Unchanged,
			Removed: r.rec.Removed, Failed: r.rec.Failed, Steps: slices.Clone(r.rec.Steps)})
	}
	if force || now.Sub(r.lastSave) >= time.Second {
		r.lastSave = now
		r.save(context.WithoutCancel(ctx))
	}
}

// timeline is the span of creation times a step reads, from where it
// started to where it ends, and where it is.
type timeline struct{ from, at, until time.Time }

// left estimates the time left from the share of the span read in
// elapsed, as if customers were created evenly over it; 0 while unknown.
func (t timeline) left(elapsed time.Duration) time.Duration {
	whole := t.until.Sub(t.from)
	done := t.at.Sub(t.from)
	if whole <= 0 || done <= whole/100 || done >= whole {
		return 0
	}
	return time.Duration(float64(elapsed) * float64(whole-done) / float64(done))
}

func (r *run) save(ctx context.Context) {
	r.rec.HeartbeatAt = r.e.Now()
	if len(r.pending) > 0 {
		if err := r.e.st.AddSyncErrors(ctx, r.pending); err != nil {
			r.e.log.Warn("record sync errors", "channel", r.ch.Name, "err", err)
		} else {
			r.pending = r.pending[:0]
		}
	}
	if err := r.e.st.UpdateSyncRun(ctx, &r.rec); err != nil {
		r.e.log.Warn("save sync progress", "channel", r.ch.Name, "err", err)
	}
}

// count adds what a batch of customers did to the run and its step.
func (r *run) count(c store.ImportCounts) {
	r.rec.Created += c.Created
	r.rec.Updated += c.Updated
	r.rec.Unchanged += c.Unchanged
	r.countStep(c)
}

// countStep adds what a batch did to the current step alone.
func (r *run) countStep(c store.ImportCounts) {
	s := r.current()
	s.Created += c.Created
	s.Updated += c.Updated
	s.Unchanged += c.Unchanged
}

// current is the step the run is in.
func (r *run) current() *store.RunStep {
	if len(r.rec.Steps) == 0 {
		r.rec.Steps = append(r.rec.Steps, store.RunStep{Name: r.rec.Step})
	}
	return &r.rec.Steps[len(r.rec.Steps)-1]
}

// finish records how the run ended and returns its summary.
func (r *run) finish(runErr error) (*Summary, error) {
	now := r.e.Now()
	r.rec.FinishedAt = now
	switch {
	case runErr == nil:
		r.rec.Status = store.RunFinished
	case errors.Is(runErr, context.Canceled) || errors.Is(runErr, context.DeadlineExceeded):
		r.rec.Status, r.rec.Error = store.RunInterrupted, "stopped before it finished; the next run resumes where it was"
	default:
		r.rec.Status, r.rec.Error = store.RunFailed, runErr.Error()
	}
	r.rec.Quiet = r.foundNothing()
	r.report(context.Background(), true)
	if r.rec.Quiet {
		if err := r.e.st.DropOlderQuietRuns(context.Background(), r.ch.ID, importConnector, r.rec.ID); err != nil {
			r.e.log.Warn("drop older quiet sync runs", "channel", r.ch.Name, "err", err)
		}
	}
	s := &Summary{RunID: r.rec.ID, Channel: r.ch.Name, Kind: r.rec.Kind, Fetched: r.fetched, Created: r.rec.Created,
		Updated: r.rec.Updated, Unchanged: r.rec.Unchanged, Removed: r.rec.Removed, Failed: r.rec.Failed,
		Orders: r.orders, Duration: now.Sub(r.rec.StartedAt), Errors: r.first}
	r.e.log.Info("sync ended", "channel", r.ch.Name, "run", r.rec.ID, "status", r.rec.Status, "fetched", s.Fetched,
		"created", s.Created, "updated", s.Updated, "unchanged", s.Unchanged, "removed", s.Removed, "failed", s.Failed,
		"took", s.Duration.Round(time.Millisecond))
	if runErr != nil {
		return s, fmt.Errorf("sync channel %q: %w", r.ch.Name, runErr)
	}
	return s, nil
}

// foundNothing reports whether the run is an incremental one that
// finished having created, changed, removed and refused nothing, with no
// warning either: the channel keeps only the newest such run, so frequent
// runs of an idle store leave no trail.
func (r *run) foundNothing() bool {
	c := r.rec
	return c.Status == store.RunFinished && c.Kind == store.RunIncremental && c.Created+c.Updated+c.Removed+c.Failed == 0 &&
		len(r.first) == 0 && r.orders.Created+r.orders.Updated == 0
}

// fetchAttempts is how many times the engine asks for a page before the
// run fails; the client already retried each attempt.
const fetchAttempts = 4

// retry calls f until it succeeds, fails for good, or has failed
// fetchAttempts times, waiting longer after each failure.
func retry[T any](ctx context.Context, r *run, f func() (T, error)) (T, error) {
	delay := time.Second
	for attempt := 1; ; attempt++ {
		v, err := f()
		if err == nil || attempt == fetchAttempts || !transient(err) || ctx.Err() != nil {
			return v, err
		}
		r.e.log.Warn("reading Magento failed; trying again", "channel", r.ch.Name, "attempt", attempt, "err", err)
		select {
		case <-ctx.Done():
			return v, ctx.Err()
		case <-time.After(delay):
		}
		delay *= 2
	}
}

// transient reports whether asking again may help: server errors, rate
// limits, unreadable answers and broken connections.
func transient(err error) bool {
	var me *magento.Error
	if errors.As(err, &me) {
		return me.Status >= 500 || me.Status == 429
	}
	var bad *magento.BadBodyError
	var ue *url.Error
	return errors.As(err, &bad) || errors.As(err, &ue)
}
