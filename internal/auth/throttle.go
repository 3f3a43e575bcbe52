package auth

import (
	"strings"
	"time"
)

// Sign-in throttling. Every attempt is written down before its password is
// checked, so attempts racing each other count each other; a good sign-in
// forgets the failures of its user name from its address. The rules:
//
//   - One address: after ClientLimit failures within FailureWindow (any user
//     names) it is refused until the oldest of them leaves the window.
//   - One user name from one address: after PairLimit failures it slows
//     down: each further attempt waits FirstDelay, doubling up to
//     FailureWindow after each failure. Other addresses are not slowed, so
//     guessing at someone's user name cannot lock them out.
//   - A user name under attack (AttackLimit failures from all addresses)
//     slows down every address after its first failure.
const (
	FailureWindow = 15 * time.Minute
	PairLimit     = 5
	AttackLimit   = 20
	ClientLimit   = 50
	FirstDelay    = time.Minute
)

// MaxUsernameLength is the longest user name there can be; a longer one
// is refused before anything is looked up or written down.
const MaxUsernameLength = 64

// NormalizeUsername is the form user names are compared and throttled in.
func NormalizeUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Attempts is what was counted of the other sign-in attempts within
// FailureWindow when an attempt was written down. An attempt counts as a
// failure until it succeeds.
type Attempts struct {
	Pair         int       // the same user name from the same address
	PairLatest   time.Time // the latest of those
	User         int       // the same user name from every address
	Client       int       // the same address, any user name
	ClientOldest time.Time // the oldest of those
}

// Throttle says how long an attempt must wait before its password may be
// checked; zero means now.
type Throttle struct {
	Wait time.Duration
	// ByClient is set when the address itself is refused, whatever the
	// user name.
	ByClient bool
}

// Decide applies the rules to the attempts counted at now.
func (a Attempts) Decide(now time.Time) Throttle {
	if a.Client >= ClientLimit {
		if wait := a.ClientOldest.Add(FailureWindow).Sub(now); wait > 0 {
			return Throttle{Wait: wait, ByClient: true}
		}
	}
	limit := PairLimit
	if a.User >= AttackLimit {
		limit = 1
	}
	if a.Pair < limit {
		return Throttle{}
	}
	delay := FirstDelay
	for i := limit; i < a.Pair && delay < FailureWindow; i++ {
		delay *= 2
	}
	delay = min(delay, FailureWindow)
	if wait := a.PairLatest.Add(delay).Sub(now); wait > 0 {
		return Throttle{Wait: wait}
	}
	return Throttle{}
}
