package model

import (
	"slices"
	"strings"
)

// Country is an ISO 3166-1 country as addresses and filters offer it.
type Country struct {
	Code string // alpha-2, as Magento stores country_id
	Name string
}

// Region is a subdivision of a country (a state, province, Land…).
type Region struct {
	Code string // the ISO 3166-2 code without the country part
	Name string
}

// Countries lists every country by name.
func Countries() []Country { return countries }

// CountryName is the name of a country code, or the code itself when unknown.
func CountryName(code string) string {
	for _, c := range countries {
		if c.Code == code {
			return c.Name
		}
	}
	return code
}

// IsCountry reports whether code is an ISO 3166-1 alpha-2 code.
func IsCountry(code string) bool {
	return slices.ContainsFunc(countries, func(c Country) bool { return c.Code == code })
}

// Regions lists a country's regions by name; nil when magecrm knows none
// for it and a free-text region is taken instead.
func Regions(country string) []Region { return regions[country] }

// RegionCountries lists the codes of the countries that have a region list.
func RegionCountries() []string {
	out := make([]string, 0, len(regions))
	for c := range regions {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// FindRegion returns the region of a country whose code or name is s
// (ignoring case).
func FindRegion(country, s string) (Region, bool) {
	for _, r := range regions[country] {
		if strings.EqualFold(r.Code, s) || strings.EqualFold(r.Name, s) {
			return r, true
		}
	}
	return Region{}, false
}
