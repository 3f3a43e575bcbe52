package connector

import (
	"context"
	"fmt"

	"magecrm/internal/magento"
	"magecrm/internal/magento1"
	"magecrm/internal/model"
)

// storeRegion is a region as the store lists it for a country.
type storeRegion struct {
	ID         int
	Code, Name string
}

// regionLister lists a country's regions as the store holds them.
type regionLister func(ctx context.Context, country string) ([]storeRegion, error)

// fillRegionIDs gives each address of want whose region magecrm set or
// changed (its region_id is empty, a region code or name is given) the
// store's id for that region, from the store's own list for the country,
// asked once per country. Magento takes the region from region_id over
// the name: an edited region sent with the old id would be undone. A
// region the store does not list stays without an id, as free text; the
// store refuses it where it needs one from its list, and says so.
func fillRegionIDs(ctx context.Context, want model.Snapshot, list regionLister) error {
	known := map[string][]storeRegion{}
	for _, a := range want.Addresses {
		if a["region_id"] != "" || a["country"] == "" || a["region_code"] == "" && a["region"] == "" {
			continue
		}
		regions, asked := known[a["country"]]
		if !asked {
			var err error
			if regions, err = list(ctx, a["country"]); err != nil {
				return fmt.Errorf("regions of %s: %w", a["country"], err)
			}
			known[a["country"]] = regions
		}
		for _, r := range regions {
			if model.RegionIs(r.Code, r.Name, a["region_code"]) || model.RegionIs(r.Code, r.Name, a["region"]) {
				a["region_id"] = text(r.ID)
				break
			}
		}
	}
	return nil
}

// magento2Regions lists a country's regions through Magento 2's
// directory; a country the store does not allow has none.
func magento2Regions(c *magento.Client) regionLister {
	return func(ctx context.Context, country string) ([]storeRegion, error) {
		ct, err := c.Country(ctx, country)
		if magento.IsNotFound(err) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		out := make([]storeRegion, len(ct.Regions))
		for i, r := range ct.Regions {
			out[i] = storeRegion(r)
		}
		return out, nil
	}
}

// magento1Regions lists a country's regions through Magento 1's
// directoryRegionList.
func magento1Regions(c *magento1.Client) regionLister {
	return func(ctx context.Context, country string) ([]storeRegion, error) {
		list, err := c.Regions(ctx, country)
		if err != nil {
			return nil, err
		}
		out := make([]storeRegion, len(list))
		for i, r := range list {
			out[i] = storeRegion(r)
		}
		return out, nil
	}
}
