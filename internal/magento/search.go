package magento

import (
	"net/url"
	"strconv"
	"strings"
)

// Condition is a searchCriteria condition_type.
type Condition string

// The condition types Magento's collections understand.
const (
	Eq      Condition = "eq"
	Neq     Condition = "neq"
	Gt      Condition = "gt"
	Gteq    Condition = "gteq"
	Lt      Condition = "lt"
	Lteq    Condition = "lteq"
	Like    Condition = "like" // value uses SQL wildcards: %, _
	Nlike   Condition = "nlike"
	In      Condition = "in"  // value is a comma list
	Nin     Condition = "nin" // value is a comma list
	Finset  Condition = "finset"
	Nfinset Condition = "nfinset"
	From    Condition = "from" // used together with To on the same field
	To      Condition = "to"
	Null    Condition = "null"
	NotNull Condition = "notnull"
)

// Filter is one condition on one field.
type Filter struct {
	Field     string
	Condition Condition // "" means eq
	Value     string
}

// F builds a Filter.
func F(field string, cond Condition, value string) Filter {
	return Filter{Field: field, Condition: cond, Value: value}
}

// Direction is a sort direction.
type Direction string

// Sort directions; Magento rejects anything else.
const (
	Asc  Direction = "ASC"
	Desc Direction = "DESC"
)

// SortOrder sorts by one field.
type SortOrder struct {
	Field     string
	Direction Direction
}

// SearchCriteria is Magento's searchCriteria: the filters of one group are
// OR'ed, groups are AND'ed. The zero value matches everything, unsorted and
// unpaged. Its methods return a changed copy, so a value can be reused as a
// template.
type SearchCriteria struct {
	Groups      [][]Filter
	SortOrders  []SortOrder
	PageSize    int // 0: not sent (Magento: no limit, or 20 with input limits on)
	CurrentPage int // 0: not sent (Magento: page 1)
}

// NewSearch returns empty criteria.
func NewSearch() SearchCriteria { return SearchCriteria{} }

// Where adds a filter group: the record must match at least one of filters.
func (s SearchCriteria) Where(filters ...Filter) SearchCriteria {
	s.Groups = append(append([][]Filter(nil), s.Groups...), append([]Filter(nil), filters...))
	return s
}

// SortBy adds a sort order after the existing ones.
func (s SearchCriteria) SortBy(field string, dir Direction) SearchCriteria {
	s.SortOrders = append(append([]SortOrder(nil), s.SortOrders...), SortOrder{field, dir})
	return s
}

// Size sets the page size.
func (s SearchCriteria) Size(n int) SearchCriteria { s.PageSize = n; return s }

// Page sets the current page, from 1.
func (s SearchCriteria) Page(n int) SearchCriteria { s.CurrentPage = n; return s }

// Encode writes the criteria as a query string in a fixed, readable order.
// Every value is percent-encoded with spaces as %20 (never "+", which
// Magento's OAuth check would read as a plus sign) and "%" as %25. Empty
// criteria encode as "searchCriteria=", which Magento reads as "everything"
// on routes where searchCriteria is required.
func (s SearchCriteria) Encode() string {
	var b strings.Builder
	add := func(key, value string) {
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(escape(key))
		b.WriteByte('=')
		b.WriteString(escape(value))
	}
	for g, group := range s.Groups {
		for f, filter := range group {
			prefix := "searchCriteria[filter_groups][" + strconv.Itoa(g) + "][filters][" + strconv.Itoa(f) + "]"
			add(prefix+"[field]", filter.Field)
			add(prefix+"[value]", filter.Value)
			cond := filter.Condition
			if cond == "" {
				cond = Eq
			}
			add(prefix+"[condition_type]", string(cond))
		}
	}
	for i, o := range s.SortOrders {
		prefix := "searchCriteria[sortOrders][" + strconv.Itoa(i) + "]"
		add(prefix+"[field]", o.Field)
		add(prefix+"[direction]", string(o.Direction))
	}
	if s.PageSize > 0 {
		add("searchCriteria[pageSize]", strconv.Itoa(s.PageSize))
	}
	if s.CurrentPage > 0 {
		add("searchCriteria[currentPage]", strconv.Itoa(s.CurrentPage))
	}
	if b.Len() == 0 {
		return "searchCriteria="
	}
	return b.String()
}

// Values returns the criteria as url.Values.
func (s SearchCriteria) Values() url.Values {
	v, _ := url.ParseQuery(s.Encode())
	return v
}

// escape is url.QueryEscape with spaces as %20.
func escape(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}
