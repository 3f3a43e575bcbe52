package model

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
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

// FindRegion returns the region of a country whose code or name is s,
// ignoring case and accents ("Québec" as Magento spells it is Quebec).
func FindRegion(country, s string) (Region, bool) {
	if s == "" {
		return Region{}, false
	}
	for _, r := range regions[country] {
		if RegionIs(r.Code, r.Name, s) {
			return r, true
		}
	}
	return Region{}, false
}

// RegionIs reports whether s is a region's code or name, ignoring case and
// accents.
func RegionIs(code, name, s string) bool {
	return s != "" && (strings.EqualFold(code, s) || fold(name) == fold(s))
}

// fold lowercases s and drops its accents.
func fold(s string) string {
	out, _, err := transform.String(transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC), s)
	if err != nil {
		out = s
	}
	return strings.ToLower(out)
}

// regionRequired are the countries whose addresses Magento 2 refuses
// without a region in its default configuration
// (general/region/state_required in Magento_Directory's config.xml).
var regionRequired = map[string]bool{}

func init() {
	for _, c := range strings.Split("AL,AR,AU,BG,BO,BR,BY,CA,CH,CL,CN,CO,CR,CZ,DK,EC,EE,ES,GR,GY,HR,IN,IS,IT,LT,LV,MX,PE,PL,PT,PY,RO,SE,SR,US,UY,VE", ",") {
		regionRequired[c] = true
	}
}

// RegionRequired reports whether Magento requires a region for country
// by default.
func RegionRequired(country string) bool { return regionRequired[country] }
