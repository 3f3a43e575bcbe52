package push

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"magecrm/internal/connector"
	"magecrm/internal/jobs"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

// Pusher runs the push of every enabled two-way channel. Its settings may
// be changed before Run; the zero values mean the defaults.
type Pusher struct {
	st  *store.Store
	log *slog.Logger

	// OpenSink opens a channel's store; by default its type's connector does.
	OpenSink func(ch *model.Channel) (connector.Sink, error)
	// Concurrency is how many customers of one channel are sent at once
	// (default 4).
	Concurrency int
	// Poll is the longest a waiting send goes unnoticed when nothing woke
	// the sender, e.g. one saved by another process (default 2s).
	Poll time.Duration
	// Rescan is how often the list of two-way channels is read again
	// (default 10s).
	Rescan time.Duration
	Now    func() time.Time

	mu      sync.Mutex
	senders map[int64]*sender
}

// sender is one channel's running worker.
type sender struct {
	w       *jobs.Worker
	updated time.Time // the channel's settings it was started with
	stop    context.CancelFunc
	done    chan struct{}
}

// New returns a Pusher writing through st.
func New(st *store.Store, log *slog.Logger) *Pusher {
	p := &Pusher{st: st, log: log, senders: map[int64]*sender{}}
	p.OpenSink = func(ch *model.Channel) (connector.Sink, error) { return connector.OpenSink(ch, log) }
	return p
}

func (p *Pusher) defaults() {
	if p.Concurrency <= 0 {
		p.Concurrency = 4
	}
	if p.Poll <= 0 {
		p.Poll = 2 * time.Second
	}
	if p.Rescan <= 0 {
		p.Rescan = 10 * time.Second
	}
	if p.Now == nil {
		p.Now = time.Now
	}
}

// Wake makes the channel's sender look at its queue now.
func (p *Pusher) Wake(channelID int64) {
	p.mu.Lock()
	s := p.senders[channelID]
	p.mu.Unlock()
	if s != nil {
		s.w.Wake()
	}
}

// Run keeps one sender running per enabled two-way channel until ctx ends,
// then waits for them to stop.
func (p *Pusher) Run(ctx context.Context) {
	p.defaults()
	t := time.NewTicker(p.Rescan)
	defer t.Stop()
	for {
		p.rescan(ctx)
		select {
		case <-ctx.Done():
			p.stopAll(nil)
			return
		case <-t.C:
		}
	}
}

// rescan starts senders for new two-way channels, restarts those whose
// settings changed and stops those no longer sending.
func (p *Pusher) rescan(ctx context.Context) {
	channels, err := p.st.PushChannels(ctx)
	if err != nil {
		if ctx.Err() == nil {
			p.log.Warn("list channels to send to", "err", err)
		}
		return
	}
	keep := map[int64]bool{}
	for _, ch := range channels {
		p.mu.Lock()
		s := p.senders[ch.ID]
		p.mu.Unlock()
		if s != nil && s.updated.Equal(ch.UpdatedAt) {
			keep[ch.ID] = true
			continue
		}
		if s != nil {
			p.stop(ch.ID)
		}
		if p.start(ctx, ch) {
			keep[ch.ID] = true
		}
	}
	p.stopAll(keep)
}

// start runs a sender for ch; false when its store cannot be sent to.
func (p *Pusher) start(ctx context.Context, ch *model.Channel) bool {
	w, err := p.Worker(ch)
	if err != nil {
		p.log.Info("channel not sent to", "channel", ch.Name, "reason", err)
		return false
	}
	ctx, cancel := context.WithCancel(ctx)
	s := &sender{w: w, updated: ch.UpdatedAt, stop: cancel, done: make(chan struct{})}
	p.mu.Lock()
	p.senders[ch.ID] = s
	p.mu.Unlock()
	go func() {
		defer close(s.done)
		w.Run(ctx)
	}()
	return true
}

func (p *Pusher) stop(id int64) {
	p.mu.Lock()
	s := p.senders[id]
	delete(p.senders, id)
	p.mu.Unlock()
	if s != nil {
		s.stop()
		<-s.done
	}
}

// stopAll stops every sender not in keep (nil: every sender).
func (p *Pusher) stopAll(keep map[int64]bool) {
	p.mu.Lock()
	var ids []int64
	for id := range p.senders {
		if !keep[id] {
			ids = append(ids, id)
		}
	}
	p.mu.Unlock()
	for _, id := range ids {
		p.stop(id)
	}
}

// Worker returns the jobs worker that sends ch's customers; tests and the
// command line run it once with RunOnce.
func (p *Pusher) Worker(ch *model.Channel) (*jobs.Worker, error) {
	p.defaults()
	sink, err := p.OpenSink(ch)
	if err != nil {
		return nil, err
	}
	snd := &send{st: p.st, ch: ch, sink: sink, now: p.Now}
	return &jobs.Worker{DB: p.st.DB.DB, Queue: store.PushQueue(ch.ID), PrepareBatch: snd.prepareBatch, Prepare: snd.prepare, Handle: snd.handle,
		RecordGroup: snd.record, Concurrency: p.Concurrency, Poll: p.Poll, Now: p.Now, Log: p.log}, nil
}
