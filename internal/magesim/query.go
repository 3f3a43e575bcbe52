package magesim

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Filter is one searchCriteria filter. An empty ConditionType means eq.
type Filter struct {
	Field, Value, ConditionType string
}

// FilterGroup is a list of filters joined by OR. Groups are joined by AND.
type FilterGroup struct {
	Filters []Filter
}

// SortOrder is one searchCriteria sort order. Direction is "ASC", "DESC" or
// empty when not given — which sorts descending, since Magento's sorting
// processor treats anything but ASC as DESC.
type SortOrder struct {
	Field, Direction string
}

func (o SortOrder) desc() bool { return o.Direction != "ASC" }

// Query is a searchCriteria as Magento's SearchCriteriaInterface holds it.
// PageSize 0 means no limit; CurrentPage below 1 means 1.
type Query struct {
	FilterGroups []FilterGroup
	SortOrders   []SortOrder
	PageSize     int
	CurrentPage  int
	// HasPageSize and HasCurrentPage say whether the caller set them, so that
	// the echoed search_criteria leaves them out as Magento does.
	HasPageSize, HasCurrentPage bool
}

type fieldKind int

const (
	kindInt fieldKind = iota
	kindString
	kindDatetime
	kindDecimal // stored in cents
)

// column describes one filterable and sortable field of a record type T.
type column[T any] struct {
	kind     fieldKind
	nullable bool                   // NULL is stored as 0 and sorts first
	num      func(*T) (int64, bool) // value and "not NULL", for numeric kinds
	str      func(*T) (string, bool)
}

func intColumn[T any](get func(*T) int64, nullable bool) column[T] {
	num := func(r *T) (int64, bool) {
		v := get(r)
		return v, !nullable || v != 0
	}
	return column[T]{kind: kindInt, nullable: nullable, num: num, str: func(r *T) (string, bool) {
		v, ok := num(r)
		return strconv.FormatInt(v, 10), ok
	}}
}

func stringColumn[T any](get func(*T) string) column[T] {
	return column[T]{kind: kindString, str: func(r *T) (string, bool) {
		v := get(r)
		return v, v != ""
	}}
}

func timeColumn[T any](get func(*T) int64) column[T] {
	return column[T]{kind: kindDatetime,
		num: func(r *T) (int64, bool) { return get(r), true },
		str: func(r *T) (string, bool) { return formatTime(get(r)), true },
	}
}

func decimalColumn[T any](get func(*T) int64) column[T] {
	return column[T]{kind: kindDecimal,
		num: func(r *T) (int64, bool) { return get(r), true },
		str: func(r *T) (string, bool) { return formatCents(get(r)), true },
	}
}

// table is what the query engine needs to know about one record type: its
// columns, its sorted indexes, an optional scope column (website_id for
// customers) with per-scope indexes, and how to fetch a record by id.
type table[T any] struct {
	columns    map[string]column[T]
	index      func(field string, scope int) *sortedIndex // nil when the field has no index
	scopeField string
	record     func(id int64) *T
}

const timeLayout = "2006-01-02 15:04:05"

func formatTime(t int64) string { return time.Unix(t, 0).UTC().Format(timeLayout) }

func formatCents(c int64) string {
	return strconv.FormatFloat(float64(c)/100, 'f', -1, 64)
}

// parseTime reads a filter value the way MySQL casts it to DATETIME.
func parseTime(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{timeLayout, "2006-01-02T15:04:05", "2006-01-02", time.RFC3339} {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t.Unix(), true
		}
	}
	return 0, false
}

type predicate[T any] func(*T) bool

// compile turns a filter into a predicate with MySQL's semantics: NULL never
// compares true, strings compare case-insensitively, numbers numerically.
func (t *table[T]) compile(f Filter) (predicate[T], *Error) {
	col, ok := t.columns[f.Field]
	if !ok {
		return nil, inputError(msgInvalidAttribute, positional(f.Field))
	}
	cond := normalizeCondition(f.ConditionType)
	switch cond {
	case "null":
		return func(r *T) bool { _, ok := col.str(r); return !ok }, nil
	case "notnull":
		return func(r *T) bool { _, ok := col.str(r); return ok }, nil
	case "in", "nin", "finset", "nfinset", "like", "nlike":
		return stringPredicate(col, cond, f.Value), nil
	}
	if col.num != nil {
		if v, ok := parseNumber(col.kind, f.Value); ok {
			return numberPredicate(col, cond, v), nil
		}
	}
	return stringPredicate(col, cond, f.Value), nil
}

// normalizeCondition maps synonyms; an unknown condition type falls back to
// eq, as Magento's MySQL adapter does for an unknown condition key.
func normalizeCondition(c string) string {
	switch c = strings.ToLower(c); c {
	case "", "eq":
		return "eq"
	case "moreq", "from":
		return "gteq"
	case "to":
		return "lteq"
	case "neq", "gt", "gteq", "lt", "lteq", "in", "nin", "like", "nlike", "finset", "nfinset", "null", "notnull":
		return c
	}
	return "eq"
}

func parseNumber(kind fieldKind, s string) (int64, bool) {
	switch kind {
	case kindDatetime:
		return parseTime(s)
	case kindDecimal:
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		return int64(math.Round(f * 100)), err == nil
	default:
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || f != math.Trunc(f) {
			return 0, false
		}
		return int64(f), true
	}
}

func numberPredicate[T any](col column[T], cond string, v int64) predicate[T] {
	test := compareTest(cond)
	return func(r *T) bool {
		x, ok := col.num(r)
		if !ok {
			return false
		}
		return test(cmpInt(x, v))
	}
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func compareTest(cond string) func(int) bool {
	switch cond {
	case "neq":
		return func(c int) bool { return c != 0 }
	case "gt":
		return func(c int) bool { return c > 0 }
	case "gteq":
		return func(c int) bool { return c >= 0 }
	case "lt":
		return func(c int) bool { return c < 0 }
	case "lteq":
		return func(c int) bool { return c <= 0 }
	}
	return func(c int) bool { return c == 0 }
}

func stringPredicate[T any](col column[T], cond, value string) predicate[T] {
	switch cond {
	case "in", "nin":
		list := strings.Split(value, ",")
		for i := range list {
			list[i] = strings.TrimSpace(list[i])
		}
		want := cond == "in"
		return func(r *T) bool {
			s, ok := col.str(r)
			if !ok {
				return false
			}
			for _, v := range list {
				if strings.EqualFold(s, v) {
					return want
				}
			}
			return !want
		}
	case "finset", "nfinset":
		want := cond == "finset"
		return func(r *T) bool {
			s, ok := col.str(r)
			if !ok {
				return false
			}
			for _, part := range strings.Split(s, ",") {
				if part == value {
					return want
				}
			}
			return !want
		}
	case "like", "nlike":
		pattern := strings.ToLower(value)
		want := cond == "like"
		return func(r *T) bool {
			s, ok := col.str(r)
			if !ok {
				return false
			}
			return likeMatch(strings.ToLower(s), pattern) == want
		}
	}
	if col.kind == kindDatetime && len(value) == len("2006-01-02") {
		value += " 00:00:00"
	}
	lower := strings.ToLower(value)
	test := compareTest(cond)
	return func(r *T) bool {
		s, ok := col.str(r)
		if !ok {
			return false
		}
		if cond == "eq" || cond == "neq" {
			return test(boolCmp(strings.EqualFold(s, value)))
		}
		return test(strings.Compare(strings.ToLower(s), lower))
	}
}

func boolCmp(equal bool) int {
	if equal {
		return 0
	}
	return 1
}

// likeMatch is SQL LIKE: % any run, _ one character, \ escapes.
func likeMatch(s, p string) bool {
	if p == "" {
		return s == ""
	}
	switch p[0] {
	case '%':
		for len(p) > 0 && p[0] == '%' {
			p = p[1:]
		}
		if p == "" {
			return true
		}
		for i := 0; i <= len(s); i++ {
			if likeMatch(s[i:], p) {
				return true
			}
		}
		return false
	case '_':
		if s == "" {
			return false
		}
		_, size := utf8.DecodeRuneInString(s)
		return likeMatch(s[size:], p[1:])
	case '\\':
		if len(p) > 1 {
			p = p[1:]
		}
	}
	if s == "" || s[0] != p[0] {
		return false
	}
	return likeMatch(s[1:], p[1:])
}

type compiledGroup[T any] struct {
	filters []Filter
	preds   []predicate[T]
}

func (g compiledGroup[T]) match(r *T) bool {
	for _, p := range g.preds {
		if p(r) {
			return true
		}
	}
	return false
}

// Result is one page of a search: the ids on the page and the count of all matches.
type Result struct {
	IDs   []int64
	Total int
}

// run answers a query. The common keyset and window queries — range filters
// on an indexed field, sorted by it (then entity_id) — are served from the
// sorted index in O(log n + page); anything else scans the narrowest range.
func (t *table[T]) run(q *Query, repeatLastPage bool) (Result, *Error) {
	groups := make([]compiledGroup[T], len(q.FilterGroups))
	for i, g := range q.FilterGroups {
		groups[i].filters = g.Filters
		for _, f := range g.Filters {
			p, err := t.compile(f)
			if err != nil {
				return Result{}, err
			}
			groups[i].preds = append(groups[i].preds, p)
		}
	}
	for _, s := range q.SortOrders {
		if _, ok := t.columns[s.Field]; !ok {
			return Result{}, inputError(msgInvalidAttribute, positional(s.Field))
		}
	}
	if ids, ok := listedIDs(q.FilterGroups); ok {
		return t.runListed(ids, groups, q, repeatLastPage), nil
	}
	p := t.plan(q, groups)
	idx := t.index(p.drive, p.scope)
	start, end := idx.search(p.lo), idx.search(p.hi)
	if end < start {
		end = start
	}
	var residual []compiledGroup[T]
	for i, g := range groups {
		if !p.used[i] && len(g.preds) > 0 {
			residual = append(residual, g)
		}
	}
	if p.ordered && len(residual) == 0 {
		total := end - start
		off, n := pageWindow(total, q, repeatLastPage)
		ids := make([]int64, n)
		for i := range ids {
			if p.desc {
				ids[i] = idx.keys[end-1-off-i].id
			} else {
				ids[i] = idx.keys[start+off+i].id
			}
		}
		return Result{IDs: ids, Total: total}, nil
	}
	scan := func(take func(id int64)) {
		for i := start; i < end; i++ {
			pos := i
			if p.desc {
				pos = end - 1 - (i - start)
			}
			id := idx.keys[pos].id
			if r := t.record(id); r != nil && matchAll(residual, r) {
				take(id)
			}
		}
	}
	if !p.ordered && q.PageSize > 0 {
		return t.scannedPage(q, repeatLastPage, end-start, scan), nil
	}
	var matches []int64
	scan(func(id int64) { matches = append(matches, id) })
	if !p.ordered {
		t.sortIDs(matches, q.SortOrders)
	}
	off, n := pageWindow(len(matches), q, repeatLastPage)
	return Result{IDs: matches[off : off+n : off+n], Total: len(matches)}, nil
}

// listedIDs finds a filter group that is one "entity_id in" list of a
// few ids (how a client reads a batch of known records), and returns its
// ids sorted and without repeats.
func listedIDs(groups []FilterGroup) ([]int64, bool) {
	for _, g := range groups {
		if len(g.Filters) != 1 || g.Filters[0].Field != "entity_id" || normalizeCondition(g.Filters[0].ConditionType) != "in" {
			continue
		}
		parts := strings.Split(g.Filters[0].Value, ",")
		if len(parts) > maxListedIDs {
			return nil, false
		}
		ids := make([]int64, 0, len(parts))
		for _, p := range parts {
			id, err := strconv.ParseInt(strings.TrimSpace(p), 10, 64)
			if err != nil {
				return nil, false
			}
			ids = append(ids, id)
		}
		slices.Sort(ids)
		return slices.Compact(ids), true
	}
	return nil, false
}

// maxListedIDs is the longest id list read record by record rather than
// by scanning an index.
const maxListedIDs = 1000

// runListed answers a query with an "entity_id in" list by fetching the
// listed records, as MySQL would by primary key.
func (t *table[T]) runListed(ids []int64, groups []compiledGroup[T], q *Query, repeatLastPage bool) Result {
	var matches []int64
	for _, id := range ids {
		if r := t.record(id); r != nil && matchAll(groups, r) {
			matches = append(matches, id)
		}
	}
	t.sortIDs(matches, q.SortOrders)
	off, n := pageWindow(len(matches), q, repeatLastPage)
	return Result{IDs: matches[off : off+n : off+n], Total: len(matches)}
}

func matchAll[T any](groups []compiledGroup[T], r *T) bool {
	for _, g := range groups {
		if !g.match(r) {
			return false
		}
	}
	return true
}

// pageWindow is the offset and length of the requested page. Past the end,
// 2.4 answers an empty page; ≤2.3 clamps to the last page and repeats it.
func pageWindow(total int, q *Query, repeatLastPage bool) (off, n int) {
	if q.PageSize <= 0 {
		return 0, total
	}
	page := max(q.CurrentPage, 1)
	size := q.PageSize
	if page-1 > total/size {
		page = total/size + 2 // past the end; avoids overflow on huge pages
	}
	off = (page - 1) * size
	if off >= total {
		if !repeatLastPage || total == 0 {
			return total, 0
		}
		off = (total - 1) / size * size
	}
	return off, min(size, total-off)
}

type plan struct {
	scope   int
	drive   string
	desc    bool
	ordered bool // the index order is the requested order
	lo, hi  indexKey
	used    []bool
}

func (t *table[T]) plan(q *Query, groups []compiledGroup[T]) plan {
	p := plan{drive: "entity_id", ordered: true, used: make([]bool, len(groups)),
		lo: indexKey{math.MinInt64, minID}, hi: indexKey{math.MaxInt64, maxID}}
	if t.scopeField != "" {
		for i, g := range groups {
			if len(g.filters) != 1 || g.filters[0].Field != t.scopeField || normalizeCondition(g.filters[0].ConditionType) != "eq" {
				continue
			}
			if v, err := strconv.Atoi(strings.TrimSpace(g.filters[0].Value)); err == nil && v > 0 && t.index("entity_id", v) != nil {
				p.scope, p.used[i] = v, true
				break
			}
		}
	}
	if len(q.SortOrders) > 0 {
		first := q.SortOrders[0]
		if t.index(first.Field, p.scope) == nil {
			p.ordered = false
		} else {
			p.drive, p.desc = first.Field, first.desc()
			if first.Field != "entity_id" && len(q.SortOrders) > 1 {
				second := q.SortOrders[1]
				p.ordered = second.Field == "entity_id" && second.desc() == p.desc
			}
		}
	} else {
		for _, g := range groups {
			f := g.filters
			if len(f) == 1 && f[0].Field != "entity_id" && isRange(f[0].ConditionType) && t.index(f[0].Field, p.scope) != nil {
				p.drive = g.filters[0].Field
				break
			}
		}
	}
	kind := t.columns[p.drive].kind
	for i, g := range groups {
		if len(g.filters) == 1 && g.filters[0].Field == p.drive {
			p.used[i] = p.narrow(kind, g.filters[0])
			if p.used[i] && t.columns[p.drive].nullable {
				p.raiseLo(indexKey{1, minID}) // a comparison is never true for NULL (stored as 0)
			}
		}
	}
	if p.drive != "entity_id" {
		for i, g := range groups {
			if len(g.filters) == 2 && !p.used[i] {
				p.used[i] = p.keyset(kind, g.filters)
			}
		}
	}
	return p
}

func isRange(cond string) bool {
	switch normalizeCondition(cond) {
	case "eq", "gt", "gteq", "lt", "lteq":
		return true
	}
	return false
}

// narrow applies a range filter on the driving field to the index bounds.
func (p *plan) narrow(kind fieldKind, f Filter) bool {
	v, ok := parseNumber(kind, f.Value)
	if !ok {
		return false
	}
	switch normalizeCondition(f.ConditionType) {
	case "eq":
		p.raiseLo(indexKey{v, minID})
		p.lowerHi(indexKey{v, maxID})
	case "gt":
		p.raiseLo(indexKey{v, maxID})
	case "gteq":
		p.raiseLo(indexKey{v, minID})
	case "lt":
		p.lowerHi(indexKey{v, minID})
	case "lteq":
		p.lowerHi(indexKey{v, maxID})
	default:
		return false
	}
	return true
}

// keyset recognises the OR group of a keyset pager,
// "drive gt T OR entity_id gt ID", which together with "drive gteq T" is the
// composite bound (drive, entity_id) > (T, ID).
func (p *plan) keyset(kind fieldKind, fs []Filter) bool {
	a, b := fs[0], fs[1]
	if a.Field == "entity_id" {
		a, b = b, a
	}
	if a.Field != p.drive || b.Field != "entity_id" || normalizeCondition(a.ConditionType) != "gt" {
		return false
	}
	t, ok1 := parseNumber(kind, a.Value)
	id, ok2 := parseNumber(kindInt, b.Value)
	if !ok1 || !ok2 || p.lo.v < t {
		return false
	}
	switch normalizeCondition(b.ConditionType) {
	case "gt":
		p.raiseLo(indexKey{t, id + 1})
	case "gteq":
		p.raiseLo(indexKey{t, id})
	default:
		return false
	}
	return true
}

func (p *plan) raiseLo(k indexKey) {
	if p.lo.less(k) {
		p.lo = k
	}
}

func (p *plan) lowerHi(k indexKey) {
	if k.less(p.hi) {
		p.hi = k
	}
}
