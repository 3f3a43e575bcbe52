package magesim

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestPagesOfASortNoIndexServes: a sort no index serves (names, with
// NULL middle names, case and ties) answers every page as the whole sorted
// list cut into pages, past the end as the version does, with a filter no
// index serves beside it.
func TestPagesOfASortNoIndexServes(t *testing.T) {
	for _, version := range []string{"2.4", "2.3"} {
		e := newEnv(t, Options{Customers: 61, Version: version})
		var cs []Customer
		for _, c := range e.all() {
			if c.GroupID != 1 {
				cs = append(cs, c)
			}
		}
		for _, s := range []struct {
			fields []string
			desc   []bool
		}{
			{[]string{"lastname", "firstname"}, []bool{true, false}},
			{[]string{"middlename"}, []bool{false}},
			{[]string{"middlename", "email"}, []bool{true, true}},
		} {
			want := sortedByHand(cs, s.fields, s.desc)
			q := join(filter(0, 0, "group_id", "1", "neq"))
			for i, f := range s.fields {
				dir := map[bool]string{false: "ASC", true: "DESC"}[s.desc[i]]
				q += "&" + criteria(fmt.Sprintf("sortOrders][%d][field", i), f, fmt.Sprintf("sortOrders][%d][direction", i), dir)
			}
			name := fmt.Sprintf("%s %v %v", version, s.fields, s.desc)
			var got []int
			const size = 7
			pages := (len(want) + size - 1) / size
			for page := 1; page <= pages+2; page++ {
				r := e.search(searchPath, q+"&"+criteria("pageSize", fmt.Sprint(size), "currentPage", fmt.Sprint(page)))
				if r.TotalCount != len(want) {
					t.Fatalf("%s page %d: total %d, want %d", name, page, r.TotalCount, len(want))
				}
				if page <= pages {
					got = append(got, ids(r.Items)...)
					continue
				}
				past := []int{}
				if version == "2.3" {
					past = want[(pages-1)*size:]
				}
				if !slices.Equal(ids(r.Items), past) {
					t.Errorf("%s page %d, past the end: %v, want %v", name, page, ids(r.Items), past)
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: pages %v\nwant %v", name, got, want)
			}
		}
	}
}

// sortedByHand sorts customers as MySQL does: texts regardless of case,
// NULL (empty) first ascending, ties by id.
func sortedByHand(cs []Customer, fields []string, desc []bool) []int {
	get := map[string]func(*Customer) string{
		"lastname": func(c *Customer) string { return c.Lastname }, "firstname": func(c *Customer) string { return c.Firstname },
		"middlename": func(c *Customer) string { return c.Middlename }, "email": func(c *Customer) string { return c.Email },
	}
	sorted := slices.Clone(cs)
	slices.SortFunc(sorted, func(a, b Customer) int {
		for i, f := range fields {
			c := cmp.Compare(strings.ToLower(get[f](&a)), strings.ToLower(get[f](&b)))
			if desc[i] {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return cmp.Compare(a.ID, b.ID)
	})
	out := make([]int, len(sorted))
	for i, c := range sorted {
		out[i] = c.ID
	}
	return out
}

// TestFirstIDsKeepsOnlyThePage: the scan's heap holds the k first ids,
// never more, whatever the order they come in.
func TestFirstIDsKeepsOnlyThePage(t *testing.T) {
	ids := make([]int64, 10_000)
	for i := range ids {
		ids[i] = int64(i + 1)
	}
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	byValue := func(a, b int64) int { return cmp.Compare(a%97, b%97)*2 + cmp.Compare(a, b) }
	keep := firstIDs{k: 30, cmp: byValue}
	for _, id := range ids {
		keep.offer(id)
		if len(keep.ids) > 30 {
			t.Fatalf("holds %d ids, want at most 30", len(keep.ids))
		}
	}
	want := slices.SortedFunc(slices.Values(ids), byValue)[:30]
	if got := keep.sorted(); !slices.Equal(got, want) {
		t.Fatalf("kept %v, want %v", got, want)
	}
}

func TestCompareFoldIsCompareOfLowerCase(t *testing.T) {
	words := []string{"", "a", "A", "ab", "Ab", "b", "É", "é", "e", "z", "Z", "\xff", "straße", "STRASSE", "ǅ", "ǆ", "a\xffb"}
	for _, a := range words {
		for _, b := range words {
			if got, want := compareFold(a, b), strings.Compare(strings.ToLower(a), strings.ToLower(b)); got != want {
				t.Errorf("compareFold(%q, %q) = %d, want %d", a, b, got, want)
			}
		}
	}
}
