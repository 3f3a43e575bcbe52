package magento

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestCustomerPasswordHashForm pins Magento's version-2 form: 64 hex
// digits of Argon2id, a 16-character salt of Magento's random characters,
// version 2; a new salt each time. That the hash verifies as Magento checks
// it is tested against magesim (package push) and was checked by hand in
// PHP (README, Passwords).
func TestCustomerPasswordHashForm(t *testing.T) {
	form := regexp.MustCompile(`^[0-9a-f]{64}:[A-Za-z0-9]{16}:2$`)
	a, errA := CustomerPasswordHash(context.Background(), "Analytical-Engine-1843")
	b, errB := CustomerPasswordHash(context.Background(), "Analytical-Engine-1843")
	if errA != nil || errB != nil {
		t.Fatal(errA, errB)
	}
	for _, h := range []string{a, b} {
		if !form.MatchString(h) || strings.Contains(h, "Analytical") {
			t.Errorf("hash %q is not Magento's hash:salt:2", h)
		}
	}
	if a == b {
		t.Error("two hashes of one password share their salt")
	}
}

// TestCustomerPasswordHashStopsWaitingWithItsContext: while the hashes
// allowed at once are all running, one more waits for its turn only as
// long as its context lives: a stopped send does not wait.
func TestCustomerPasswordHashStopsWaitingWithItsContext(t *testing.T) {
	for range cap(hashing) {
		hashing <- struct{}{} // every turn taken, as by long hashes
	}
	defer func() {
		for range cap(hashing) {
			<-hashing
		}
	}()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := CustomerPasswordHash(ctx, "Analytical-Engine-1843")
		done <- err
	}()
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("a hash whose context ended: %v, want context.Canceled", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("a hash whose context ended still waits for its turn")
	}
}
