package auth

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestThrottleSlowsTheUserAndAddressPairAndRefusesASprayingAddress(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		a    Attempts
		want Throttle
	}{
		{"nothing before", Attempts{}, Throttle{}},
		{"four failures from here", Attempts{Pair: 4, PairLatest: now, User: 4, Client: 4}, Throttle{}},
		{"fifth failure just now", Attempts{Pair: 5, PairLatest: now, User: 5, Client: 5}, Throttle{Wait: FirstDelay}},
		{"fifth failure a minute ago", Attempts{Pair: 5, PairLatest: now.Add(-FirstDelay), User: 5, Client: 5}, Throttle{}},
		{"seventh failure: the delay doubles twice", Attempts{Pair: 7, PairLatest: now.Add(-time.Minute), User: 7, Client: 7}, Throttle{Wait: 3 * time.Minute}},
		{"many failures: at most the window", Attempts{Pair: 30, PairLatest: now, User: 30, Client: 30}, Throttle{Wait: FailureWindow}},
		{"many failures for the user from elsewhere, none from here", Attempts{User: 100}, Throttle{}},
		{"user under attack: one failure from here slows down", Attempts{Pair: 1, PairLatest: now, User: AttackLimit}, Throttle{Wait: FirstDelay}},
		{"spraying address", Attempts{Client: ClientLimit, ClientOldest: now.Add(-5 * time.Minute)}, Throttle{Wait: 10 * time.Minute, ByClient: true}},
		{"spraying address whose oldest failure left the window", Attempts{Client: ClientLimit, ClientOldest: now.Add(-FailureWindow)}, Throttle{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.a.Decide(now); got != tc.want {
				t.Fatalf("Decide = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestPasswordGateBoundsConcurrentChecks(t *testing.T) {
	g := NewPasswordGate(3, time.Minute)
	var running, most atomic.Int32
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := g.Do(context.Background(), func() {
				n := running.Add(1)
				for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
				}
				BurnTime("some password")
				running.Add(-1)
			})
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if m := most.Load(); m > 3 || m == 0 {
		t.Fatalf("%d checks ran at once through a gate of 3", m)
	}
}

func TestPasswordGateRefusesAfterItsWait(t *testing.T) {
	g := NewPasswordGate(1, 50*time.Millisecond)
	held, release := make(chan struct{}), make(chan struct{})
	go g.Do(context.Background(), func() { close(held); <-release })
	<-held
	ran := false
	if err := g.Do(context.Background(), func() { ran = true }); !errors.Is(err, ErrBusy) || ran {
		t.Fatalf("a check with every slot taken: %v, ran %v; want ErrBusy without running", err, ran)
	}
	close(release)
	if err := g.Do(context.Background(), func() { ran = true }); err != nil || !ran {
		t.Fatalf("after the slot came free: %v, ran %v", err, ran)
	}
}

func TestGateSlotsFitTheMemoryBudget(t *testing.T) {
	if n := GateSlots(); n < 2 || n*argonMemoryKiB*1024 > passwordCheckBudget {
		t.Fatalf("%d slots of %d KiB exceed the budget of %d bytes", n, argonMemoryKiB, passwordCheckBudget)
	}
}
