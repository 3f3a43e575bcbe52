package connector

import (
	"context"
	"sort"

	"magecrm/internal/model"
)

// DirectorySource is a Source that can list the countries its store takes
// addresses in, with their regions. A source without it (Magento 1 so
// far) leaves its channel's forms on magecrm's own list.
type DirectorySource interface {
	Countries(ctx context.Context) ([]model.DirectoryCountry, error)
}

// Countries is GET /V1/directory/countries: the countries the store allows,
// by English name, with the regions Magento lists for them.
func (s *Magento2Source) Countries(ctx context.Context) ([]model.DirectoryCountry, error) {
	list, err := s.c.Countries(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]model.DirectoryCountry, len(list))
	for i, c := range list {
		out[i] = model.DirectoryCountry{Code: c.ID, Name: c.Name}
		if out[i].Name == "" {
			out[i].Name = model.CountryName(c.ID)
		}
		for _, r := range c.Regions {
			out[i].Regions = append(out[i].Regions, model.DirectoryRegion{ID: r.ID, Code: r.Code, Name: r.Name})
		}
		sort.Slice(out[i].Regions, func(a, b int) bool { return out[i].Regions[a].Name < out[i].Regions[b].Name })
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Name < out[b].Name })
	return out, nil
}
