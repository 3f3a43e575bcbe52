package magentosync

import (
	"context"
	"errors"
	"time"
)

// request asks the scheduler for a run of a channel.
type request struct {
	channelID int64
	opts      RunOptions
}

// schedulerTick is how often the scheduler looks for channels that are due.
const schedulerTick = 30 * time.Second

// RequestRun queues a run of a channel in this process's scheduler ("Sync
// now"); it does not wait. A request for a channel whose run is going on in
// this process runs after it. Start must have been called.
func (e *Engine) RequestRun(channelID int64, opts RunOptions) {
	select {
	case e.requests <- request{channelID, opts}:
	default:
		e.log.Warn("sync request dropped: too many waiting", "channel", channelID)
	}
}

// Start runs the scheduler until ctx ends: every enabled channel syncs when
// its interval has passed since its last run (by any process), every
// ReconcileEvery-th scheduled run with a reconciliation pass, and requested
// runs as they come. Runs another process holds are skipped (the lease).
// After ctx ends, Wait returns once the scheduler and its runs have stopped.
func (e *Engine) Start(ctx context.Context) {
	e.defaults()
	e.running.Add(1)
	go func() {
		defer e.running.Done()
		e.schedule(ctx)
	}()
}

// Wait blocks until the scheduler started by Start and every run it began
// have returned; call it after ending Start's context and before closing
// the database.
func (e *Engine) Wait() { e.running.Wait() }

func (e *Engine) schedule(ctx context.Context) {
	running := map[int64]bool{}
	queued := map[int64]RunOptions{}
	scheduled := map[int64]int{}
	done := make(chan int64)
	launch := func(id int64, opts RunOptions) {
		if running[id] {
			q := queued[id]
			q.Full, q.Reconcile = q.Full || opts.Full, q.Reconcile || opts.Reconcile
			queued[id] = q
			return
		}
		running[id] = true
		e.running.Add(1)
		go func() {
			defer e.running.Done()
			_, err := e.Run(ctx, id, opts)
			switch {
			case errors.Is(err, ErrBusy):
				e.log.Info("sync skipped: another process is running it", "channel", id)
			case err != nil && ctx.Err() == nil:
				e.log.Warn("sync failed", "channel", id, "err", err)
			}
			select {
			case done <- id:
			case <-ctx.Done():
			}
		}()
	}
	tick := time.NewTicker(schedulerTick)
	defer tick.Stop()
	e.launchDue(ctx, scheduled, launch)
	for {
		select {
		case <-ctx.Done():
			return
		case req := <-e.requests:
			launch(req.channelID, req.opts)
		case id := <-done:
			delete(running, id)
			if opts, ok := queued[id]; ok {
				delete(queued, id)
				launch(id, opts)
			}
		case <-tick.C:
			e.launchDue(ctx, scheduled, launch)
		}
	}
}

// launchDue starts the channels whose interval has passed since their last run.
func (e *Engine) launchDue(ctx context.Context, scheduled map[int64]int, launch func(int64, RunOptions)) {
	channels, err := e.st.EnabledChannels(ctx)
	if err != nil {
		e.log.Warn("list channels to sync", "err", err)
		return
	}
	now := e.Now()
	for _, ch := range channels {
		runs, err := e.st.SyncRuns(ctx, ch.ID, 1)
		if err != nil {
			e.log.Warn("read last sync run", "channel", ch.Name, "err", err)
			continue
		}
		if len(runs) > 0 && now.Sub(runs[0].StartedAt) < ch.SyncInterval {
			continue
		}
		scheduled[ch.ID]++
		launch(ch.ID, RunOptions{Reconcile: scheduled[ch.ID]%e.ReconcileEvery == 0})
	}
}
