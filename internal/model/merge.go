package model

import (
	"maps"
	"slices"
	"sort"
	"strings"
)

// Snapshot is a customer in the terms both magecrm and Magento hold, for
// the three-way merge of the push: scalar fields by name (store, group
// and website as Magento ids, newsletter as "1", "0" or "" for unknown),
// and addresses by key — "m<Magento id>" for addresses Magento has,
// "new<n>" for ones only magecrm has so far. The snapshot saved with a
// customer is the last state both sides agreed on: the merge's base.
type Snapshot struct {
	Fields    map[string]string            `json:"fields"`
	Addresses map[string]map[string]string `json:"addresses"`
}

// The scalar fields of a Snapshot, in the order the history lists them.
var SnapshotFields = []string{"website", "store", "group", "prefix", "firstname", "middlename", "lastname", "suffix",
	"email", "dob", "gender", "taxvat", "newsletter"}

// Conflict is a field both sides changed to different values since they
// last agreed: Took is the value kept (by the channel's priority), Lost the
// other one, which goes in the customer's history.
type Conflict struct {
	Field         string
	Local, Remote string
	Took, Lost    string
	TookLocal     bool
	// LostAddress is, for an address (Field "address <key>"), the whole
	// address that lost; nil when the losing side had removed it.
	LostAddress map[string]string
}

// MergeResult is what the merge decided.
type MergeResult struct {
	Result    Snapshot
	Conflicts []Conflict
}

// Merge compares base, local and remote field by field: a field changed on
// one side only takes that side's value; a field changed on both sides to
// different values is a conflict decided by localWins. Addresses merge as
// wholes by key: one added, changed or removed on one side only goes
// across; one changed on both sides, or changed on one and removed on the
// other, is a conflict. A newsletter state that one side does not know
// ("") never wins over one it knows.
func Merge(base, local, remote Snapshot, localWins bool) MergeResult {
	var r MergeResult
	r.Result.Fields = map[string]string{}
	for _, f := range unionKeys(base.Fields, local.Fields, remote.Fields) {
		b, l, m := base.Fields[f], local.Fields[f], remote.Fields[f]
		v, c := merge3(f, b, l, m, localWins)
		if f == "newsletter" && (l == "" || m == "") {
			v, c = max(l, m), nil
		}
		r.Result.Fields[f] = v
		if c != nil {
			r.Conflicts = append(r.Conflicts, *c)
		}
	}
	r.Result.Addresses = map[string]map[string]string{}
	for _, k := range unionKeys(base.Addresses, local.Addresses, remote.Addresses) {
		v, c := mergeAddress(k, base.Addresses[k], local.Addresses[k], remote.Addresses[k], localWins)
		if c != nil {
			r.Conflicts = append(r.Conflicts, *c)
		}
		if len(v) > 0 {
			r.Result.Addresses[k] = v
		}
	}
	return r
}

// mergeAddress merges one address as a whole, as merge3 merges a value
// (nil or empty: there is none).
func mergeAddress(k string, b, l, m map[string]string, localWins bool) (map[string]string, *Conflict) {
	switch {
	case maps.Equal(l, m), maps.Equal(m, b):
		return l, nil
	case maps.Equal(l, b):
		return m, nil
	}
	took, lost := m, l
	if localWins {
		took, lost = l, m
	}
	return took, &Conflict{Field: "address " + k, Local: AddressLine(l), Remote: AddressLine(m), Took: AddressLine(took),
		Lost: AddressLine(lost), TookLocal: localWins, LostAddress: lost}
}

// merge3 merges one value.
func merge3(field, b, l, m string, localWins bool) (string, *Conflict) {
	switch {
	case l == m:
		return l, nil
	case l == b:
		return m, nil
	case m == b:
		return l, nil
	}
	c := &Conflict{Field: field, Local: l, Remote: m, TookLocal: localWins}
	if localWins {
		c.Took, c.Lost = l, m
	} else {
		c.Took, c.Lost = m, l
	}
	return c.Took, c
}

// AddressKey is an address's fields in one comparable string; "" for none.
func AddressKey(a map[string]string) string {
	if a == nil {
		return ""
	}
	keys := make([]string, 0, len(a))
	n := 0
	for k, v := range a {
		keys = append(keys, k)
		n += len(k) + len(v) + 2
	}
	slices.Sort(keys)
	var b strings.Builder
	b.Grow(n)
	for _, k := range keys {
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(a[k])
		b.WriteByte('\x1f')
	}
	return b.String()
}

func unionKeys[V any](ms ...map[string]V) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range ms {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}

// Equal reports whether two snapshots hold the same fields and addresses.
func (s Snapshot) Equal(o Snapshot) bool {
	if len(s.Addresses) != len(o.Addresses) {
		return false
	}
	for k, a := range s.Addresses {
		if !maps.Equal(a, o.Addresses[k]) {
			return false
		}
	}
	return maps.Equal(s.Fields, o.Fields)
}

// FillFrom copies the named fields, and the named address fields of each
// address (matched by key), from src into s: what a store does not answer
// takes the value of the last state both sides agreed on. A region code is
// not copied to an address whose region changed: it is another region's.
func (s Snapshot) FillFrom(src Snapshot, fields, addressFields []string) {
	for _, f := range fields {
		s.Fields[f] = src.Fields[f]
	}
	for k, a := range s.Addresses {
		from := src.Addresses[k]
		for _, f := range addressFields {
			a[f] = from[f]
			if f == "region_code" && a["region_id"] != from["region_id"] {
				a[f] = ""
			}
		}
	}
}

// AddressLine is a snapshot address in one line for the history.
func AddressLine(a map[string]string) string {
	if a == nil {
		return "(none)"
	}
	var parts []string
	for _, k := range []string{"street", "city", "region", "postcode", "country"} {
		if v := strings.TrimSpace(strings.ReplaceAll(a[k], "\n", ", ")); v != "" {
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, ", ")
}
