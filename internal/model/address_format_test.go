package model

import (
	"strings"
	"testing"
)

func TestAddressLinesFollowTheCountry(t *testing.T) {
	cases := []struct {
		name string
		a    Address
		want string
	}{
		{"US: city, state zip", Address{FirstName: "Ann", LastName: "Lee", Street: []string{"500 Congress Ave"}, City: "Austin",
			Region: "Texas", RegionCode: "TX", PostCode: "78701", CountryID: "US"}, "Ann Lee | 500 Congress Ave | Austin, Texas 78701 | United States"},
		{"DE: postcode first", Address{Street: []string{"Unter den Linden 1"}, City: "Berlin", PostCode: "10117", CountryID: "DE"},
			"Unter den Linden 1 | 10117 Berlin | Germany"},
		{"GB: city and postcode on their own lines", Address{Company: "Acme Ltd", City: "London", PostCode: "SW1A 1AA", CountryID: "GB"},
			"Acme Ltd | London | SW1A 1AA | United Kingdom"},
		{"US without a region keeps no stray comma", Address{City: "Austin", PostCode: "78701", CountryID: "US"},
			"Austin, 78701 | United States"},
		{"AU uses the state's code", Address{City: "Sydney", Region: "New South Wales", RegionCode: "NSW", PostCode: "2000", CountryID: "AU"},
			"Sydney NSW 2000 | Australia"},
		{"no country", Address{City: "Somewhere"}, "Somewhere"},
	}
	for _, c := range cases {
		if got := strings.Join(c.a.Lines(), " | "); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
