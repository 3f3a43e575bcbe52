package magento

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestPageReportsBadRecordsAndKeepsTheRest(t *testing.T) {
	body := `{"items":[
	 {"id":1,"email":"a@example.com","firstname":"A","lastname":"One","created_at":"2024-01-01 00:00:00","updated_at":"2024-01-02 00:00:00","dob":"1980-01-31","website_id":1,
	  "addresses":[{"id":7,"customer_id":1,"region":{"region_code":null,"region":null,"region_id":0},"region_id":0,"country_id":"DE","street":["Hauptstr. 1"],"city":"Berlin","firstname":"A","lastname":"One","default_billing":true}],
	  "default_billing":"7","extension_attributes":{"is_subscribed":true},"custom_attributes":[{"attribute_code":"tags","value":["x",1]},{"attribute_code":"note","value":"hi"}]},
	 {"id":2,"email":"b@example.com","firstname":"B","created_at":"2024-01-01 00:00:00","updated_at":"2024-01-03 00:00:00"},
	 {"id":3,"email":"c@example.com","firstname":"C","lastname":"Three","created_at":"2024-01-01 00:00:00","updated_at":"2024-01-04 00:00:00","dob":"1980-02-30"},
	 {"id":4,"email":"d@example.com","firstname":"D","lastname":"Four","created_at":"yesterday","updated_at":"2024-01-05 00:00:00"},
	 {"id":5,"email":"e@example.com","firstname":"E","lastname":"Five","created_at":"2024-01-01 00:00:00","updated_at":"2024-01-06 00:00:00","group_id":"gold"},
	 {"email":"f@example.com","firstname":"F","lastname":"Six","created_at":"2024-01-01 00:00:00","updated_at":"2024-01-07 00:00:00"},
	 {"id":7,"email":"g@example.com","firstname":"G","lastname":"Seven","created_at":"2024-01-01 00:00:00","updated_at":"2024-01-08 00:00:00"}
	],"search_criteria":{"page_size":10},"total_count":7}`
	page, err := decodePage([]byte(body), 0, convertCustomer)
	if err != nil {
		t.Fatal(err)
	}
	if page.TotalCount != 7 || page.Len() != 7 {
		t.Errorf("TotalCount=%d Len=%d", page.TotalCount, page.Len())
	}
	var ids []int
	for _, c := range page.Items {
		ids = append(ids, c.ID)
	}
	if len(ids) != 2 || ids[0] != 1 || ids[1] != 7 {
		t.Fatalf("good ids = %v, want [1 7]", ids)
	}
	wantProblems := []struct {
		id     int
		reason string
	}{
		{2, "missing lastname"},
		{3, `invalid dob "1980-02-30"`},
		{4, `invalid created_at "yesterday"`},
		{5, "/group_id"},
		{0, "missing id"},
	}
	if len(page.Problems) != len(wantProblems) {
		t.Fatalf("problems = %v", page.Problems)
	}
	for i, w := range wantProblems {
		p := page.Problems[i]
		if p.ID != w.id || !strings.Contains(p.Reason, w.reason) {
			t.Errorf("problem %d = %+v, want id %d and reason containing %q", i, p, w.id, w.reason)
		}
	}
	c := page.Items[0]
	if c.DOB != (Date{1980, time.January, 31}) || !c.UpdatedAt.Equal(time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)) ||
		c.IsSubscribed == nil || !*c.IsSubscribed || c.DefaultBilling != "7" || len(c.Addresses) != 1 ||
		c.Addresses[0].Street[0] != "Hauptstr. 1" || !c.Addresses[0].DefaultBilling ||
		c.CustomAttributes[0].Value != `["x",1]` || c.CustomAttributes[1].Value != "hi" {
		t.Errorf("customer 1 = %+v", c)
	}
	if page.Items[1].IsSubscribed != nil {
		t.Error("a missing is_subscribed must stay nil")
	}
	// The pagers still know where record 5 (a type error) sits.
	if k := page.keys[4]; k.id != 5 || !k.hasTime {
		t.Errorf("key of the undecodable record = %+v", k)
	}
}

func TestPageBodyErrorsFailTheWholePage(t *testing.T) {
	whole := samplePage(3)
	for name, body := range map[string]string{
		"truncated":      string(whole[:len(whole)/2]),
		"truncated item": string(whole[:40]),
		"html":           "<html>502 Bad Gateway</html>",
		"empty":          "",
		"trailing data":  string(whole) + "{}",
		"array":          "[]",
	} {
		if _, err := decodePage([]byte(body), 0, convertCustomer); !errors.Is(err, errBadPage) {
			t.Errorf("%s: err = %v, want a bad page", name, err)
		}
	}
	if page, err := decodePage([]byte(`{"items":[],"total_count":0}`), 0, convertCustomer); err != nil || page.Len() != 0 {
		t.Errorf("empty page: %v %v", page, err)
	}
}

func TestDecodeSamplePage(t *testing.T) {
	page, err := decodePage(samplePage(1000), 1000, convertCustomer)
	if err != nil || len(page.Items) != 1000 || len(page.Problems) != 0 || page.TotalCount != 10000 {
		t.Fatalf("err=%v items=%d problems=%v", err, len(page.Items), page.Problems)
	}
}
