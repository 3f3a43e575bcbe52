package magesim

import (
	"slices"
	"strconv"
	"strings"
)

// faultCountryNotExists is the region resource's country_not_exists.
var faultCountryNotExists = fault(101, "Country not exists.")

// soapCountryList is directoryCountryList: the store's directory, every
// country in it whether allowed or not (Magento 1 lists all of them; the
// simulated directory holds the allowed ones only).
func soapCountryList(c *soapCall, op soapOperation) *soapFault {
	writeList(c, op, "directoryCountryEntity", len(countries), func(i int) func(string) (string, bool) {
		ct := countries[i]
		v := map[string]string{"country_id": ct.ID, "iso2_code": ct.ID, "iso3_code": ct.ISO3, "name": ct.Name}
		return func(f string) (string, bool) { s, ok := v[f]; return s, ok }
	})
	return nil
}

// soapRegionList is directoryRegionList: a country's regions by name, the
// region id as a string; an empty list for a country without regions.
func soapRegionList(c *soapCall, op soapOperation) *soapFault {
	country, _ := c.args.child("country").str()
	if !slices.ContainsFunc(countries, func(ct directoryCountry) bool { return ct.ID == country }) {
		return faultCountryNotExists
	}
	list := slices.Clone(regions[country])
	slices.SortStableFunc(list, func(a, b Region) int { return strings.Compare(a.Name, b.Name) })
	writeList(c, op, "directoryRegionEntity", len(list), func(i int) func(string) (string, bool) {
		r := list[i]
		v := map[string]string{"region_id": strconv.Itoa(r.ID), "code": r.Code, "name": r.Name}
		return func(f string) (string, bool) { s, ok := v[f]; return s, ok }
	})
	return nil
}
