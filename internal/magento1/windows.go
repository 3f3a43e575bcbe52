package magento1

import (
	"context"
	"errors"
	"io"
	"math"
	"slices"
	"strconv"
	"time"
)

// The list operations answer every match at once, so a big store is read
// in windows of a range filter (complex_filter from/to, which Magento
// applies together). A window that is too big for the store's memory
// (ErrTooMany) is split in two until it fits; one id never is. A time
// window keeps only the part that fits, so memory holds one answer, however
// big the store.

// maxID is the largest id a window reaches: customer and order ids are
// MySQL INT UNSIGNED, but no store is near 2^31.
const maxID = math.MaxInt32

// fetchFunc lists the records matching extra conditions.
type fetchFunc[T any] func(ctx context.Context, conds []Condition) ([]T, []RecordProblem, error)

func rangeConds(field string, lo, hi string) []Condition {
	return []Condition{{field, "from", lo}, {field, "to", hi}}
}

// byIDs reads ids lo..hi (inclusive) of idField with the fixed conditions,
// splitting the range while it is too big.
func byIDs[T any](ctx context.Context, fetch fetchFunc[T], idField string, fixed []Condition, lo, hi int) ([]T, []RecordProblem, error) {
	conds := append(slices.Clone(fixed), rangeConds(idField, strconv.Itoa(lo), strconv.Itoa(hi))...)
	items, probs, err := fetch(ctx, conds)
	if !errors.Is(err, ErrTooMany) || lo >= hi {
		return items, probs, err
	}
	mid := lo + (hi-lo)/2
	a, pa, err := byIDs(ctx, fetch, idField, fixed, lo, mid)
	if err != nil {
		return nil, nil, err
	}
	b, pb, err := byIDs(ctx, fetch, idField, fixed, mid+1, hi)
	if err != nil {
		return nil, nil, err
	}
	return append(a, b...), append(pa, pb...), nil
}

// fitSeconds reads the first seconds from lo up to hi (inclusive) of a
// time field that the store can answer at once: while the range is too
// big, it keeps only its first half, so no more than one answer is ever
// held. It returns the last second read. One second that is still too big
// (a bulk import saved many customers at once) is read in id windows.
func fitSeconds[T any](ctx context.Context, fetch fetchFunc[T], field, idField string, lo, hi int64) ([]T, []RecordProblem, int64, error) {
	at := func(s int64) string { return FormatTime(time.Unix(s, 0)) }
	for {
		items, probs, err := fetch(ctx, rangeConds(field, at(lo), at(hi)))
		switch {
		case !errors.Is(err, ErrTooMany):
			return items, probs, hi, err
		case lo >= hi:
			items, probs, err := byIDs(ctx, fetch, idField, rangeConds(field, at(lo), at(lo)), 1, maxID)
			return items, probs, hi, err
		}
		hi = lo + (hi-lo)/2
	}
}

// Mark is a position in (time, id) order: the last record taken.
type Mark struct {
	At time.Time
	ID int
}

func (m Mark) less(o Mark) bool { return m.At.Before(o.At) || m.At.Equal(o.At) && m.ID < o.ID }

// TimePager reads the records that come after a Mark in (time, id) order,
// up to a time, in pages. It reads time windows, adapting their length to
// hold about a few pages, sorts each window and hands it out page by page.
type TimePager[T any] struct {
	fetch          fetchFunc[T]
	key            func(*T) Mark
	field, idField string
	pos            Mark
	until          time.Time // last second read, inclusive
	size           int
	span           int64 // window length in seconds
	next           int64 // first second of the next window
	buf            []T
	problems       []RecordProblem
}

// Page is a page of a TimePager: its records and the position after it.
type Page[T any] struct {
	Items    []T
	Problems []RecordProblem
	Next     Mark
}

func newTimePager[T any](fetch fetchFunc[T], key func(*T) Mark, field, idField string, pos Mark, until time.Time, size int) *TimePager[T] {
	return &TimePager[T]{fetch: fetch, key: key, field: field, idField: idField, pos: pos, until: until.UTC(),
		size: max(size, 1), span: 3600, next: pos.At.UTC().Unix()}
}

// Next returns the next page, or io.EOF after the last. After an error it
// may be called again: the same window is read again.
func (p *TimePager[T]) Next(ctx context.Context) (*Page[T], error) {
	for len(p.buf) == 0 && len(p.problems) == 0 {
		if p.next > p.until.Unix() {
			return nil, io.EOF
		}
		if err := p.readWindow(ctx); err != nil {
			return nil, err
		}
	}
	n := min(p.size, len(p.buf))
	page := &Page[T]{Items: p.buf[:n:n], Problems: p.problems}
	p.buf, p.problems = p.buf[n:], nil
	if n > 0 {
		p.pos = p.key(&page.Items[n-1])
	}
	page.Next = p.pos
	return page, nil
}

func (p *TimePager[T]) readWindow(ctx context.Context) error {
	lo := p.next
	hi := min(lo+p.span-1, p.until.Unix())
	items, probs, hi, err := fitSeconds(ctx, p.fetch, p.field, p.idField, lo, hi)
	if err != nil {
		return err
	}
	p.span = min(p.span, hi-lo+1)
	kept := items[:0]
	for i := range items {
		if p.pos.less(p.key(&items[i])) {
			kept = append(kept, items[i])
		}
	}
	slices.SortFunc(kept, func(a, b T) int {
		ka, kb := p.key(&a), p.key(&b)
		switch {
		case ka.less(kb):
			return -1
		case kb.less(ka):
			return 1
		}
		return 0
	})
	p.buf, p.problems, p.next = kept, probs, hi+1
	switch n := len(items); {
	case n > 4*p.size && p.span > 1:
		p.span /= 2
	case n < p.size && p.span < 1<<30:
		p.span *= 4
	}
	return nil
}

// Mark is the position after the last record handed out.
func (p *TimePager[T]) Mark() Mark { return p.pos }

func (c *Client) customerFetch(where Filters) fetchFunc[Customer] {
	return func(ctx context.Context, conds []Condition) ([]Customer, []RecordProblem, error) {
		f := Filters{Equal: where.Equal, Conditions: append(slices.Clone(where.Conditions), conds...)}
		l, err := c.Customers(ctx, f)
		if err != nil {
			return nil, nil, err
		}
		return l.Customers, l.Problems, nil
	}
}

// ChangedCustomers pages the customers matching where that come after pos
// in (updated_at, customer_id) order, up to until.
func (c *Client) ChangedCustomers(where Filters, pos Mark, until time.Time, size int) *TimePager[Customer] {
	return newTimePager(c.customerFetch(where), func(x *Customer) Mark { return Mark{x.UpdatedAt, x.ID} },
		"updated_at", "customer_id", pos, until, size)
}

// CreatedCustomers pages the customers matching where that come after pos
// in (created_at, customer_id) order, up to until.
func (c *Client) CreatedCustomers(where Filters, pos Mark, until time.Time, size int) *TimePager[Customer] {
	return newTimePager(c.customerFetch(where), func(x *Customer) Mark { return Mark{x.CreatedAt, x.ID} },
		"created_at", "customer_id", pos, until, size)
}

// ChangedOrders pages the orders matching where that come after pos in
// (updated_at, order_id) order, up to until.
func (c *Client) ChangedOrders(where Filters, pos Mark, until time.Time, size int) *TimePager[Order] {
	fetch := func(ctx context.Context, conds []Condition) ([]Order, []RecordProblem, error) {
		l, err := c.Orders(ctx, Filters{Equal: where.Equal, Conditions: append(slices.Clone(where.Conditions), conds...)})
		if err != nil {
			return nil, nil, err
		}
		return l.Orders, l.Problems, nil
	}
	return newTimePager(fetch, func(x *Order) Mark { return Mark{x.UpdatedAt, x.ID} }, "updated_at", "order_id", pos, until, size)
}

// IDWindow is every customer with After < id <= Through; the last
// window's Through is maxID.
type IDWindow struct {
	After, Through int
	Customers      []Customer
	Problems       []RecordProblem
}

// IDWindows reads every customer matching where in customer_id windows.
type IDWindows struct {
	fetch fetchFunc[Customer]
	after int
	span  int
	size  int
	done  bool
}

// CustomerWindows reads every customer after id `after`, windows holding
// about size customers.
func (c *Client) CustomerWindows(where Filters, after, size int) *IDWindows {
	return &IDWindows{fetch: c.customerFetch(where), after: after, span: max(size, 1), size: max(size, 1)}
}

// After is the last id of the windows read so far.
func (w *IDWindows) After() int { return w.after }

// Next reads the next window, or io.EOF after the last. A window that
// comes back empty is followed by the open tail: it either holds the rest
// of the store, or is too big and the windows go on, four times longer.
func (w *IDWindows) Next(ctx context.Context) (*IDWindow, error) {
	if w.done {
		return nil, io.EOF
	}
	lo, hi := w.after+1, min(w.after+w.span, maxID)
	items, probs, err := byIDs(ctx, w.fetch, "customer_id", nil, lo, hi)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 && len(probs) == 0 && hi < maxID {
		tail, tprobs, err := w.fetch(ctx, rangeConds("customer_id", strconv.Itoa(lo), strconv.Itoa(maxID)))
		switch {
		case err == nil:
			items, probs, hi = tail, tprobs, maxID
		case errors.Is(err, ErrTooMany):
			w.span *= 4
		default:
			return nil, err
		}
	}
	switch {
	case len(items) > 2*w.size:
		w.span = max(1, w.span/2)
	case len(items) < w.size/2 && hi < maxID:
		w.span *= 2
	}
	win := &IDWindow{After: w.after, Through: hi, Customers: items, Problems: probs}
	w.after, w.done = hi, hi >= maxID
	slices.SortFunc(win.Customers, func(a, b Customer) int { return a.ID - b.ID })
	return win, nil
}
