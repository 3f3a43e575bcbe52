package magesim

import (
	"math"
	"slices"
	"sort"
)

// indexKey orders records by a value (a timestamp, an id, a foreign key) and
// then by record id, so that ties are broken the way a keyset pager expects.
type indexKey struct {
	v  int64
	id int64
}

func (a indexKey) less(b indexKey) bool {
	return a.v < b.v || (a.v == b.v && a.id < b.id)
}

const (
	minID = math.MinInt64
	maxID = math.MaxInt64
)

// sortedIndex is a sorted slice of keys. Lookups are binary searches; an
// insert or removal moves the tail with one memmove, which is milliseconds even
// at a million keys and keeps reads free of pointer chasing.
type sortedIndex struct {
	keys []indexKey
}

// search returns the position of the first key >= k.
func (x *sortedIndex) search(k indexKey) int {
	return sort.Search(len(x.keys), func(i int) bool { return !x.keys[i].less(k) })
}

func (x *sortedIndex) insert(k indexKey) {
	i := x.search(k)
	x.keys = append(x.keys, indexKey{})
	copy(x.keys[i+1:], x.keys[i:])
	x.keys[i] = k
}

func (x *sortedIndex) remove(k indexKey) {
	i := x.search(k)
	if i < len(x.keys) && x.keys[i] == k {
		x.keys = append(x.keys[:i], x.keys[i+1:]...)
	}
}

func (x *sortedIndex) sortKeys() {
	slices.SortFunc(x.keys, func(a, b indexKey) int {
		if c := cmpInt(a.v, b.v); c != 0 {
			return c
		}
		return cmpInt(a.id, b.id)
	})
}
