package magento1

import (
	"context"
	"encoding/xml"
	"fmt"
)

// Country is directoryCountryEntity: every country of the store's
// directory, whether the store allows it or not.
type Country struct {
	ID, ISO3, Name string // ID is ISO 3166-1 alpha-2, as addresses' country_id
}

// Region is directoryRegionEntity: a region of a country's list, its id
// being an address's region_id.
type Region struct {
	ID         int
	Code, Name string
}

type wireCountry struct {
	XMLName xml.Name
	ID      string `xml:"country_id"`
	ISO3    string `xml:"iso3_code"`
	Name    string `xml:"name"`
}

type wireRegion struct {
	XMLName xml.Name
	ID      string `xml:"region_id"`
	Code    string `xml:"code"`
	Name    string `xml:"name"`
}

// Countries is directoryCountryList (API resource directory/country).
// Magento 1 lists its whole directory, not only the allowed countries.
func (c *Client) Countries(ctx context.Context) ([]Country, error) {
	var l list[wireCountry]
	if err := call(ctx, c, "directoryCountryList", readCall, func(encoder) []value { return nil }, &l); err != nil {
		return nil, err
	}
	out := make([]Country, len(l.Items))
	for i, w := range l.Items {
		out[i] = Country{ID: w.ID, ISO3: w.ISO3, Name: w.Name}
	}
	return out, nil
}

// Regions is directoryRegionList (API resource directory/region): the
// country's regions by name, none for a country without a list. An unknown
// country is fault 101 "Country not exists.", which IsNotFound reports.
// Which countries need a region is the store's general/region/state_required;
// a Magento 1 API save asks for none (see AddressInput).
func (c *Client) Regions(ctx context.Context, countryID string) ([]Region, error) {
	var l list[wireRegion]
	err := call(ctx, c, "directoryRegionList", readCall, func(e encoder) []value { return []value{e.str("country", countryID)} }, &l)
	if err != nil {
		return nil, err
	}
	out := make([]Region, len(l.Items))
	for i, w := range l.Items {
		ids, err := atois(w.ID)
		if err != nil {
			return nil, &BadAnswerError{Op: "directoryRegionList", Status: 200, Err: fmt.Errorf("country %s: %w", countryID, err)}
		}
		out[i] = Region{ID: ids[0], Code: w.Code, Name: w.Name}
	}
	return out, nil
}
