package magentosync

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"magecrm/internal/connector"
	"magecrm/internal/magento"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

// customerState is the JSON state of the customers cursor.
type customerState struct {
	Initial *initialState `json:"initial,omitempty"`
}

// initialState is where an initial import stands: it reads the customers
// created in [start, Until) in created_at windows, by (created_at, id)
// keyset inside each, and Pos is the position after the last stored batch.
type initialState struct {
	Until     time.Time    `json:"until"`
	Pos       magento.Mark `json:"pos"`
	WindowEnd time.Time    `json:"window_end"`
	Span      int64        `json:"span_s"`
	Done      bool         `json:"done"`
}

// Window sizes of the initial import: the first window is a month; later
// ones are sized to hold about windowTarget customers, so Magento's count
// of a window stays cheap.
const (
	firstSpan    = 30 * 24 * time.Hour
	minSpan      = time.Hour
	maxSpan      = 10 * 365 * 24 * time.Hour
	windowTarget = 50_000
)

// fetchedPage is a page read ahead by the fetcher, with the cursor to save
// once it is stored.
type fetchedPage struct {
	page   *connector.CustomerPage
	recs   []store.ImportCustomer
	fails  []failure
	cursor store.SyncCursor
	err    error
}

// failure is a customer that could not be mapped.
type failure struct {
	id     int
	reason string
	// changes, when set, say what cleaning changed of a customer that was
	// taken; reason is then empty.
	changes []string
}

// readAhead is how many reconciliation windows are read ahead of the one
// compared, and the fewest pages an import reads ahead (pagesAhead).
const readAhead = 4

// pagesAhead is how many pages the fetcher may read ahead of the writer:
// two batches' worth, so that it goes on fetching the next batch while one
// is written instead of waiting for the writer to take a page (with four
// pages only, the database and the store mostly took turns).
func (r *run) pagesAhead() int {
	return max(readAhead, 2*r.e.BatchSize/r.e.PageSize)
}

// importPages stores the pages next returns until io.EOF: a goroutine
// fetches the next pages while the current batch is written, and every
// batch is written in one transaction with the cursor of its last page.
func (r *run) importPages(ctx context.Context, next func(context.Context) (*connector.CustomerPage, store.SyncCursor, error)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pages := make(chan fetchedPage, r.pagesAhead())
	go func() {
		defer close(pages)
		for {
			var cur store.SyncCursor
			p, err := retry(ctx, r, func() (*connector.CustomerPage, error) {
				p, c, err := next(ctx)
				cur = c
				return p, err
			})
			fp := fetchedPage{page: p, cursor: cur, err: err}
			if err == nil {
				fp.recs, fp.fails = mapPage(p, r.ids)
			}
			select {
			case pages <- fp:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	var batch []store.ImportCustomer
	var cursor *store.SyncCursor
	flushed := r.e.Now()
	flush := func() error {
		if cursor == nil {
			return nil
		}
		counts, err := r.e.st.ImportCustomers(ctx, r.customerImport(cursor), batch)
		if err != nil {
			return err
		}
		r.count(counts)
		batch, cursor, flushed = batch[:0], nil, r.e.Now()
		r.report(ctx, false)
		return nil
	}
	for fp := range pages {
		if fp.err != nil {
			if err := flush(); err != nil {
				return err
			}
			if errors.Is(fp.err, io.EOF) {
				return nil
			}
			return fp.err
		}
		r.take(fp, &batch)
		// The writer, not the fetcher reading ahead, moves the timeline:
		// report reads it here.
		r.timeline.at = fp.page.Next.UpdatedAt
		c := fp.cursor
		cursor = &c
		if len(batch) >= r.e.BatchSize || r.e.Now().Sub(flushed) >= r.e.FlushEvery {
			if err := flush(); err != nil {
				return err
			}
		}
		r.report(ctx, false)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return flush()
}

// customerImport says where the run's customers go; cursor, when set, is
// saved with them.
func (r *run) customerImport(cursor *store.SyncCursor) store.CustomerImport {
	return store.CustomerImport{ChannelID: r.ch.ID, OrganizationID: r.ch.OrganizationID, OwnerID: r.ch.DefaultOwnerID,
		MatchEmail: r.matchEmail, WithoutGenderAndVAT: !r.ch.Type.AnswersGenderAndVAT(),
		LocalWins: r.ch.Priority == model.LocalWins, Now: r.e.Now(), Cursor: cursor}
}

// mapPage maps a page's customers, on the fetcher's goroutine.
func mapPage(p *connector.CustomerPage, ids store.DictionaryIDs) ([]store.ImportCustomer, []failure) {
	return mapCustomers(p.Customers, ids)
}

// mapCustomers cleans and maps customers; what cleaning changed and the
// customers that cannot be mapped are the failures.
func mapCustomers(cs []magento.Customer, ids store.DictionaryIDs) ([]store.ImportCustomer, []failure) {
	recs := make([]store.ImportCustomer, 0, len(cs))
	var fails []failure
	for i := range cs {
		if changes := cleanCustomer(&cs[i]); changes != nil {
			fails = append(fails, failure{id: cs[i].ID, changes: changes})
		}
		rec, err := mapCustomer(&cs[i], ids)
		if err != nil {
			fails = append(fails, failure{id: cs[i].ID, reason: err.Error()})
			continue
		}
		recs = append(recs, rec)
	}
	return recs, fails
}

// take adds a mapped page to batch and records what cannot be taken.
func (r *run) take(fp fetchedPage, batch *[]store.ImportCustomer) {
	p := fp.page
	n := len(p.Customers) + len(p.Problems)
	r.fetched += n
	r.rec.Fetched += n
	if p.Total > 0 && r.rec.Total < r.rec.Fetched {
		r.rec.Total = r.rec.Fetched + max(p.Total-n, 0)
	}
	r.problems("customer", p.Problems)
	for _, f := range fp.fails {
		if f.changes != nil {
			r.warn("customer", f.id, f.changes)
		} else {
			r.fail("customer", f.id, f.reason)
		}
	}
	*batch = append(*batch, fp.recs...)
}

// initial runs (or resumes) the initial import, then sets the incremental
// mark to the moment it started: customers changed since are the
// incremental import's.
func (r *run) initial(ctx context.Context, cur store.SyncCursor) error {
	var state customerState
	if err := json.Unmarshal([]byte(cur.State), &state); err != nil {
		return fmt.Errorf("customers cursor of channel %q: %w", r.ch.Name, err)
	}
	st := state.Initial
	if st == nil || st.Done {
		st = &initialState{Until: r.e.Now().UTC().Truncate(time.Second), Pos: magento.Mark{UpdatedAt: r.ch.SyncStartDate.UTC()}, Span: int64(firstSpan / time.Second)}
	}
	total, err := retry(ctx, r, func() (int, error) { return r.src.CountCreated(ctx, st.Pos.UpdatedAt, st.Until) })
	if err != nil {
		return fmt.Errorf("count customers to import: %w", err)
	}
	r.step(stepInitial, total)
	if st.Pos.UpdatedAt.IsZero() {
		first, err := r.firstCreated(ctx, st.Until)
		if err != nil || first.IsZero() {
			return err
		}
		st.Pos = magento.Mark{UpdatedAt: first}
	}
	r.timeline = timeline{from: st.Pos.UpdatedAt, at: st.Pos.UpdatedAt, until: st.Until}
	cursorOf := func() store.SyncCursor {
		c := cur
		b, _ := json.Marshal(customerState{Initial: st}) // plain values always marshal
		c.State = string(b)
		return c
	}
	var pager connector.CustomerPager
	inWindow := 0
	next := func(ctx context.Context) (*connector.CustomerPage, store.SyncCursor, error) {
		for st.Pos.UpdatedAt.Before(st.Until) {
			if pager == nil {
				if !st.WindowEnd.After(st.Pos.UpdatedAt) {
					st.WindowEnd = minTime(st.Pos.UpdatedAt.Add(time.Duration(st.Span)*time.Second), st.Until)
				}
				pager, inWindow = r.src.CreatedCustomers(st.Pos, st.WindowEnd, r.e.PageSize), 0
			}
			page, err := pager.Next(ctx)
			if errors.Is(err, io.EOF) {
				st.Span = int64(nextSpan(time.Duration(st.Span)*time.Second, inWindow) / time.Second)
				st.Pos, st.WindowEnd, pager = magento.Mark{UpdatedAt: st.WindowEnd}, time.Time{}, nil
				continue
			}
			if err != nil {
				return nil, cur, err
			}
			inWindow += len(page.Customers) + len(page.Problems)
			st.Pos = page.Next
			return page, cursorOf(), nil
		}
		return nil, cur, io.EOF
	}
	if err := r.importPages(ctx, next); err != nil {
		return err
	}
	st.Done = true
	done := cursorOf()
	done.MarkTime, done.MarkID = st.Until, 0
	return r.e.st.SaveSyncCursor(ctx, done)
}

// firstCreated is the creation time of the oldest customer created before
// until, or zero when there is none.
func (r *run) firstCreated(ctx context.Context, until time.Time) (time.Time, error) {
	pager := r.src.CreatedCustomers(magento.Mark{}, until, 1)
	page, err := retry(ctx, r, func() (*connector.CustomerPage, error) { return pager.Next(ctx) })
	if errors.Is(err, io.EOF) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("find the first customer: %w", err)
	}
	return page.Next.UpdatedAt, nil
}

// nextSpan sizes the next window from how many customers the last one held.
func nextSpan(span time.Duration, held int) time.Duration {
	if held == 0 {
		span *= 8
	} else {
		span = time.Duration(float64(span) * min(8, max(0.125, float64(windowTarget)/float64(held))))
	}
	return min(max(span, minSpan), maxSpan)
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// incremental reads every customer changed since the saved mark, minus the
// overlap, and moves the mark with every stored batch (never past a record
// dated ahead of the run's start: see aheadAllowance).
func (r *run) incremental(ctx context.Context) error {
	cur, err := r.e.st.SyncCursor(ctx, r.ch.ID, customersCursor)
	if err != nil {
		return err
	}
	from := magento.Mark{UpdatedAt: cur.MarkTime.Add(-r.e.Overlap)}
	r.step(stepIncremental, 0)
	asked := r.e.Now()
	limit := markLimit(asked)
	if cur.MarkTime.After(limit) {
		// An earlier version let a future-dated record move the mark: where
		// the real position was is unknown, so read every customer again
		// (unchanged ones are skipped by their hash). The pages store the
		// mark from there, never the one ahead.
		from = magento.Mark{UpdatedAt: r.ch.SyncStartDate.UTC()}
		cur.MarkTime, cur.MarkID = from.UpdatedAt, 0
	}
	pager := r.src.ChangedCustomers(from, r.e.PageSize)
	last := cur // the highest mark reached so far: a page that reaches none keeps it
	err = r.importPages(ctx, func(ctx context.Context) (*connector.CustomerPage, store.SyncCursor, error) {
		page, err := pager.Next(ctx)
		if err != nil {
			return nil, last, err
		}
		m, ok := reachedMark(page.Next, limit, customerMarks(page.Customers))
		if ok && (m.UpdatedAt.After(last.MarkTime) || m.UpdatedAt.Equal(last.MarkTime) && m.ID > last.MarkID) {
			last.MarkTime, last.MarkID = m.UpdatedAt, m.ID
		}
		return page, last, nil
	})
	if err != nil {
		return err
	}
	return r.e.st.MarkChannelPolled(ctx, r.ch.ID, asked)
}
