package magento1

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"magecrm/internal/magesim"
)

// writeTarget is a store the write contract runs against: magesim always,
// and a real OpenMage store when MAGECRM_TEST_OPENMAGE_URL names one.
type writeTarget struct {
	name   string
	client *Client
	// info reads a customer's password hash, to see whether a password was set.
	passwordHash func(t *testing.T, id int) string
}

// writeTargets returns magesim (RPC and WS-I) and, when the environment
// names one, a real OpenMage store. The OpenMage target is skipped when
// MAGECRM_TEST_OPENMAGE_URL is unset: CI has no OpenMage (it needs the
// OpenMage source; see shared/openmage/README.md). magesim is what CI checks,
// and this contract is how it was made to answer as OpenMage does.
func writeTargets(t *testing.T) []writeTarget {
	var out []writeTarget
	for _, wsi := range []bool{false, true} {
		sim, c := newSim(t, magesim.Options{Customers: 5, WSI: wsi}, Config{})
		name := "magesim rpc"
		if wsi {
			name = "magesim wsi"
		}
		out = append(out, writeTarget{name: name, client: c, passwordHash: func(t *testing.T, id int) string {
			cust, _ := sim.Customer(id)
			return cust.PasswordHash
		}})
	}
	if u := os.Getenv("MAGECRM_TEST_OPENMAGE_URL"); u != "" {
		c, err := New(Config{BaseURL: u, APIUser: envOr("MAGECRM_TEST_OPENMAGE_USER", "crmapi"),
			APIKey: envOr("MAGECRM_TEST_OPENMAGE_KEY", "crmapikey123456"), WSI: os.Getenv("MAGECRM_TEST_OPENMAGE_WSI") == "1"})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, writeTarget{name: "openmage", client: c, passwordHash: func(t *testing.T, id int) string {
			var w struct {
				Hash string `xml:"password_hash"`
			}
			if err := call(context.Background(), c, "customerCustomerInfo", readCall, func(e encoder) []value { return []value{e.int("customerId", id)} }, &w); err != nil {
				t.Fatal(err)
			}
			return w.Hash
		}})
	}
	return out
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// want is an expected outcome: "" for success, else "fault CODE: message"
// (the message may be a prefix, ending in "…").
func checkOutcome(t *testing.T, what string, err error, want string) {
	t.Helper()
	got := ""
	if err != nil {
		f, ok := err.(*Fault)
		if !ok {
			t.Fatalf("%s: %v (not a fault)", what, err)
		}
		got = "fault " + f.Code + ": " + f.Message
	}
	if p, ok := strings.CutSuffix(want, "…"); ok && strings.HasPrefix(got, p) {
		return
	}
	if got != want {
		t.Errorf("%s:\n got %q\nwant %q", what, got, want)
	}
}

func TestCustomerWriteContract(t *testing.T) {
	for _, target := range writeTargets(t) {
		t.Run(target.name, func(t *testing.T) {
			ctx := context.Background()
			c := target.client
			run := fmt.Sprintf("%d", time.Now().UnixNano())
			email := func(s string) *string { e := "contract-" + s + "-" + run + "@example.com"; return &e }
			base := func(s string) CustomerInput {
				return CustomerInput{Email: email(s), Firstname: ptr("Ann"), Lastname: ptr("Lee"), WebsiteID: ptr(1)}
			}
			id, err := c.CreateCustomer(ctx, base("a"))
			checkOutcome(t, "create", err, "")
			if found, err := c.CustomersByEmail(ctx, *base("a").Email, 1); err != nil || len(found) != 1 || found[0].ID != id {
				t.Errorf("by email: %v %+v", err, found)
			}
			for _, tc := range []struct {
				name string
				in   func() CustomerInput
				want string
			}{
				{"same email, same website", func() CustomerInput { return base("a") }, "fault 100: This customer email already exists"},
				{"same email, other website", func() CustomerInput { in := base("a"); in.WebsiteID = ptr(2); return in }, ""},
				{"no email", func() CustomerInput { in := base("x"); in.Email = nil; return in }, "fault 100: Customer email is required"},
				{"empty email", func() CustomerInput { in := base("x"); in.Email = ptr(""); return in }, "fault 100: Customer email is required"},
				{"no names", func() CustomerInput { in := base("b"); in.Firstname, in.Lastname = nil, nil; return in }, ""},
				{"email not checked", func() CustomerInput { in := base("c"); e := "not an email " + run; in.Email = &e; return in }, ""},
				{"gender, dob, taxvat", func() CustomerInput {
					in := base("d")
					in.Gender, in.DOB, in.Taxvat, in.Prefix, in.Middlename = ptr(2), ptr("1980-04-05"), ptr("DE123"), ptr("Dr."), ptr("M")
					return in
				}, ""},
				{"password too short", func() CustomerInput { in := base("e"); in.Password = ptr("abc12"); return in },
					"fault 1: The password must have at least 7 characters. Leading or trailing spaces will be ignored."},
				{"no website: admin scope", func() CustomerInput { in := base("g"); in.WebsiteID = nil; return in }, ""},
				{"unknown website", func() CustomerInput { in := base("h"); in.WebsiteID = ptr(99); return in },
					"fault 1: SQLSTATE[23000]: Integrity constraint violation: 1452 Cannot add or update a child row: a foreign key constraint fails (`magento`.`customer_entity`, CONSTRAINT `FK_CUSTOMER_ENTITY_WEBSITE_ID_CORE_WEBSITE_WEBSITE_ID`…"},
				{"not a date", func() CustomerInput { in := base("i"); in.DOB = ptr("garbage"); return in }, "fault 1: Invalid date"},
				{"unknown group, odd gender", func() CustomerInput { in := base("j"); in.GroupID, in.Gender = ptr(99), ptr(9); return in }, ""},
			} {
				_, err := c.CreateCustomer(ctx, tc.in())
				checkOutcome(t, "create: "+tc.name, err, tc.want)
			}
			if id == 0 {
				return
			}
			withPassword, err := c.CreateCustomer(ctx, func() CustomerInput { in := base("f"); in.Password = ptr("secret-123"); return in }())
			checkOutcome(t, "create with a password", err, "")
			before := target.passwordHash(t, withPassword)
			if before == "" {
				t.Errorf("created with a password: no hash")
			}
			for _, tc := range []struct {
				name string
				id   int
				in   CustomerInput
				want string
			}{
				{"names", id, CustomerInput{Firstname: ptr("Anna"), Gender: ptr(1), DOB: ptr("1980-02-30")}, ""},
				{"missing customer", 99999999, CustomerInput{Firstname: ptr("X")}, "fault 102: Customer not exists."},
				{"duplicate email", id, CustomerInput{Email: email("f")}, "fault 1: This customer email already exists"},
				{"empty email", id, CustomerInput{Email: ptr("")}, "fault 1: Customer email is required"},
				{"not a date", id, CustomerInput{DOB: ptr("garbage")}, "fault 1: Invalid date"},
				{"password is ignored", withPassword, CustomerInput{Password: ptr("abc")}, ""},
			} {
				// The call itself: UpdateCustomer refuses a Password before sending it.
				var ok scalar
				err := call(ctx, c, "customerCustomerUpdate", writeCall, func(e encoder) []value {
					return []value{e.int("customerId", tc.id), e.customerInput(tc.in)}
				}, &ok)
				checkOutcome(t, "update: "+tc.name, err, tc.want)
			}
			if after := target.passwordHash(t, withPassword); after != before {
				t.Errorf("an update with a password changed the hash: %q → %q", before, after)
			}
			got, err := c.Customer(ctx, id)
			if err != nil || got.Firstname != "Anna" || got.Lastname != "Lee" || got.DOB != "1980-03-01" || got.CreatedAt.IsZero() {
				t.Errorf("after update: %v %+v", err, got)
			}
		})
	}
}
func TestAddressWriteContract(t *testing.T) {
	for _, target := range writeTargets(t) {
		t.Run(target.name, func(t *testing.T) {
			ctx := context.Background()
			c := target.client
			email := fmt.Sprintf("contract-addr-%d@example.com", time.Now().UnixNano())
			cid, err := c.CreateCustomer(ctx, CustomerInput{Email: &email, Firstname: ptr("Ann"), Lastname: ptr("Lee"), WebsiteID: ptr(1)})
			if err != nil {
				t.Fatal(err)
			}
			us := func() AddressInput {
				return AddressInput{Firstname: ptr("Ann"), Lastname: ptr("Lee"), Street: []string{"1 Main St"}, City: ptr("Austin"),
					CountryID: ptr("US"), RegionID: ptr(57), Postcode: ptr("73301"), Telephone: ptr("555-0100")}
			}
			aid, err := c.CreateAddress(ctx, cid, us())
			checkOutcome(t, "create", err, "")
			for _, tc := range []struct {
				name     string
				customer int
				in       func() AddressInput
				want     string
			}{
				{"missing customer", 99999999, us, "fault 101: Customer not exists."},
				{"nothing", cid, func() AddressInput { return AddressInput{} }, "fault 100: Please enter the first name.\nPlease enter the last name.\nPlease enter the street.\nPlease enter the city.\nPlease enter the telephone number.\nPlease enter the zip/postal code.\nPlease enter the country."},
				{"US without region", cid, func() AddressInput { a := us(); a.RegionID = nil; return a }, ""},
				{"US region by code", cid, func() AddressInput { a := us(); a.RegionID, a.Region = nil, ptr("TX"); return a }, ""},
				{"US region by name", cid, func() AddressInput { a := us(); a.RegionID, a.Region = nil, ptr("Texas"); return a }, ""},
				{"FR without region", cid, func() AddressInput { a := us(); a.CountryID, a.RegionID = ptr("FR"), nil; return a }, ""},
				{"GB without region", cid, func() AddressInput { a := us(); a.CountryID, a.RegionID = ptr("GB"), nil; return a }, ""},
				{"IE without postcode", cid, func() AddressInput { a := us(); a.CountryID, a.RegionID, a.Postcode = ptr("IE"), nil, nil; return a }, ""},
				{"two street lines, defaults", cid, func() AddressInput {
					a := us()
					a.Street, a.DefaultBilling, a.DefaultShipping = []string{"2 Oak Ave", "Apt 3"}, ptr(true), ptr(true)
					return a
				}, ""},
			} {
				_, err := c.CreateAddress(ctx, tc.customer, tc.in())
				checkOutcome(t, "create address: "+tc.name, err, tc.want)
			}
			for _, tc := range []struct {
				name string
				id   int
				in   AddressInput
				want string
			}{
				{"city", aid, AddressInput{City: ptr("Dallas")}, ""},
				{"empty city", aid, AddressInput{City: ptr("")}, "fault 100: Please enter the city."},
				{"missing address", 99999999, AddressInput{City: ptr("Dallas")}, "fault 102: Address not exists."},
				{"to Germany without region", aid, AddressInput{CountryID: ptr("DE"), RegionID: ptr(0)}, ""},
			} {
				checkOutcome(t, "update address: "+tc.name, c.UpdateAddress(ctx, tc.id, tc.in), tc.want)
			}
			addrs, err := c.Addresses(ctx, cid)
			if err != nil {
				t.Fatal(err)
			}
			var first *Address
			defaults, codeKept := 0, false
			for i, a := range addrs {
				if a.ID == aid {
					first = &addrs[i]
				}
				if a.DefaultBilling && a.DefaultShipping && strings.Join(a.Street, "|") == "2 Oak Ave|Apt 3" && a.RegionID == 57 && a.Region == "Texas" {
					defaults++
				}
				codeKept = codeKept || (a.Region == "TX" && a.RegionID == 0) // a code is kept as text, not looked up
			}
			if len(addrs) != 8 || first == nil || first.City != "Dallas" || first.CountryID != "DE" || defaults != 1 || !codeKept {
				t.Errorf("addresses after the writes: %+v", addrs)
			}
			checkOutcome(t, "delete address", c.DeleteAddress(ctx, aid), "")
			checkOutcome(t, "delete address again", c.DeleteAddress(ctx, aid), "fault 102: Address not exists.")
		})
	}
}

// TestDirectoryContract: countries and a country's regions, sorted by name,
// as OpenMage answers them.
func TestDirectoryContract(t *testing.T) {
	for _, target := range writeTargets(t) {
		t.Run(target.name, func(t *testing.T) {
			ctx := context.Background()
			countries, err := target.client.Countries(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var fr *Country
			for i := range countries {
				if countries[i].ID == "FR" {
					fr = &countries[i]
				}
			}
			if fr == nil || fr.ISO3 != "FRA" || fr.Name != "France" {
				t.Errorf("France: %+v (of %d countries)", fr, len(countries))
			}
			ca, err := target.client.Regions(ctx, "CA")
			if err != nil || len(ca) != 13 || ca[3] != (Region{70, "NB", "New Brunswick"}) || ca[4].Code != "NL" {
				t.Errorf("Canada: %v %+v", err, ca)
			}
			if gb, err := target.client.Regions(ctx, "GB"); err != nil || len(gb) != 0 {
				t.Errorf("United Kingdom: %v %+v", err, gb)
			}
			_, err = target.client.Regions(ctx, "XX")
			checkOutcome(t, "unknown country", err, "fault 101: Country not exists.")
			if !IsNotFound(err) {
				t.Errorf("unknown country is not IsNotFound: %v", err)
			}
		})
	}
}
