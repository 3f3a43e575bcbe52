package magesim

import (
	"net/url"
	"strconv"
	"strings"
)

// phpValue is a query-string value after PHP's parse_str: a string or an
// ordered array of keys to values.
type phpValue struct {
	str  string
	keys []string
	kids map[string]*phpValue
}

func (v *phpValue) isArray() bool { return v.kids != nil }

func (v *phpValue) child(key string) *phpValue {
	if v.kids == nil {
		v.kids = map[string]*phpValue{}
	}
	if key == "" { // "[]" appends
		key = strconv.Itoa(len(v.keys))
	}
	c, ok := v.kids[key]
	if !ok {
		c = &phpValue{}
		v.kids[key] = c
		v.keys = append(v.keys, key)
	}
	return c
}

// parseQuery reads a raw query string as PHP does, so that
// searchCriteria[filter_groups][0][filters][0][field]=x becomes nested arrays.
func parseQuery(raw string) *phpValue {
	root := &phpValue{kids: map[string]*phpValue{}}
	for _, pair := range strings.Split(raw, "&") {
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		key, err := url.QueryUnescape(k)
		if err != nil {
			continue
		}
		val, err := url.QueryUnescape(v)
		if err != nil {
			continue
		}
		base, rest, _ := strings.Cut(key, "[")
		if base == "" {
			continue
		}
		node := root.child(base)
		if rest != "" {
			rest = "[" + rest
		}
		for strings.HasPrefix(rest, "[") {
			end := strings.IndexByte(rest, ']')
			if end < 0 {
				break
			}
			node = node.child(rest[1:end])
			rest = rest[end+1:]
		}
		node.str, node.kids, node.keys = val, nil, nil
	}
	return root
}

// parseCriteria converts the searchCriteria parameter the way Magento's
// ServiceInputProcessor does: snake_case or camelCase keys, an unknown key
// answered with the accessor error, numbers checked.
func parseCriteria(query *phpValue) (*Query, *Error) {
	sc := query.kids["searchCriteria"]
	if sc == nil {
		sc = query.kids["search_criteria"]
	}
	if sc == nil {
		return nil, requiredField("searchCriteria")
	}
	q := &Query{}
	if !sc.isArray() {
		return q, nil
	}
	for _, key := range sc.keys {
		v := sc.kids[key]
		var err *Error
		switch upperCamel(key) {
		case "FilterGroups":
			q.FilterGroups, err = parseFilterGroups(v)
		case "SortOrders":
			q.SortOrders, err = parseSortOrders(v)
		case "PageSize":
			q.PageSize, err = phpInt(v)
			q.HasPageSize = true
		case "CurrentPage":
			q.CurrentPage, err = phpInt(v)
			q.HasCurrentPage = true
		default:
			err = unknownProperty(key, criteriaInterfaceName)
		}
		if err != nil {
			return nil, err
		}
	}
	return q, nil
}

func phpInt(v *phpValue) (int, *Error) {
	if v.isArray() {
		return 0, wrongType("Array", "int")
	}
	s := strings.TrimSpace(v.str)
	if n, err := strconv.Atoi(s); err == nil {
		return n, nil
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return int(f), nil
	}
	return 0, wrongType(v.str, "int")
}

func parseFilterGroups(v *phpValue) ([]FilterGroup, *Error) {
	var groups []FilterGroup
	for _, gk := range v.keys {
		g := v.kids[gk]
		var group FilterGroup
		for _, key := range g.keys {
			if upperCamel(key) != "Filters" {
				return nil, unknownProperty(key, `Magento\Framework\Api\Search\FilterGroup`)
			}
			fs := g.kids[key]
			for _, fk := range fs.keys {
				f, err := parseFilter(fs.kids[fk])
				if err != nil {
					return nil, err
				}
				group.Filters = append(group.Filters, f)
			}
		}
		groups = append(groups, group)
	}
	return groups, nil
}

func parseFilter(v *phpValue) (Filter, *Error) {
	var f Filter
	for _, key := range v.keys {
		val := v.kids[key].str
		switch upperCamel(key) {
		case "Field":
			f.Field = val
		case "Value":
			f.Value = val
		case "ConditionType":
			f.ConditionType = val
		default:
			return f, unknownProperty(key, `Magento\Framework\Api\Filter`)
		}
	}
	return f, nil
}

func parseSortOrders(v *phpValue) ([]SortOrder, *Error) {
	var orders []SortOrder
	for _, ok := range v.keys {
		o := v.kids[ok]
		var s SortOrder
		for _, key := range o.keys {
			val := o.kids[key].str
			switch upperCamel(key) {
			case "Field":
				s.Field = val
			case "Direction":
				d := strings.ToUpper(val)
				if d != "ASC" && d != "DESC" {
					return nil, inputError(msgSortDirection, positional("ASC"), positional("DESC"))
				}
				s.Direction = d
			default:
				return nil, unknownProperty(key, `Magento\Framework\Api\SortOrder`)
			}
		}
		if s.Field != "" {
			orders = append(orders, s)
		}
	}
	return orders, nil
}

// appendCriteria echoes the search criteria as Magento does in search_criteria.
func appendCriteria(b []byte, q *Query) []byte {
	b = append(b, '{')
	b = append(appendField(b, "filter_groups"), '[')
	for i, g := range q.FilterGroups {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		b = append(appendField(b, "filters"), '[')
		for j, f := range g.Filters {
			if j > 0 {
				b = append(b, ',')
			}
			b = append(b, '{')
			b = appendOptString(b, "field", f.Field)
			b = appendOptString(b, "value", f.Value)
			b = appendOptString(b, "condition_type", f.ConditionType)
			b = append(b, '}')
		}
		b = append(b, ']', '}')
	}
	b = append(b, ']')
	if len(q.SortOrders) > 0 {
		b = append(appendField(b, "sort_orders"), '[')
		for i, s := range q.SortOrders {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '{')
			b = appendStringField(b, "field", s.Field)
			b = appendOptString(b, "direction", s.Direction)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	if q.HasPageSize {
		b = appendIntField(b, "page_size", q.PageSize)
	}
	if q.HasCurrentPage {
		b = appendIntField(b, "current_page", q.CurrentPage)
	}
	return append(b, '}')
}
