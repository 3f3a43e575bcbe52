package magesim

import "strings"

// soapCondition is one operator and value of a filter on a field.
type soapCondition struct{ op, value string }

// soapFieldFilter is every condition sent for one field, in the order sent.
type soapFieldFilter struct {
	field string
	conds []soapCondition
}

// parseSOAPFilters reads a `filters` argument as Mage_Api_Helper_Data::
// parseFilters does: each `filter` entry is field = value (eq); each
// `complex_filter` entry is field → {operator: value}, and several on one
// field are merged into one condition array, a repeated operator keeping
// its first value; a repeated `filter` field keeps its last value. A field named by `filter` ignores its complex filters
// (PHP's array union). fieldMap renames API fields (customer_id →
// entity_id).
func parseSOAPFilters(n *xmlNode, fieldMap map[string]string) []soapFieldFilter {
	var out []soapFieldFilter
	index := map[string]int{}
	simple := map[string]bool{}
	add := func(field string, c soapCondition, fromSimple bool) {
		i, ok := index[field]
		if !ok {
			index[field] = len(out)
			out = append(out, soapFieldFilter{field: field})
			i = len(out) - 1
			simple[field] = fromSimple
		} else if simple[field] {
			if fromSimple { // a later filter entry on the same field overwrites
				out[i].conds = []soapCondition{c}
			}
			return
		}
		for _, have := range out[i].conds {
			if have.op == c.op {
				return
			}
		}
		out[i].conds = append(out[i].conds, c)
	}
	for _, e := range n.child("filter").items() {
		key, ok1 := e.child("key").str()
		value, ok2 := e.child("value").str()
		if ok1 && ok2 {
			add(key, soapCondition{"eq", value}, true)
		}
	}
	for _, e := range n.child("complex_filter").items() {
		key, ok1 := e.child("key").str()
		cond := e.child("value")
		op, ok2 := cond.child("key").str()
		value, ok3 := cond.child("value").str()
		if ok1 && ok2 && ok3 {
			add(key, soapCondition{op, value}, false)
		}
	}
	for i := range out {
		if to, ok := fieldMap[out[i].field]; ok {
			out[i].field = to
		}
	}
	return out
}

// soapQuery turns parsed filters into a store query with the semantics of
// Varien_Db_Adapter_Pdo_Mysql::prepareSqlCondition: a condition array with
// from and/or to applies both (>= and <=); otherwise only its first known
// operator applies and the others are ignored — so gt and lteq sent for one
// field filter by gt alone. in and nin take a comma list.
func soapQuery(filters []soapFieldFilter) *Query {
	q := &Query{}
	known := map[string]bool{"eq": true, "neq": true, "like": true, "nlike": true, "in": true, "nin": true,
		"is": true, "notnull": true, "null": true, "gt": true, "lt": true, "gteq": true, "lteq": true,
		"finset": true, "nfinset": true, "regexp": true, "from": true, "to": true, "seq": true, "sneq": true}
	group := func(field, cond, value string) {
		q.FilterGroups = append(q.FilterGroups, FilterGroup{Filters: []Filter{{Field: field, Value: value, ConditionType: cond}}})
	}
	for _, f := range filters {
		var from, to *soapCondition
		for i, c := range f.conds {
			switch c.op {
			case "from":
				from = &f.conds[i]
			case "to":
				to = &f.conds[i]
			}
		}
		if from != nil || to != nil {
			if from != nil {
				group(f.field, "gteq", from.value)
			}
			if to != nil {
				group(f.field, "lteq", to.value)
			}
			continue
		}
		for _, c := range f.conds {
			if known[c.op] {
				op := c.op
				switch op {
				case "seq":
					op = "eq"
				case "sneq":
					op = "neq"
				}
				group(f.field, op, strings.TrimSpace(c.value))
				break
			}
		}
	}
	return q
}
