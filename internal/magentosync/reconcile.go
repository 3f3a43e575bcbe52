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

// reconcile reads every customer in id windows and compares each window
// with the stored customers of the same ids: changed ones (address-only and
// newsletter-only changes do not move updated_at) are imported again, and
// stored ones Magento no longer has are marked removed in Magento.
func (r *run) reconcile(ctx context.Context) error {
	r.step(stepReconcile, 0)
	pager := r.src.AllCustomers(0, reconcileWindow)
	for {
		w, err := retry(ctx, r, func() (*connector.Window, error) { return pager.Next(ctx) })
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := r.reconcileWindow(ctx, w); err != nil {
			return err
		}
		r.report(ctx, false)
	}
}

func (r *run) reconcileWindow(ctx context.Context, w *connector.Window) error {
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
	var changed []store.ImportCustomer
	for i := range w.Customers {
		c := &w.Customers[i]
		s, known := stored[int64(c.ID)]
		delete(stored, int64(c.ID))
		changes := cleanCustomer(c)
		rec, err := mapCustomer(c, r.ids)
		if err != nil {
			r.fail("customer", c.ID, err.Error())
			continue
		}
		if !known || s.Hash != rec.Hash || s.SyncState&model.SyncRemovedRemote != 0 {
			changed = append(changed, rec)
			if changes != nil { // said once, when the record is written
				r.warn("customer", c.ID, changes)
			}
		}
	}
	unreadable := false
	for _, p := range w.Problems {
		r.fail("customer", p.ID, p.Reason)
		delete(stored, int64(p.ID))
		unreadable = unreadable || p.ID == 0
	}
	r.rec.Unchanged += len(w.Customers) - len(changed)
	r.current().Unchanged += len(w.Customers) - len(changed)
	counts, err := r.e.st.ImportCustomers(ctx, store.CustomerImport{ChannelID: r.ch.ID, OrganizationID: r.ch.OrganizationID,
		OwnerID: r.ch.DefaultOwnerID, MatchEmail: r.matchEmail, Now: r.e.Now()}, changed)
	if err != nil {
		return err
	}
	r.count(counts)
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
