package magesim

import (
	"cmp"
	"slices"
	"unicode"
	"unicode/utf8"
)

// A query sorted by a field no sorted index serves (email, a name) is
// answered by scanning. Only the requested page is answered, so the scan
// keeps the matches up to the end of that page in a heap (firstIDs) rather
// than sorting every match: at 1,000,000 customers, sorting them all took
// about 75 MB of keys and ids per request, which a page of 1,000 customers
// sorted by email now answers from 8 KB per page asked for.

// order compares records by a query's sort orders: NULL first ascending, as
// in MySQL; texts regardless of case, as MySQL's utf8_general_ci; ties in
// entity_id order.
type order[T any] struct {
	record func(id int64) *T
	cols   []column[T]
	desc   []bool
}

func (t *table[T]) order(orders []SortOrder) order[T] {
	o := order[T]{record: t.record, cols: make([]column[T], len(orders)), desc: make([]bool, len(orders))}
	for i, s := range orders {
		o.cols[i], o.desc[i] = t.columns[s.Field], s.desc()
	}
	return o
}

// compare orders the records of ids a and b.
func (o order[T]) compare(a, b int64) int {
	ra, rb := o.record(a), o.record(b)
	for i, col := range o.cols {
		var c int
		if col.num != nil {
			va, okA := col.num(ra)
			vb, okB := col.num(rb)
			c = compareNullable(okA, okB, cmpInt(va, vb))
		} else {
			va, okA := col.str(ra)
			vb, okB := col.str(rb)
			c = compareNullable(okA, okB, compareFold(va, vb))
		}
		if o.desc[i] {
			c = -c
		}
		if c != 0 {
			return c
		}
	}
	return cmpInt(a, b)
}

// compareNullable puts NULL first, and otherwise takes byValue.
func compareNullable(notNullA, notNullB bool, byValue int) int {
	if notNullA != notNullB {
		return boolOrder(notNullA)
	}
	return byValue
}

func boolOrder(notNullFirst bool) int {
	if notNullFirst {
		return 1
	}
	return -1
}

// compareFold compares a and b as strings.Compare compares their
// strings.ToLower, without making either.
func compareFold(a, b string) int {
	for a != "" && b != "" {
		ra, na := lowerRune(a)
		rb, nb := lowerRune(b)
		if ra != rb {
			return cmp.Compare(ra, rb)
		}
		a, b = a[na:], b[nb:]
	}
	return cmp.Compare(len(a), len(b))
}

// lowerRune is the first rune of s in lower case, and its length in s.
func lowerRune(s string) (rune, int) {
	if c := s[0]; c < utf8.RuneSelf {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		return rune(c), 1
	}
	r, n := utf8.DecodeRuneInString(s)
	return unicode.ToLower(r), n
}

// sortIDs orders ids by the sort orders.
func (t *table[T]) sortIDs(ids []int64, orders []SortOrder) {
	slices.SortFunc(ids, t.order(orders).compare)
}

// scannedPage answers a page of a query whose sort no index serves. scan
// hands every match to take; at most most of them.
func (t *table[T]) scannedPage(q *Query, repeatLastPage bool, most int, scan func(take func(id int64))) Result {
	o := t.order(q.SortOrders)
	size, page := q.PageSize, max(q.CurrentPage, 1)
	keep := firstIDs{cmp: o.compare}
	switch {
	case page-1 <= most/size:
		keep.k = page * size
	case repeatLastPage:
		// Past the end, ≤2.3 repeats the last page: keep the last size
		// matches, which come first in the reverse order.
		keep.k, keep.cmp, keep.reversed = size, func(a, b int64) int { return o.compare(b, a) }, true
	}
	total := 0
	scan(func(id int64) {
		total++
		keep.offer(id)
	})
	off, n := pageWindow(total, q, repeatLastPage)
	if n == 0 {
		return Result{Total: total}
	}
	ids := keep.sorted()
	if keep.reversed {
		slices.Reverse(ids)
		off -= total - len(ids) // ids are the matches from total-len(ids) on
	}
	return Result{IDs: ids[off : off+n : off+n], Total: total}
}

// firstIDs keeps the k first ids offered in the order cmp: a heap whose
// root is the last of those kept, so an id after it is passed over with one
// comparison.
type firstIDs struct {
	ids      []int64
	k        int
	cmp      func(a, b int64) int
	reversed bool // cmp is the query's order reversed
}

func (h *firstIDs) offer(id int64) {
	switch {
	case len(h.ids) < h.k:
		h.ids = append(h.ids, id)
		for i := len(h.ids) - 1; i > 0; {
			parent := (i - 1) / 2
			if h.cmp(h.ids[i], h.ids[parent]) <= 0 {
				break
			}
			h.ids[i], h.ids[parent] = h.ids[parent], h.ids[i]
			i = parent
		}
	case h.k > 0 && h.cmp(id, h.ids[0]) < 0:
		h.ids[0] = id
		h.down()
	}
}

// down moves the root to its place.
func (h *firstIDs) down() {
	for i := 0; ; {
		last := i
		if c := 2*i + 1; c < len(h.ids) && h.cmp(h.ids[c], h.ids[last]) > 0 {
			last = c
		}
		if c := 2*i + 2; c < len(h.ids) && h.cmp(h.ids[c], h.ids[last]) > 0 {
			last = c
		}
		if last == i {
			return
		}
		h.ids[i], h.ids[last] = h.ids[last], h.ids[i]
		i = last
	}
}

// sorted is the ids kept, in the order cmp.
func (h *firstIDs) sorted() []int64 {
	slices.SortFunc(h.ids, h.cmp)
	return h.ids
}
