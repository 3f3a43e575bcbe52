package main

import (
	"context"
	"io"
	"sort"
	"time"

	"magecrm/internal/connector"
	"magecrm/internal/magento"
	"magecrm/internal/store"
)

// replay is a Source serving customers already read and decoded, sorted
// by (created_at, id): the write-only baseline runs the engine on it.
type replay struct {
	dict store.Dictionaries
	all  []magento.Customer
}

func before(t1 time.Time, id1 int, t2 time.Time, id2 int) bool {
	return t1.Before(t2) || t1.Equal(t2) && id1 < id2
}

// span returns the indexes of the customers after pos created before until.
func (r *replay) span(pos magento.Mark, until time.Time) (int, int) {
	start := sort.Search(len(r.all), func(i int) bool {
		c := &r.all[i]
		if pos.ID == 0 {
			return !c.CreatedAt.Before(pos.UpdatedAt)
		}
		return before(pos.UpdatedAt, pos.ID, c.CreatedAt, c.ID)
	})
	end := sort.Search(len(r.all), func(i int) bool { return !r.all[i].CreatedAt.Before(until) })
	return start, max(start, end)
}

func (r *replay) Dictionaries(context.Context) (store.Dictionaries, error) { return r.dict, nil }

func (r *replay) CountCreated(_ context.Context, from, until time.Time) (int, error) {
	s, e := r.span(magento.Mark{UpdatedAt: from}, until)
	return e - s, nil
}

func (r *replay) CreatedCustomers(pos magento.Mark, until time.Time, size int) connector.CustomerPager {
	return &replayPager{r: r, pos: pos, until: until, size: size}
}

func (r *replay) ChangedCustomers(magento.Mark, int) connector.CustomerPager { return done{} }
func (r *replay) AllCustomers(int, int) connector.WindowPager                { return noWindows{} }
func (r *replay) ChangedOrders(magento.Mark, int) connector.OrderPager       { return noOrders{} }

type replayPager struct {
	r     *replay
	pos   magento.Mark
	until time.Time
	size  int
}

func (p *replayPager) Next(context.Context) (*connector.CustomerPage, error) {
	s, e := p.r.span(p.pos, p.until)
	if s == e {
		return nil, io.EOF
	}
	items := p.r.all[s:min(e, s+p.size)]
	last := items[len(items)-1]
	p.pos = magento.Mark{UpdatedAt: last.CreatedAt, ID: last.ID}
	return &connector.CustomerPage{Customers: items, Total: e - s, Next: p.pos}, nil
}

// done is a pager with nothing to read.
type done struct{}

func (done) Next(context.Context) (*connector.CustomerPage, error) { return nil, io.EOF }

type noWindows struct{}

func (noWindows) Next(context.Context) (*connector.Window, error) { return nil, io.EOF }

type noOrders struct{}

func (noOrders) Next(context.Context) (*connector.OrderPage, error) { return nil, io.EOF }
