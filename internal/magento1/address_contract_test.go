package magento1

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// TestAddressRegionContract: how a store settles an address's region and
// region id when it saves the address (OpenMage's getRegion on save): the
// region is named after a region id of the address's country, a number
// that is one of the country's region ids becomes the region, and anything
// else is kept as sent.
func TestAddressRegionContract(t *testing.T) {
	for _, target := range writeTargets(t) {
		t.Run(target.name, func(t *testing.T) {
			ctx := context.Background()
			c := target.client
			email := fmt.Sprintf("contract-region-%d@example.com", time.Now().UnixNano())
			cid, err := c.CreateCustomer(ctx, CustomerInput{Email: &email, Firstname: ptr("Ann"), Lastname: ptr("Lee"), WebsiteID: ptr(1)})
			if err != nil {
				t.Fatal(err)
			}
			in := func(country string, regionID *int, region *string) AddressInput {
				return AddressInput{Firstname: ptr("Ann"), Lastname: ptr("Lee"), Street: []string{"1 Main St"}, City: ptr("Austin"),
					CountryID: ptr(country), RegionID: regionID, Region: region, Postcode: ptr("73301"), Telephone: ptr("555-0100")}
			}
			type region struct {
				name string
				id   int
			}
			read := func(id int) region {
				t.Helper()
				addrs, err := c.Addresses(ctx, cid)
				if err != nil {
					t.Fatal(err)
				}
				for _, a := range addrs {
					if a.ID == id {
						return region{a.Region, a.RegionID}
					}
				}
				t.Fatalf("address %d not found", id)
				return region{}
			}
			for _, tc := range []struct {
				name string
				in   AddressInput
				want region
			}{
				{"US id with other text", in("US", ptr(57), ptr("Foo")), region{"Texas", 57}},
				{"US id as text", in("US", nil, ptr("57")), region{"Texas", 57}},
				{"US code as text", in("US", nil, ptr("TX")), region{"TX", 0}},
				{"US a Canadian id as text", in("US", nil, ptr("66")), region{"66", 0}},
				{"CA id as text", in("CA", nil, ptr("66")), region{"Alberta", 66}},
				{"DE a US id", in("DE", ptr(57), ptr("Somewhere")), region{"Somewhere", 57}},
				{"GB a US id", in("GB", ptr(57), nil), region{"", 57}},
				{"GB a number as text", in("GB", nil, ptr("57")), region{"57", 0}},
			} {
				id, err := c.CreateAddress(ctx, cid, tc.in)
				if err != nil {
					t.Fatalf("%s: %v", tc.name, err)
				}
				if got := read(id); got != tc.want {
					t.Errorf("create, %s: region %+v, want %+v", tc.name, got, tc.want)
				}
			}
			for _, tc := range []struct {
				name string
				in   AddressInput
				want region
			}{
				{"other text only", AddressInput{Region: ptr("Foo")}, region{"Texas", 57}},
				{"country without regions only", AddressInput{CountryID: ptr("GB")}, region{"Texas", 57}},
				{"country and its region id", AddressInput{CountryID: ptr("CA"), RegionID: ptr(66)}, region{"Alberta", 66}},
				{"no region id, other text", AddressInput{RegionID: ptr(0), Region: ptr("Bar")}, region{"Bar", 0}},
			} {
				id, err := c.CreateAddress(ctx, cid, in("US", ptr(57), nil))
				if err != nil {
					t.Fatal(err)
				}
				if err := c.UpdateAddress(ctx, id, tc.in); err != nil {
					t.Fatalf("%s: %v", tc.name, err)
				}
				if got := read(id); got != tc.want {
					t.Errorf("update of a Texas address, %s: region %+v, want %+v", tc.name, got, tc.want)
				}
			}
		})
	}
}

// TestRegionListContract: OpenMage 20 has no Polish regions, and keeps the
// Magento 1 codes of three US regions that Magento 2 made "AE".
func TestRegionListContract(t *testing.T) {
	for _, target := range writeTargets(t) {
		t.Run(target.name, func(t *testing.T) {
			ctx := context.Background()
			if pl, err := target.client.Regions(ctx, "PL"); err != nil || len(pl) != 0 {
				t.Errorf("Poland: %v %+v", err, pl)
			}
			us, err := target.client.Regions(ctx, "US")
			if err != nil {
				t.Fatal(err)
			}
			codes := map[int]string{}
			for _, r := range us {
				codes[r.ID] = r.Code
			}
			if len(us) != 65 || codes[6] != "AF" || codes[8] != "AC" || codes[10] != "AM" || codes[57] != "TX" {
				t.Errorf("United States: %d regions, codes of 6, 8, 10, 57: %q %q %q %q", len(us), codes[6], codes[8], codes[10], codes[57])
			}
		})
	}
}

// TestClearDefaultAddressesContract: the v1 API's customer.update, over
// XML-RPC in the SOAP session, leaves a customer without a default billing
// or shipping address, which SOAP v2 cannot.
func TestClearDefaultAddressesContract(t *testing.T) {
	for _, target := range writeTargets(t) {
		t.Run(target.name, func(t *testing.T) {
			ctx := context.Background()
			c := target.client
			email := fmt.Sprintf("contract-defaults-%d@example.com", time.Now().UnixNano())
			cid, err := c.CreateCustomer(ctx, CustomerInput{Email: &email, Firstname: ptr("Ann"), Lastname: ptr("Lee"), WebsiteID: ptr(1)})
			if err != nil {
				t.Fatal(err)
			}
			aid, err := c.CreateAddress(ctx, cid, AddressInput{Firstname: ptr("Ann"), Lastname: ptr("Lee"), Street: []string{"1 Main St"},
				City: ptr("Austin"), CountryID: ptr("US"), RegionID: ptr(57), Postcode: ptr("73301"), Telephone: ptr("555-0100"),
				DefaultBilling: ptr(true), DefaultShipping: ptr(true)})
			if err != nil {
				t.Fatal(err)
			}
			defaults := func() (billing, shipping bool) {
				t.Helper()
				addrs, err := c.Addresses(ctx, cid)
				if err != nil || len(addrs) != 1 || addrs[0].ID != aid {
					t.Fatalf("addresses: %v %+v", err, addrs)
				}
				return addrs[0].DefaultBilling, addrs[0].DefaultShipping
			}
			if b, s := defaults(); !b || !s {
				t.Fatalf("defaults after create: billing %v, shipping %v", b, s)
			}
			if err := c.ClearDefaultAddresses(ctx, cid, true, false); err != nil {
				t.Fatal(err)
			}
			if b, s := defaults(); b || !s {
				t.Errorf("after clearing billing: billing %v, shipping %v; want false, true", b, s)
			}
			if err := c.ClearDefaultAddresses(ctx, cid, false, true); err != nil {
				t.Fatal(err)
			}
			if b, s := defaults(); b || s {
				t.Errorf("after clearing shipping: billing %v, shipping %v; want neither", b, s)
			}
			err = c.ClearDefaultAddresses(ctx, 99999999, true, true)
			checkOutcome(t, "clear a missing customer's defaults", err, "fault 102: Customer not exists.")
			if !IsNotFound(err) {
				t.Errorf("a missing customer is not IsNotFound: %v", err)
			}
		})
	}
}
