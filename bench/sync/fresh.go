package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"magecrm/internal/magentosync"
	"magecrm/internal/magesim"
)

// latencies are times from an edit to seeing it, sorted.
type latencies []time.Duration

func (l latencies) String() string {
	if len(l) == 0 {
		return "—"
	}
	at := func(q int) string { return fmt.Sprintf("%.1f", l[min(len(l)-1, (len(l)*q+99)/100-1)].Seconds()) }
	return fmt.Sprintf("%s / %s / %s s", at(50), at(95), at(100))
}

// edit is one customer edit made in Magento and when magecrm had it.
type edit struct {
	id       int
	last     string
	at, seen time.Time
}

// freshness runs the scheduler with its defaults, makes p.edits edits at
// random moments over p.spread, waits for each to be stored, then counts
// what the idle scheduler asks of Magento over p.idle.
func (s *side) freshness(p params) {
	ctx, cancel := context.WithCancel(context.Background())
	s.eng.Start(ctx)
	edits := plan(p, s.sim.CustomerCount())
	var mu sync.Mutex
	made := 0
	go func() {
		start := time.Now()
		for i := range edits {
			time.Sleep(time.Until(start.Add(edits[i].at.Sub(time.Time{}))))
			mu.Lock()
			edits[i].at = time.Now()
			check(s.sim.EditCustomer(edits[i].id, magesim.CustomerEdit{Lastname: edits[i].last}))
			made++
			mu.Unlock()
		}
	}()
	deadline := time.Now().Add(p.spread + 2*time.Minute)
	for {
		mu.Lock()
		pending := s.unseen(ctx, edits[:made])
		done := made == len(edits) && pending == 0
		mu.Unlock()
		if done {
			break
		}
		if time.Now().After(deadline) {
			fmt.Fprintf(os.Stderr, "%s: %d edits not in magecrm two minutes after the last\n", s.name, pending)
			os.Exit(1)
		}
		time.Sleep(100 * time.Millisecond)
	}
	for _, e := range edits {
		s.res.fresh = append(s.res.fresh, e.seen.Sub(e.at))
	}
	slices.Sort(s.res.fresh)
	s.sim.ResetRequestCounts()
	time.Sleep(p.idle)
	s.res.idlePerMin = float64(requests(s.sim)) / p.idle.Minutes()
	cancel()
	s.eng.Wait()
	s.sim.ResetRequestCounts()
	_, err := s.eng.Run(context.Background(), s.ch.ID, magentosync.RunOptions{})
	check(err)
	s.res.runRequests = requests(s.sim)
}

// plan picks distinct customers and the moments (as offsets from the zero
// time) their edits are made.
func plan(p params, customers int) []edit {
	r := rand.New(rand.NewPCG(3, 5))
	ids := r.Perm(customers)[:p.edits]
	out := make([]edit, p.edits)
	for i := range out {
		out[i] = edit{id: ids[i] + 1, last: fmt.Sprintf("Fresh%d", i), at: time.Time{}.Add(time.Duration(r.Int64N(int64(p.spread))))}
	}
	slices.SortFunc(out, func(a, b edit) int { return a.at.Compare(b.at) })
	return out
}

// unseen marks the edits magecrm now has as seen, and counts the others.
func (s *side) unseen(ctx context.Context, edits []edit) int {
	var ids []string
	want := map[int]*edit{}
	for i := range edits {
		if edits[i].seen.IsZero() {
			ids = append(ids, fmt.Sprint(edits[i].id))
			want[edits[i].id] = &edits[i]
		}
	}
	if len(ids) == 0 {
		return 0
	}
	rows, err := s.d.QueryContext(ctx, "SELECT origin_id, last_name FROM magento_customers WHERE channel_id = $1 AND origin_id IN ("+
		strings.Join(ids, ",")+")", s.ch.ID)
	check(err)
	defer rows.Close()
	now, left := time.Now(), len(ids)
	for rows.Next() {
		var id int
		var last string
		check(rows.Scan(&id, &last))
		if e := want[id]; e != nil && last == e.last {
			e.seen = now
			left--
		}
	}
	check(rows.Err())
	return left
}

// requests is how many requests the store has answered since its counts
// were reset.
func requests(sim *magesim.Sim) int {
	n := 0
	for _, c := range sim.RequestCounts() {
		n += c.Count
	}
	return n
}
