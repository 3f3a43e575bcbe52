package api

import (
	"context"

	"magecrm/internal/crm"
)

// MagentoStructure is a channel's websites, store views and customer
// groups: the ids a customer refers to.
type MagentoStructure struct {
	Websites []Website       `json:"websites"`
	Stores   []StoreView     `json:"stores"`
	Groups   []CustomerGroup `json:"groups"`
}

// Website is a Magento website of a channel.
type Website struct {
	ID       int64  `json:"id"`
	OriginID int64  `json:"origin_id" doc:"Magento's website id"`
	Code     string `json:"code"`
	Name     string `json:"name"`
}

// StoreView is a Magento store view of a channel.
type StoreView struct {
	ID        int64  `json:"id"`
	OriginID  int64  `json:"origin_id" doc:"Magento's store id"`
	WebsiteID int64  `json:"website_id"`
	Code      string `json:"code"`
	Name      string `json:"name"`
}

// CustomerGroup is a Magento customer group of a channel.
type CustomerGroup struct {
	ID       int64  `json:"id"`
	OriginID int64  `json:"origin_id" doc:"Magento's group id"`
	Code     string `json:"code"`
}

type structureOutput struct {
	Body MagentoStructure
}

// getChannelStructure answers what customers of a channel may refer to;
// whoever may view or create customers sees it.
func (s *Server) getChannelStructure(ctx context.Context, in *recordIDInput) (*structureOutput, error) {
	m, err := s.CRM.MagentoStructure(ctx, sessionOf(ctx))
	if err != nil {
		return nil, s.problem(err)
	}
	if m.Channel(in.ID) == nil {
		return nil, s.problem(crm.ErrNotFound)
	}
	out := &structureOutput{Body: MagentoStructure{Websites: []Website{}, Stores: []StoreView{}, Groups: []CustomerGroup{}}}
	for _, w := range m.Websites {
		if w.ChannelID == in.ID {
			out.Body.Websites = append(out.Body.Websites, Website{ID: w.ID, OriginID: w.OriginID, Code: w.Code, Name: w.Name})
		}
	}
	for _, st := range m.Stores {
		if st.ChannelID == in.ID {
			out.Body.Stores = append(out.Body.Stores, StoreView{ID: st.ID, OriginID: st.OriginID, WebsiteID: st.WebsiteID, Code: st.Code, Name: st.Name})
		}
	}
	for _, g := range m.Groups {
		if g.ChannelID == in.ID {
			out.Body.Groups = append(out.Body.Groups, CustomerGroup{ID: g.ID, OriginID: g.OriginID, Code: g.Code})
		}
	}
	return out, nil
}
