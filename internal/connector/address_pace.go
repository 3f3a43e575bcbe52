package connector

import (
	"sync"
	"time"
)

// addressPace decides how many customerAddressList calls run at once.
// Magento 1 needs one per customer, so their number sets the import's
// speed on a real store, and too many at once slow the shop itself. It
// never goes beyond the channel's setting; it starts at two, adds one
// each round (four calls per caller) in which the store answers about as
// fast as at its best, and halves when the mean answer time of a round
// has doubled.
type addressPace struct {
	mu      sync.Mutex
	free    *sync.Cond
	limit   int // the channel's setting
	width   int // calls allowed at once now
	running int
	calls   int // finished in this round
	sum     time.Duration
	best    time.Duration // the shortest mean answer time of a round
}

func newAddressPace(limit int) *addressPace {
	p := &addressPace{limit: max(limit, 1), width: min(max(limit, 1), 2)}
	p.free = sync.NewCond(&p.mu)
	return p
}

// acquire waits until one more call may run.
func (p *addressPace) acquire() {
	p.mu.Lock()
	for p.running >= p.width {
		p.free.Wait()
	}
	p.running++
	p.mu.Unlock()
}

// release ends a call that took took, and adapts the width after a round.
func (p *addressPace) release(took time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.running--
	p.calls++
	p.sum += took
	if p.calls >= 4*p.width {
		mean := p.sum / time.Duration(p.calls)
		p.calls, p.sum = 0, 0
		if p.best == 0 || mean < p.best {
			p.best = mean
		}
		switch {
		case mean > 2*p.best:
			p.width = max(1, p.width/2)
		case mean <= p.best*5/4 && p.width < p.limit:
			p.width++
		}
	}
	p.free.Broadcast()
}

// Width is how many calls may run at once now.
func (p *addressPace) Width() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.width
}
