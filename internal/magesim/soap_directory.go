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
	list := m1Regions(country)
	slices.SortStableFunc(list, func(a, b Region) int { return strings.Compare(a.Name, b.Name) })
	writeList(c, op, "directoryRegionEntity", len(list), func(i int) func(string) (string, bool) {
		r := list[i]
		v := map[string]string{"region_id": strconv.Itoa(r.ID), "code": r.Code, "name": r.Name}
		return func(f string) (string, bool) { s, ok := v[f]; return s, ok }
	})
	return nil
}

// m1Regions is a country's regions in an OpenMage 20 store: Magento 2's
// list (the same ids and names), less the Polish regions (a later Magento 2
// data patch), with the codes Magento 2 changed to "AE" as Magento 1 has
// them (checked against OpenMage 20.0.20's directoryRegionList).
func m1Regions(country string) []Region {
	if country == "PL" {
		return nil
	}
	list := slices.Clone(regions[country])
	for i := range list {
		if code, ok := m1RegionCodes[list[i].ID]; ok {
			list[i].Code = code
		}
	}
	return list
}

var m1RegionCodes = map[int]string{6: "AF", 8: "AC", 10: "AM"}

// m1Region is the region with this id of the country in an OpenMage 20
// store.
func m1Region(country string, id int) (Region, bool) {
	for _, r := range m1Regions(country) {
		if id != 0 && r.ID == id {
			return r, true
		}
	}
	return Region{}, false
}
