package magento

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"magecrm/internal/magesim"
)

// samplePage builds a page like a Magento 2.4 customers search answer: n
// customers with one or two addresses each.
func samplePage(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"items":[`)
	for i := 1; i <= n; i++ {
		if i > 1 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":%d,"group_id":1,"default_billing":"%d","default_shipping":"%d",`+
			`"created_at":"2023-04-%02d 10:11:12","updated_at":"2024-05-%02d 08:09:10","created_in":"Default Store View",`+
			`"dob":"1980-03-%02d","email":"customer%d@example.com","firstname":"Firstname%d","lastname":"Lastname%d",`+
			`"gender":2,"store_id":1,"website_id":1,"addresses":[`, i, 2*i, 2*i, i%28+1, i%28+1, i%28+1, i, i, i)
		for a := 0; a < 1+i%2; a++ {
			if a > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"id":%d,"customer_id":%d,"region":{"region_code":"TX","region":"Texas","region_id":57},"region_id":57,`+
				`"country_id":"US","street":["%d Main Street","Suite %d"],"telephone":"555-01%04d","postcode":"7%04d",`+
				`"city":"Austin","firstname":"Firstname%d","lastname":"Lastname%d","default_billing":true,"default_shipping":true}`,
				2*i+a, i, i, a, i%10000, i%10000, i, i)
		}
		b.WriteString(`],"disable_auto_group_change":0,"extension_attributes":{"is_subscribed":false}}`)
	}
	fmt.Fprintf(&b, `],"search_criteria":{"filter_groups":[],"page_size":%d,"current_page":1},"total_count":%d}`, n, n*10)
	return []byte(b.String())
}

func BenchmarkDecodeCustomerPage(b *testing.B) {
	body := samplePage(1000)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		page, err := decodePage(body, 1000, convertCustomer)
		if err != nil || len(page.Items) != 1000 {
			b.Fatal(err, len(page.Items))
		}
	}
}

// BenchmarkSearchCustomersFromSim measures a 1000-customer page end to end:
// the simulator writes it, HTTP carries it, the client decodes it.
func BenchmarkSearchCustomersFromSim(b *testing.B) {
	sim, err := magesim.New(magesim.Options{Customers: 20000, BearerEnabled: true, AccessToken: secretAccessToken})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(sim.Handler())
	defer srv.Close()
	c, err := New(Config{BaseURL: srv.URL, Auth: bearerAuth})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		sc := NewSearch().Where(F("entity_id", Gt, strconv.Itoa(n%19*1000))).SortBy("entity_id", Asc).Size(1000)
		page, err := c.SearchCustomers(context.Background(), sc)
		if err != nil || len(page.Items) != 1000 {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(n)/1000, "ms/page")
}
