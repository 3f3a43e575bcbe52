package magento

import (
	"net/url"
	"strings"
	"testing"
)

func TestSearchCriteriaEncode(t *testing.T) {
	sc := NewSearch().
		Where(F("updated_at", Gteq, "2024-05-01 00:00:00")).
		Where(F("email", Like, "%@example.com"), F("firstname", "", "A+B")).
		SortBy("updated_at", Asc).SortBy("entity_id", Desc).
		Size(100).Page(2)
	got := sc.Encode()
	want := strings.Join([]string{
		"searchCriteria%5Bfilter_groups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bfield%5D=updated_at",
		"searchCriteria%5Bfilter_groups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bvalue%5D=2024-05-01%2000%3A00%3A00",
		"searchCriteria%5Bfilter_groups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bcondition_type%5D=gteq",
		"searchCriteria%5Bfilter_groups%5D%5B1%5D%5Bfilters%5D%5B0%5D%5Bfield%5D=email",
		"searchCriteria%5Bfilter_groups%5D%5B1%5D%5Bfilters%5D%5B0%5D%5Bvalue%5D=%25%40example.com",
		"searchCriteria%5Bfilter_groups%5D%5B1%5D%5Bfilters%5D%5B0%5D%5Bcondition_type%5D=like",
		"searchCriteria%5Bfilter_groups%5D%5B1%5D%5Bfilters%5D%5B1%5D%5Bfield%5D=firstname",
		"searchCriteria%5Bfilter_groups%5D%5B1%5D%5Bfilters%5D%5B1%5D%5Bvalue%5D=A%2BB",
		"searchCriteria%5Bfilter_groups%5D%5B1%5D%5Bfilters%5D%5B1%5D%5Bcondition_type%5D=eq",
		"searchCriteria%5BsortOrders%5D%5B0%5D%5Bfield%5D=updated_at",
		"searchCriteria%5BsortOrders%5D%5B0%5D%5Bdirection%5D=ASC",
		"searchCriteria%5BsortOrders%5D%5B1%5D%5Bfield%5D=entity_id",
		"searchCriteria%5BsortOrders%5D%5B1%5D%5Bdirection%5D=DESC",
		"searchCriteria%5BpageSize%5D=100",
		"searchCriteria%5BcurrentPage%5D=2",
	}, "&")
	if got != want {
		t.Errorf("Encode =\n%s\nwant\n%s", got, want)
	}
	if strings.Contains(got, "+") {
		t.Error("a space or plus was written as '+'")
	}
	v, err := url.ParseQuery(got)
	if err != nil || v.Get("searchCriteria[filter_groups][1][filters][0][value]") != "%@example.com" ||
		v.Get("searchCriteria[filter_groups][0][filters][0][value]") != "2024-05-01 00:00:00" {
		t.Errorf("round trip: %v %v", err, v)
	}
	if NewSearch().Encode() != "searchCriteria=" {
		t.Errorf("empty criteria = %q", NewSearch().Encode())
	}
}

func TestSearchCriteriaIsAValue(t *testing.T) {
	base := NewSearch().Where(F("website_id", Eq, "1"))
	a := base.Where(F("a", Eq, "1"))
	b := base.Where(F("b", Eq, "2"))
	if len(base.Groups) != 1 || a.Groups[1][0].Field != "a" || b.Groups[1][0].Field != "b" {
		t.Errorf("builder shares state: base=%v a=%v b=%v", base.Groups, a.Groups, b.Groups)
	}
}
