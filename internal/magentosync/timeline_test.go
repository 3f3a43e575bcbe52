package magentosync

import (
	"testing"
	"time"
)

// TestTimelineEstimatesTheTimeLeft: a store that cannot count its customers
// (Magento 1) gets an estimate from the share of creation times read.
func TestTimelineEstimatesTheTimeLeft(t *testing.T) {
	from := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	until := from.Add(100 * 24 * time.Hour)
	for _, c := range []struct {
		name    string
		at      time.Time
		elapsed time.Duration
		want    time.Duration
	}{
		{"a quarter read in a minute", from.Add(25 * 24 * time.Hour), time.Minute, 3 * time.Minute},
		{"half read in ten minutes", from.Add(50 * 24 * time.Hour), 10 * time.Minute, 10 * time.Minute},
		{"too little read to say", from.Add(time.Hour), time.Minute, 0},
		{"all read", until, time.Minute, 0},
	} {
		if got := (timeline{from: from, at: c.at, until: until}).left(c.elapsed); got != c.want {
			t.Errorf("%s: %v left, want %v", c.name, got, c.want)
		}
	}
	if got := (timeline{}).left(time.Minute); got != 0 {
		t.Errorf("no timeline: %v left, want 0", got)
	}
}
