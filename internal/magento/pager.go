package magento

import (
	"context"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"
)

// Mark is a position in the (updated_at, entity_id) order of customers: the
// last record a keyset pager returned. A Mark with ID 0 starts at (and
// includes) UpdatedAt; the zero Mark starts at the beginning.
type Mark struct {
	UpdatedAt time.Time
	ID        int
}

func (m Mark) after(o Mark) bool {
	return m.UpdatedAt.After(o.UpdatedAt) || m.UpdatedAt.Equal(o.UpdatedAt) && m.ID > o.ID
}

// String writes the mark as Magento would compare it.
func (m Mark) String() string { return FormatTime(m.UpdatedAt) + "/" + strconv.Itoa(m.ID) }

// KeysetPager reads customers in (updated_at, entity_id) order after a mark,
// always with currentPage=1 and the filter
//
//	(updated_at >= T) AND (updated_at > T OR entity_id > ID)
//
// so records that change during the run move behind the mark and are read
// again instead of shifting offsets and being skipped (magento2-rest.md §9).
// A record may therefore come twice in one run: deduplicate by id and
// updated_at. Magento's updated_at has one-second resolution, so a record
// changed during the run in the same second as the mark can sort just before
// it: start each run from the saved mark minus an overlap (design: 5 minutes).
// A bad record at the end of a page whose updated_at cannot be
// read is reported again with the next page.
type KeysetPager struct {
	c     *Client
	where SearchCriteria
	size  int
	mark  Mark
	done  bool
}

// NewKeysetPager reads the customers matching where (its sort orders and
// paging are replaced) that come after from, pageSize at a time.
func NewKeysetPager(c *Client, from Mark, pageSize int, where SearchCriteria) *KeysetPager {
	if pageSize <= 0 {
		pageSize = 500
	}
	return &KeysetPager{c: c, where: where, size: pageSize, mark: from}
}

// Mark returns the position after the last page returned by Next: save it
// once that page is stored, and start the next run from it.
func (p *KeysetPager) Mark() Mark { return p.mark }

// Next returns the next page, or io.EOF when there is none. A page may hold
// only Problems. After an error Next may be called again to retry.
func (p *KeysetPager) Next(ctx context.Context) (*CustomerPage, error) {
	if p.done {
		return nil, io.EOF
	}
	sc := p.where
	sc.SortOrders, sc.PageSize, sc.CurrentPage = nil, p.size, 1
	if !p.mark.UpdatedAt.IsZero() {
		t := FormatTime(p.mark.UpdatedAt)
		sc = sc.Where(F("updated_at", Gteq, t))
		if p.mark.ID > 0 {
			sc = sc.Where(F("updated_at", Gt, t), F("entity_id", Gt, strconv.Itoa(p.mark.ID)))
		}
	}
	sc = sc.SortBy("updated_at", Asc).SortBy("entity_id", Asc)
	page, err := p.c.SearchCustomers(ctx, sc)
	if err != nil {
		return nil, err
	}
	if page.Len() == 0 {
		p.done = true
		return nil, io.EOF
	}
	next := p.mark
	for _, k := range page.keys {
		if m := (Mark{k.updatedAt, k.id}); k.hasTime && m.after(next) {
			next = m
		}
	}
	if next == p.mark {
		p.done = true
		return nil, fmt.Errorf("magento: keyset paging after %s made no progress: no record of a full page has a readable updated_at and id, or Magento ignores the filter", p.mark)
	}
	p.mark = next
	if page.last(p.size) {
		p.done = true
	}
	return page, nil
}

// IDWindow is one page of a reconciliation pass: every customer with
// After < id <= Through, in id order. The last window's Through is
// math.MaxInt. A local customer inside a window that the page does not hold
// (and that is not among the Problems) no longer exists in Magento.
type IDWindow struct {
	After, Through int
	*CustomerPage
}

// IDPager reads every customer in entity_id order, pageSize at a time
// (filter entity_id > last id, currentPage=1), for reconciliation.
type IDPager struct {
	c     *Client
	where SearchCriteria
	size  int
	after int
	done  bool
}

// NewIDPager reads the customers matching where with an id above after.
// A page size of 1000 keeps a pass over a million customers at 1000 calls.
func NewIDPager(c *Client, after, pageSize int, where SearchCriteria) *IDPager {
	if pageSize <= 0 {
		pageSize = 1000
	}
	return &IDPager{c: c, where: where, size: pageSize, after: after}
}

// After returns the id the next window starts after.
func (p *IDPager) After() int { return p.after }

// Next returns the next window, or io.EOF after the last one.
func (p *IDPager) Next(ctx context.Context) (*IDWindow, error) {
	if p.done {
		return nil, io.EOF
	}
	sc := p.where
	sc.SortOrders, sc.PageSize, sc.CurrentPage = nil, p.size, 1
	sc = sc.Where(F("entity_id", Gt, strconv.Itoa(p.after))).SortBy("entity_id", Asc)
	page, err := p.c.SearchCustomers(ctx, sc)
	if err != nil {
		return nil, err
	}
	w := &IDWindow{After: p.after, Through: p.after, CustomerPage: page}
	for _, k := range page.keys {
		w.Through = max(w.Through, k.id)
	}
	if page.last(p.size) {
		p.done = true
		w.Through = math.MaxInt
	} else if w.Through == p.after {
		p.done = true
		return nil, fmt.Errorf("magento: id paging after %d made no progress: no id readable in a full page", p.after)
	}
	p.after = w.Through
	return w, nil
}

// OffsetPager walks a search with currentPage = 1, 2, … for result sets that
// do not move while they are read (orders of one customer, store data). It
// stops on an empty page (Magento 2.4 past the end), a short page, when
// currentPage*pageSize reaches total_count, or on a page whose records were
// all seen before (Magento 2.3 and older repeat the last page, which matters
// when a partial response leaves total_count out).
type OffsetPager[T any] struct {
	fetch func(context.Context, SearchCriteria) (*Page[T], error)
	sc    SearchCriteria
	seen  map[int]struct{}
	done  bool
}

// NewOffsetPager pages sc (page size 100 if unset) through fetch, e.g.
// Client.SearchCustomers.
func NewOffsetPager[T any](sc SearchCriteria, fetch func(context.Context, SearchCriteria) (*Page[T], error)) *OffsetPager[T] {
	if sc.PageSize <= 0 {
		sc.PageSize = 100
	}
	sc.CurrentPage = max(sc.CurrentPage, 1) - 1
	return &OffsetPager[T]{fetch: fetch, sc: sc, seen: map[int]struct{}{}}
}

// Next returns the next page or io.EOF.
func (p *OffsetPager[T]) Next(ctx context.Context) (*Page[T], error) {
	if p.done {
		return nil, io.EOF
	}
	sc := p.sc.Page(p.sc.CurrentPage + 1)
	page, err := p.fetch(ctx, sc)
	if err != nil {
		return nil, err
	}
	p.sc = sc
	fresh := false
	for _, k := range page.keys {
		if _, ok := p.seen[k.id]; !ok || k.id == 0 {
			fresh = true
			p.seen[k.id] = struct{}{}
		}
	}
	if !fresh {
		p.done = true
		return nil, io.EOF
	}
	if page.Len() < sc.PageSize || page.hasTotal && sc.CurrentPage*sc.PageSize >= page.TotalCount {
		p.done = true
	}
	return page, nil
}
