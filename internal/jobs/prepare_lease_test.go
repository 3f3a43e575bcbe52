package jobs_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/jobs"
)

// TestPrepareRunsUnderTheLease: Prepare (a read from Magento, say) runs
// while the worker renews its lease and is cut off well before the lease
// would end, so a slow Prepare never lets another process take the lease
// and run the same jobs again.
func TestPrepareRunsUnderTheLease(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		const ttl = 3 * time.Second
		for i := range 4 {
			enqueue(t, d, fmt.Sprint("k", i), "")
		}
		var mu sync.Mutex
		handled := map[string]int{}
		handle := func(ctx context.Context, j jobs.Job) jobs.Result {
			mu.Lock()
			defer mu.Unlock()
			handled[j.Key]++
			return jobs.Done(nil)
		}
		slow := &jobs.Worker{DB: d.DB, Queue: "q", Concurrency: 1, LeaseTTL: ttl, Handle: handle,
			Prepare: func(ctx context.Context, js []jobs.Job) {
				if dl, ok := ctx.Deadline(); !ok {
					t.Errorf("Prepare has no time limit; want one well under the lease (%v)", ttl)
				} else if left := time.Until(dl); left > ttl/2 {
					t.Errorf("Prepare may run %v; want it bounded well under the lease (%v)", left, ttl)
				}
				select {
				case <-ctx.Done():
				case <-time.After(3 * ttl):
				}
			}}
		other := &jobs.Worker{DB: d.DB, Queue: "q", Concurrency: 1, LeaseTTL: ttl, Handle: handle}
		done := make(chan struct{})
		go func() {
			defer close(done)
			if _, err := slow.RunOnce(ctx); err != nil {
				t.Error(err)
			}
		}()
		for waiting := true; waiting; {
			select {
			case <-done:
				waiting = false
			case <-time.After(200 * time.Millisecond):
				if _, err := other.RunOnce(ctx); err != nil {
					t.Error(err)
				}
			}
		}
		for i := range 4 {
			if k := fmt.Sprint("k", i); handled[k] != 1 {
				t.Errorf("job %s ran %d times; want once", k, handled[k])
			}
		}
	})
}
