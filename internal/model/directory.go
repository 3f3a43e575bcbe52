package model

import (
	"strconv"
	"strings"
	"time"
)

// Directory is the countries a store takes addresses in, with their
// regions, as its Magento lists them (GET /V1/directory/countries), or
// magecrm's own list (BuiltinDirectory) when the store could not be asked.
type Directory struct {
	Countries []DirectoryCountry `json:"countries"`
	// Builtin says the list is magecrm's own, not the store's.
	Builtin   bool      `json:"-"`
	FetchedAt time.Time `json:"-"`
}

// DirectoryCountry is a country of a Directory.
type DirectoryCountry struct {
	Code    string            `json:"code"` // alpha-2, as Magento stores country_id
	Name    string            `json:"name"`
	Regions []DirectoryRegion `json:"regions,omitempty"`
}

// DirectoryRegion is a region as the store lists it; ID is its Magento
// region id (0 in magecrm's own list).
type DirectoryRegion struct {
	ID   int    `json:"id,omitempty"`
	Code string `json:"code"`
	Name string `json:"name"`
}

// BuiltinDirectory is magecrm's own list of countries and regions.
func BuiltinDirectory() *Directory {
	d := &Directory{Builtin: true, Countries: make([]DirectoryCountry, len(countries))}
	for i, c := range countries {
		d.Countries[i] = DirectoryCountry{Code: c.Code, Name: c.Name}
		for _, r := range regions[c.Code] {
			d.Countries[i].Regions = append(d.Countries[i].Regions, DirectoryRegion{Code: r.Code, Name: r.Name})
		}
	}
	return d
}

// Country returns the country with this code, or nil when the store does
// not take addresses there.
func (d *Directory) Country(code string) *DirectoryCountry {
	for i := range d.Countries {
		if d.Countries[i].Code == code {
			return &d.Countries[i]
		}
	}
	return nil
}

// FindRegion returns the region of a country whose Magento id, code or
// name is s, ignoring case and accents ("Québec" as Magento spells it is
// Quebec).
func (d *Directory) FindRegion(country, s string) (DirectoryRegion, bool) {
	c := d.Country(country)
	if c == nil || s == "" {
		return DirectoryRegion{}, false
	}
	id, _ := strconv.Atoi(s)
	folded := fold(s)
	for _, r := range c.Regions {
		if id != 0 && r.ID == id || strings.EqualFold(r.Code, s) || fold(r.Name) == folded {
			return r, true
		}
	}
	return DirectoryRegion{}, false
}

// RegionRequired reports whether an address in country needs a region:
// Magento's default configuration requires one there (RegionRequired) and
// the store lists regions to choose from.
func (d *Directory) RegionRequired(country string) bool {
	c := d.Country(country)
	return c != nil && len(c.Regions) > 0 && RegionRequired(country)
}
