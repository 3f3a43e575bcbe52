package auth

import (
	"context"
	"errors"
	"runtime/debug"
	"time"
)

// ErrBusy means every password check slot stayed taken for the whole wait.
var ErrBusy = errors.New("too many password checks at once")

// PasswordGate bounds how many password checks run at once: each argon2id
// check holds argonMemoryKiB of memory, so unbounded sign-ins could
// exhaust it. Beyond the bound, a check queues for at most the gate's wait
// and is then refused with ErrBusy.
type PasswordGate struct {
	slots chan struct{}
	wait  time.Duration
}

// NewPasswordGate returns a gate of n concurrent checks that queues a check
// for at most wait.
func NewPasswordGate(n int, wait time.Duration) *PasswordGate {
	return &PasswordGate{slots: make(chan struct{}, max(n, 1)), wait: wait}
}

// passwordCheckBudget is the memory all concurrent password checks may
// hold together when no GOMEMLIMIT says otherwise.
const passwordCheckBudget = 256 << 20

// GateSlots is how many checks fit in the memory for password checks: a
// quarter of GOMEMLIMIT when it is set, else passwordCheckBudget.
func GateSlots() int {
	budget := int64(passwordCheckBudget)
	if limit := debug.SetMemoryLimit(-1); limit < 1<<62 {
		budget = limit / 4
	}
	return max(int(budget/(argonMemoryKiB*1024)), 2)
}

// Do runs check when a slot is free, waiting at most the gate's wait.
func (g *PasswordGate) Do(ctx context.Context, check func()) error {
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
	case <-t.C:
		return ErrBusy
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-g.slots }()
	check()
	return nil
}
