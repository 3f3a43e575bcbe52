package auth

import (
	"strings"
	"time"
)

// Sign-in throttling: after MaxFailures failed sign-ins for one user name
// within FailureWindow, further attempts are refused until the oldest of
// those failures is FailureWindow old.
const (
	MaxFailures   = 5
	FailureWindow = 15 * time.Minute
)

// NormalizeUsername is the form user names are compared and throttled in.
func NormalizeUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// LockedUntil returns when a user name with these recent failures (oldest
// first, all within the window) may try again, or the zero time if it may
// try now.
func LockedUntil(failures []time.Time) time.Time {
	if len(failures) < MaxFailures {
		return time.Time{}
	}
	return failures[len(failures)-MaxFailures].Add(FailureWindow)
}
