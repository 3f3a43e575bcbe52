package magesim

import (
	"strconv"
	"strings"
)

// Country rules of the simulated store's configuration.
var (
	// allowedCountries is general/country/allow: addresses in other
	// countries are dropped on create and refused on update.
	allowedCountries = func() map[string]bool {
		m := map[string]bool{}
		for _, c := range countries {
			m[c.ID] = true
		}
		return m
	}()

	// optionalZipCountries is Magento 2's general/country/optional_zip_countries.
	optionalZipCountries = setOf("HK", "IE", "MO", "PA", "GB")

	// optionalZipCountriesM1 is the same setting in Magento 1 / OpenMage.
	optionalZipCountriesM1 = setOf("HK", "IE", "MO", "PA")

	// stateRequired is Magento 2.4's general/region/state_required as its
	// data patches leave it: every country with regions in Magento's
	// directory except FR, DE, AT, FI and BE, which the Directory module's
	// di.xml exempts (countriesWithNotRequiredStates). A required country
	// whose regions magesim does not hold asks for a region name instead.
	stateRequired = setOf("AL", "AR", "AU", "BG", "BO", "BR", "BY", "CA", "CH", "CL", "CN", "CO", "CR", "CZ",
		"DK", "EC", "EE", "ES", "GR", "GY", "HR", "IN", "IS", "IT", "LT", "LV", "MX", "PE", "PL", "PT", "PY",
		"RO", "SE", "SR", "UA", "US", "UY", "VE")
)

func setOf(codes ...string) map[string]bool {
	m := make(map[string]bool, len(codes))
	for _, c := range codes {
		m[c] = true
	}
	return m
}

// findRegion finds a region of a country by id, or (id 0) by code, as
// Magento's getRegionId falls back to loadByCode.
func findRegion(country string, id int, code string) (Region, bool) {
	for _, r := range regions[country] {
		if (id != 0 && r.ID == id) || (id == 0 && code != "" && r.Code == code) {
			return r, true
		}
	}
	return Region{}, false
}

// validateRegion is the region part of Magento 2's address Country
// validator: a required country with a region list needs one of its
// region ids, a required country without one needs a region name, and a
// region id must belong to the country.
func validateRegion(a AddressData) *Error {
	list := regions[a.CountryID]
	required := stateRequired[a.CountryID]
	r, found := findRegion(a.CountryID, a.RegionID, a.RegionCode)
	switch {
	case required && len(list) == 0 && strings.TrimSpace(a.RegionName) == "":
		return requiredField("region")
	case len(list) > 0 && !found && a.RegionID == 0 && required:
		return requiredField("regionId")
	case len(list) > 0 && a.RegionID != 0 && r.ID != a.RegionID:
		return inputError(msgInvalidCountry, named("fieldName", "regionId"), named("value", strconv.Itoa(a.RegionID)))
	}
	return nil
}
