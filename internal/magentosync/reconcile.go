package magentosync

import (
	"context"
	"errors"
	"io"
	"math"

	"magecrm/internal/connector"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

// reconcileWindow is the customers read per id window: a pass over a
// million customers takes a thousand requests.
const reconcileWindow = 1000

// mappedWindow is an id window read and mapped ahead of the comparison.
type mappedWindow struct {
	w     *connector.Window
	recs  []store.ImportCustomer
	fails []failure
	err   error
}

// reconcile reads every customer in id windows and compares each window
// with the stored customers of the same ids by hash: changed ones
// (address-only and newsletter-only changes do not move updated_at) are
// imported again, and stored ones Magento no longer has are marked removed
// in Magento. A goroutine reads and maps the next windows while one is
// compared and written.
func (r *run) reconcile(ctx context.Context) error {
	r.step(stepReconcile, 0)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	windows := make(chan mappedWindow, readAhead)
	go r.readWindows(ctx, r.src.AllCustomers(0, reconcileWindow), windows)
	for mw := range windows {
		if errors.Is(mw.err, io.EOF) {
			return nil
		}
		if mw.err != nil {
			return mw.err
		}
		if err := r.reconcileWindow(ctx, mw); err != nil {
			return err
		}
		r.report(ctx, false)
	}
	return ctx.Err()
}

// readWindows sends the pager's windows, mapped, until an error (io.EOF
// after the last) or until ctx ends.
func (r *run) readWindows(ctx context.Context, pager connector.WindowPager, out chan<- mappedWindow) {
	defer close(out)
	for {
		w, err := retry(ctx, r, func() (*connector.Window, error) { return pager.Next(ctx) })
		mw := mappedWindow{w: w, err: err}
		if err == nil {
			mw.recs, mw.fails = mapCustomers(w.Customers, r.ids)
		}
		select {
		case out <- mw:
		case <-ctx.Done():
			return
		}
		if err != nil {
			return
		}
	}
}

func (r *run) reconcileWindow(ctx context.Context, mw mappedWindow) error {
	w := mw.w
	n := len(w.Customers) + len(w.Problems)
	r.fetched += n
	r.rec.Fetched += n
	if w.After == 0 && w.Total > 0 {
		r.rec.Total = w.Total
	}
	through := int64(w.Through)
	if w.Through == math.MaxInt {
		through = math.MaxInt64
	}
	stored, err := r.e.st.CustomerHashes(ctx, r.ch.ID, int64(w.After), through, r.ch.WebsiteID)
	if err != nil {
		return err
	}
	cleaned := map[int][]string{}
	for _, f := range mw.fails {
		switch {
		case f.changes != nil:
			cleaned[f.id] = f.changes
		default:
			r.fail("customer", f.id, f.reason)
			delete(stored, int64(f.id))
		}
	}
	var changed []store.ImportCustomer
	for _, rec := range mw.recs {
		s, known := stored[rec.OriginID]
		delete(stored, rec.OriginID)
		if !known || s.Hash != rec.Hash || s.SyncState&model.SyncRemovedRemote != 0 {
			changed = append(changed, rec)
			if changes := cleaned[int(rec.OriginID)]; changes != nil { // said once, when the record is written
				r.warn("customer", int(rec.OriginID), changes)
			}
		}
	}
	unreadable := false
	for _, p := range w.Problems {
		r.fail("customer", p.ID, p.Reason)
		delete(stored, int64(p.ID))
		unreadable = unreadable || p.ID == 0
	}
	unchanged := len(mw.recs) - len(changed)
	r.rec.Unchanged += unchanged
	r.current().Unchanged += unchanged
	if len(changed) > 0 {
		counts, err := r.e.st.ImportCustomers(ctx, r.customerImport(nil), changed)
		if err != nil {
			return err
		}
		r.count(counts)
	}
	// A record whose id could not be read may be any stored one: judge
	// nothing in that window rather than mark a live customer removed.
	if unreadable {
		return nil
	}
	var gone []int64
	for origin, s := range stored {
		if s.SyncState&model.SyncRemovedRemote == 0 {
			gone = append(gone, origin)
		}
	}
	removed, err := r.e.st.MarkRemovedInMagento(ctx, r.ch.ID, gone, r.e.Now())
	r.rec.Removed += removed
	r.current().Removed += removed
	return err
}
