package magentosync

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"magecrm/internal/connector"
	"magecrm/internal/magento"
	"magecrm/internal/model"
)

// pollSources keeps each channel's opened store between polls, so that a
// client signing in with an admin token asks for it once, not every poll.
type pollSources struct {
	mu sync.Mutex
	m  map[int64]pollSource
}

// pollSource is a channel's store opened with the channel's settings as
// they were saved at version.
type pollSource struct {
	src     connector.Source
	version time.Time
}

// source returns ch's store, opened again when its settings changed.
func (p *pollSources) source(ch *model.Channel, open func(*model.Channel) (connector.Source, error)) (connector.Source, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if s, ok := p.m[ch.ID]; ok && s.version.Equal(ch.UpdatedAt) {
		return s.src, nil
	}
	src, err := open(ch)
	if err != nil {
		return nil, err
	}
	if p.m == nil {
		p.m = map[int64]pollSource{}
	}
	p.m[ch.ID] = pollSource{src: src, version: ch.UpdatedAt}
	return src, nil
}

// poll asks the channel's Magento, in one request for a page of one,
// whether a customer changed after the incremental import's mark, and
// records when it asked. It writes no run: a poll that finds nothing
// leaves only the channel's polled time. A channel never imported is
// not polled (its scheduled run imports it). A record Magento cannot
// answer readably is left to the scheduled run, which records it.
func (e *Engine) poll(ctx context.Context, channelID int64) (bool, error) {
	cur, err := e.st.SyncCursor(ctx, channelID, customersCursor)
	if err != nil || cur.MarkTime.IsZero() {
		return false, err
	}
	ch, err := e.st.Channel(ctx, channelID)
	if err != nil {
		return false, err
	}
	src, err := e.polls.source(ch, e.NewSource)
	if err != nil {
		return false, err
	}
	asked := e.Now()
	if cur.MarkTime.After(markLimit(asked)) {
		return true, nil // a mark ahead of the clock: the run repairs it
	}
	page, err := src.ChangedCustomers(magento.Mark{UpdatedAt: cur.MarkTime, ID: cur.MarkID}, 1).Next(ctx)
	if errors.Is(err, io.EOF) {
		page, err = &connector.CustomerPage{}, nil
	}
	if err != nil {
		return false, fmt.Errorf("ask Magento for changed customers: %w", err)
	}
	if err := e.st.MarkChannelPolled(ctx, channelID, asked); err != nil {
		return false, err
	}
	// Customers come in updated_at order, so a first one dated ahead of the
	// clock (see aheadAllowance) means no real change: the last run has
	// imported it and left the mark before it.
	return len(page.Customers) > 0 && !page.Customers[0].UpdatedAt.After(markLimit(asked)), nil
}
