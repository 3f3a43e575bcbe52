package connector

import (
	"testing"
	"time"
)

// round finishes one round of calls of the pace's current width, each
// taking took.
func round(p *addressPace, took time.Duration) {
	for range 4 * p.Width() {
		p.acquire()
		p.release(took)
	}
}

func TestAddressPaceGrowsToTheSettingAndBacksOffWhenAnswersSlow(t *testing.T) {
	p := newAddressPace(6)
	if w := p.Width(); w != 2 {
		t.Fatalf("starts at %d calls at once, want 2", w)
	}
	for range 10 {
		round(p, 50*time.Millisecond)
	}
	if w := p.Width(); w != 6 {
		t.Fatalf("steady answers: %d calls at once, want the setting, 6", w)
	}
	round(p, 150*time.Millisecond)
	if w := p.Width(); w != 3 {
		t.Fatalf("answers three times slower: %d calls at once, want 3", w)
	}
	round(p, 150*time.Millisecond)
	if w := p.Width(); w != 1 {
		t.Fatalf("still slow: %d calls at once, want 1", w)
	}
	for range 10 {
		round(p, 50*time.Millisecond)
	}
	if w := p.Width(); w != 6 {
		t.Fatalf("fast again: %d calls at once, want 6", w)
	}
	if one := newAddressPace(1); one.Width() != 1 {
		t.Fatalf("a setting of 1 allows %d", one.Width())
	}
}
