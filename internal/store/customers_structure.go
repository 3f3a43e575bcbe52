package store

import (
	"context"
	"fmt"

	"magecrm/internal/model"
)

// CustomerChannel is what customer pages need to know of a channel.
type CustomerChannel struct {
	ID       int64
	Name     string
	TwoWay   bool
	Enabled  bool
	AdminURL string
	Type     model.ChannelType
	// Website is the one website (a Magento id) the channel syncs, or
	// model.AllWebsites.
	Website int64
}

// MagentoStructure is every channel of an organization with its websites,
// stores and customer groups, as customer forms and filters offer them.
type MagentoStructure struct {
	Channels []CustomerChannel
	Websites []model.Website
	Stores   []model.Store
	Groups   []model.CustomerGroup
}

// Channel returns the channel with this id, or nil.
func (m *MagentoStructure) Channel(id int64) *CustomerChannel {
	for i := range m.Channels {
		if m.Channels[i].ID == id {
			return &m.Channels[i]
		}
	}
	return nil
}

// Store returns the store with this id, or nil.
func (m *MagentoStructure) Store(id int64) *model.Store {
	for i := range m.Stores {
		if m.Stores[i].ID == id {
			return &m.Stores[i]
		}
	}
	return nil
}

// Group returns the customer group with this id, or nil.
func (m *MagentoStructure) Group(id int64) *model.CustomerGroup {
	for i := range m.Groups {
		if m.Groups[i].ID == id {
			return &m.Groups[i]
		}
	}
	return nil
}

// Website returns the website with this id, or nil.
func (m *MagentoStructure) Website(id int64) *model.Website {
	for i := range m.Websites {
		if m.Websites[i].ID == id {
			return &m.Websites[i]
		}
	}
	return nil
}

// StoreProblem says why a customer (old; nil for a new one) may not be
// in store view st, or "": a store view must belong to a website of the
// channel (Admin is none), to the one website the channel syncs when it
// syncs one, and, for a customer Magento has, to its website — Magento
// keeps a customer in the website it was created in. The store the
// customer is in is always allowed.
func (m *MagentoStructure) StoreProblem(st *model.Store, old *model.Customer) string {
	if old != nil && old.StoreID == st.ID {
		return ""
	}
	w := m.Website(st.WebsiteID)
	switch ch := m.Channel(st.ChannelID); {
	case st.OriginID == 0 || w == nil:
		return "Choose a store view of a website: Magento does not take customers into its Admin store."
	case ch != nil && ch.Website > 0 && w.OriginID != ch.Website:
		return "Choose a store view of the website the channel syncs: customers of " + w.Name + " are not imported back."
	case old != nil && old.OriginID != 0 && old.WebsiteID != 0 && old.WebsiteID != st.WebsiteID:
		name := "its website"
		if ow := m.Website(old.WebsiteID); ow != nil {
			name = ow.Name
		}
		return "Choose a store view of " + name + ": Magento keeps a customer in the website it was created in."
	}
	return ""
}

// MagentoStructure loads the organization's channels and their websites,
// stores and customer groups, each by name.
func (s *Store) MagentoStructure(ctx context.Context, orgID int64) (*MagentoStructure, error) {
	m := &MagentoStructure{}
	rows, err := s.DB.QueryContext(ctx, `SELECT id, name, two_way, enabled, admin_url, type, website_id FROM channels
		WHERE organization_id = $1 ORDER BY lower(name), id`, orgID)
	if err != nil {
		return nil, fmt.Errorf("load channels: %w", err)
	}
	for rows.Next() {
		var c CustomerChannel
		if err := rows.Scan(&c.ID, &c.Name, &c.TwoWay, &c.Enabled, &c.AdminURL, &c.Type, &c.Website); err != nil {
			rows.Close()
			return nil, err
		}
		m.Channels = append(m.Channels, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	const inOrg = " WHERE x.channel_id IN (SELECT id FROM channels WHERE organization_id = $1)"
	rows, err = s.DB.QueryContext(ctx, "SELECT x.id, x.channel_id, x.origin_id, x.code, x.name FROM magento_websites x"+inOrg+" ORDER BY lower(x.name), x.id", orgID)
	if err != nil {
		return nil, fmt.Errorf("load websites: %w", err)
	}
	for rows.Next() {
		var w model.Website
		if err := rows.Scan(&w.ID, &w.ChannelID, &w.OriginID, &w.Code, &w.Name); err != nil {
			rows.Close()
			return nil, err
		}
		m.Websites = append(m.Websites, w)
	}
	rows.Close()
	rows, err = s.DB.QueryContext(ctx, "SELECT x.id, x.channel_id, x.origin_id, COALESCE(x.website_id, 0), x.code, x.name FROM magento_stores x"+inOrg+" ORDER BY lower(x.name), x.id", orgID)
	if err != nil {
		return nil, fmt.Errorf("load stores: %w", err)
	}
	for rows.Next() {
		var st model.Store
		if err := rows.Scan(&st.ID, &st.ChannelID, &st.OriginID, &st.WebsiteID, &st.Code, &st.Name); err != nil {
			rows.Close()
			return nil, err
		}
		m.Stores = append(m.Stores, st)
	}
	rows.Close()
	rows, err = s.DB.QueryContext(ctx, "SELECT x.id, x.channel_id, x.origin_id, x.code FROM magento_customer_groups x"+inOrg+" ORDER BY lower(x.code), x.id", orgID)
	if err != nil {
		return nil, fmt.Errorf("load customer groups: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var g model.CustomerGroup
		if err := rows.Scan(&g.ID, &g.ChannelID, &g.OriginID, &g.Code); err != nil {
			return nil, err
		}
		m.Groups = append(m.Groups, g)
	}
	return m, rows.Err()
}
