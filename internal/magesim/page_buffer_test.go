package magesim

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"
)

// TestConcurrentSearchesKeepTheirOwnPages: search answers are written into
// recycled buffers; searches of different pages at once each get whole,
// well-formed answers of their own page.
func TestConcurrentSearchesKeepTheirOwnPages(t *testing.T) {
	e := newEnv(t, Options{Customers: 400})
	e.admin("GET", "/rest/V1/customers/search?searchCriteria[pageSize]=1", "") // the token, once
	var wg sync.WaitGroup
	for page := 1; page <= 8; page++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 10 {
				a := e.admin("GET", fmt.Sprintf("/rest/V1/customers/search?searchCriteria[pageSize]=50&searchCriteria[currentPage]=%d", page), "")
				var got struct {
					Items []struct {
						ID int `json:"id"`
					} `json:"items"`
					TotalCount int `json:"total_count"`
				}
				if err := json.Unmarshal(a.body, &got); err != nil || len(got.Items) != 50 || got.TotalCount != 400 {
					t.Errorf("page %d: %d items of %d (%v)", page, len(got.Items), got.TotalCount, err)
					return
				}
				for i, it := range got.Items {
					if want := (page-1)*50 + i + 1; it.ID != want {
						t.Errorf("page %d item %d: customer %d, want %d", page, i, it.ID, want)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}

// TestTimesAreWrittenAsMagentoDoes: appendTimeField writes what
// Time.Format with Magento's layout writes.
func TestTimesAreWrittenAsMagentoDoes(t *testing.T) {
	for _, tm := range []time.Time{time.Unix(0, 0), testEpoch, time.Date(2009, 12, 31, 23, 59, 59, 0, time.UTC),
		time.Date(2024, 2, 29, 1, 2, 3, 0, time.UTC), time.Date(999, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(12000, 5, 6, 7, 8, 9, 0, time.UTC)} {
		want := `"t":"` + tm.UTC().Format(timeLayout) + `"`
		if got := string(appendTimeField(nil, "t", tm.Unix())); got != want {
			t.Errorf("%v: %s, want %s", tm, got, want)
		}
	}
}

// TestStringsAreEscapedAsPHPDoes: appendString escapes as json_encode does
// by default: "/" and every non-ASCII character (as UTF-16), controls as
// \uXXXX, plain runs as they are.
func TestStringsAreEscapedAsPHPDoes(t *testing.T) {
	for in, want := range map[string]string{
		"":                   `""`,
		"Plain text 123":     `"Plain text 123"`,
		`a/b "q" \z`:         `"a\/b \"q\" \\z"`,
		"Zürich\n2\tx\r\x01": `"Z\u00fcrich\n2\tx\r\u0001"`,
		"Łódź 😀 end":         `"\u0141\u00f3d\u017a \ud83d\ude00 end"`,
		"東京":                 `"\u6771\u4eac"`,
		"ends with é":        `"ends with \u00e9"`,
	} {
		if got := string(appendString(nil, in)); got != want {
			t.Errorf("%q: %s, want %s", in, got, want)
		}
	}
}
