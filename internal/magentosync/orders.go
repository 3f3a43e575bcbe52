package magentosync

import (
	"context"
	"errors"
	"io"
	"time"

	"magecrm/internal/connector"
	"magecrm/internal/magento"
	"magecrm/internal/store"
)

// orderBatch is the orders written per transaction.
const orderBatch = 2000

// importOrders reads the orders changed since the saved mark (minus the
// overlap; from the sync start date the first time), stores them with the
// mark in each batch's transaction (never past an order dated ahead of
// the run's start: see aheadAllowance; a mark saved ahead of the clock
// reads every order again), and updates lifetime values.
func (r *run) importOrders(ctx context.Context) error {
	cur, err := r.e.st.SyncCursor(ctx, r.ch.ID, ordersCursor)
	if err != nil {
		return err
	}
	limit := markLimit(r.e.Now())
	if cur.MarkTime.After(limit) {
		// Saved past a future-dated order by an earlier version: read
		// every order again from the sync start date, and store the mark
		// from there.
		cur.MarkTime, cur.MarkID = time.Time{}, 0
	}
	from := magento.Mark{UpdatedAt: r.ch.SyncStartDate.UTC()}
	if !cur.MarkTime.IsZero() {
		from = magento.Mark{UpdatedAt: cur.MarkTime.Add(-r.e.Overlap)}
	}
	r.step(stepOrders, 0)
	pager := r.src.ChangedOrders(from, r.e.PageSize)
	var batch []store.ImportOrder
	flush := func() error {
		counts, err := r.e.st.ImportOrders(ctx, r.ch.ID, batch, &cur)
		r.orders.Created += counts.Created
		r.orders.Updated += counts.Updated
		r.orders.Unchanged += counts.Unchanged
		r.countStep(counts)
		batch = batch[:0]
		return err
	}
	for {
		page, err := retry(ctx, r, func() (*connector.OrderPage, error) { return pager.Next(ctx) })
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if len(batch) > 0 {
				if ferr := flush(); ferr != nil {
					return ferr
				}
			}
			return err
		}
		n := len(page.Orders) + len(page.Problems)
		r.rec.Fetched += n
		if r.rec.Total < r.rec.Fetched {
			r.rec.Total = r.rec.Fetched + max(page.Total-n, 0)
		}
		r.problems("order", page.Problems)
		for i := range page.Orders {
			batch = append(batch, mapOrder(&page.Orders[i]))
		}
		if m, ok := reachedMark(page.Next, limit, orderMarks(page.Orders)); ok && (m.UpdatedAt.After(cur.MarkTime) || m.UpdatedAt.Equal(cur.MarkTime) && m.ID > cur.MarkID) {
			cur.MarkTime, cur.MarkID = m.UpdatedAt, m.ID
		}
		if len(batch) >= orderBatch {
			if err := flush(); err != nil {
				return err
			}
		}
		r.report(ctx, false)
	}
	if err := flush(); err != nil {
		return err
	}
	_, err = r.e.st.LinkOrphanOrders(ctx, r.ch.ID)
	return err
}
