package magentosync

import (
	"context"
	"errors"
	"time"

	"magecrm/internal/store"
)

// request asks the scheduler for a run of a channel.
type request struct {
	channelID int64
	opts      RunOptions
}

// DefaultPollEvery is how often an idle channel's Magento is asked whether
// a customer changed: a change arrives within about that time, and an idle
// channel costs three requests a minute, plus the few of its scheduled run
// (under one request per 15 seconds in all with the default 15 minutes).
const DefaultPollEvery = 20 * time.Second

// NightlyReconcileHour is the hour of the night (UTC, as the pages show
// times) after which every channel's scheduled run also reconciles, once a day.
const NightlyReconcileHour = 3

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

// Start runs the scheduler until ctx ends. Every PollEvery it looks at each
// enabled channel: one whose interval has passed since its last run (by any
// process) runs — with a reconciliation pass when the channel has not read
// every customer since the last NightlyReconcileHour; any other is polled
// (one request: did a customer change after the import's mark?) unless some
// process polled it within PollEvery, and runs only when the poll finds a
// change. Requested runs start as they come. Runs another process holds are
// skipped (the lease). After ctx ends, Wait returns once the scheduler and
// its runs have stopped.
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
	done := make(chan int64)
	// launch starts a run of a channel, or with poll a poll that runs it
	// when it finds a change; a run asked for a channel that is busy here
	// waits for it, a poll is dropped.
	launch := func(id int64, opts RunOptions, poll bool) {
		if running[id] {
			if !poll {
				q := queued[id]
				q.Full, q.Reconcile = q.Full || opts.Full, q.Reconcile || opts.Reconcile
				queued[id] = q
			}
			return
		}
		running[id] = true
		e.running.Add(1)
		go func() {
			defer e.running.Done()
			e.logRun(ctx, id, e.runOrPoll(ctx, id, opts, poll))
			select {
			case done <- id:
			case <-ctx.Done():
			}
		}()
	}
	tick := time.NewTicker(e.PollEvery)
	defer tick.Stop()
	e.launchDue(ctx, running, launch)
	for {
		select {
		case <-ctx.Done():
			return
		case req := <-e.requests:
			launch(req.channelID, req.opts, false)
		case id := <-done:
			delete(running, id)
			if opts, ok := queued[id]; ok {
				delete(queued, id)
				launch(id, opts, false)
			}
		case <-tick.C:
			e.launchDue(ctx, running, launch)
		}
	}
}

func (e *Engine) runOrPoll(ctx context.Context, id int64, opts RunOptions, poll bool) error {
	if poll {
		changed, err := e.poll(ctx, id)
		if err != nil || !changed {
			return err
		}
	}
	_, err := e.Run(ctx, id, opts)
	return err
}

func (e *Engine) logRun(ctx context.Context, id int64, err error) {
	switch {
	case errors.Is(err, ErrBusy):
		e.log.Info("sync skipped: another process is running it", "channel", id)
	case err != nil && ctx.Err() == nil:
		e.log.Warn("sync failed", "channel", id, "err", err)
	}
}

// launchDue runs the channels whose interval has passed and polls the others.
func (e *Engine) launchDue(ctx context.Context, running map[int64]bool, launch func(int64, RunOptions, bool)) {
	channels, err := e.st.ChannelsToSchedule(ctx, importConnector)
	if err != nil {
		e.log.Warn("list channels to sync", "err", err)
		return
	}
	now := e.Now()
	for _, ch := range channels {
		if running[ch.ID] {
			continue
		}
		reconcile := reconcileDue(ch, now)
		// The night's reconciliation starts at its hour; one that failed is
		// tried again with the channel's next run, not at every tick.
		firstTonight := reconcile && ch.LastRunAt.Before(lastNight(now))
		switch {
		case ch.LastRunAt.IsZero() || now.Sub(ch.LastRunAt) >= ch.SyncInterval || firstTonight:
			launch(ch.ID, RunOptions{Reconcile: reconcile}, false)
		case now.Sub(ch.PolledAt) >= e.PollEvery*9/10: // a tick may come a little early
			launch(ch.ID, RunOptions{}, true)
		}
	}
}

// reconcileDue reports whether a channel that has run has not read every
// customer since the last NightlyReconcileHour.
func reconcileDue(ch store.ScheduledChannel, now time.Time) bool {
	return !ch.LastRunAt.IsZero() && ch.LastFullReadAt.Before(lastNight(now))
}

// lastNight is the latest NightlyReconcileHour, UTC, not after now.
func lastNight(now time.Time) time.Time {
	t := now.UTC()
	night := time.Date(t.Year(), t.Month(), t.Day(), NightlyReconcileHour, 0, 0, 0, t.Location())
	if night.After(t) {
		night = night.AddDate(0, 0, -1)
	}
	return night
}
