package store

import (
	"context"
	"database/sql"
	"fmt"
)

// Dictionaries are a Magento installation's websites, stores (groups),
// store views and customer groups, by their Magento ids.
type Dictionaries struct {
	Websites       []MagentoWebsite
	StoreGroups    []MagentoStoreGroup
	Stores         []MagentoStore
	CustomerGroups []MagentoCustomerGroup
}

// MagentoWebsite is a Magento website.
type MagentoWebsite struct {
	OriginID   int64
	Code, Name string
}

// MagentoStoreGroup is a Magento store (the level between website and view).
type MagentoStoreGroup struct {
	OriginID, WebsiteOriginID int64
	Code, Name                string
}

// MagentoStore is a Magento store view.
type MagentoStore struct {
	OriginID, WebsiteOriginID, GroupOriginID int64
	Code, Name                               string
	Active                                   bool
}

// MagentoCustomerGroup is a Magento customer group.
type MagentoCustomerGroup struct {
	OriginID int64
	Code     string
}

// DictionaryIDs map Magento ids to local ids, for the customer importer.
type DictionaryIDs struct {
	Websites, Stores, CustomerGroups map[int64]int64
}

// ImportDictionaries upserts a channel's dictionaries in one transaction.
// Entries Magento no longer lists are kept: customers may still point at them.
func (s *Store) ImportDictionaries(ctx context.Context, channelID int64, d Dictionaries) error {
	return s.Tx(ctx, func(tx *sql.Tx) error {
		for _, w := range d.Websites {
			if _, err := tx.ExecContext(ctx, `INSERT INTO magento_websites (channel_id, origin_id, code, name) VALUES ($1, $2, $3, $4)
				ON CONFLICT (channel_id, origin_id) DO UPDATE SET code = excluded.code, name = excluded.name`,
				channelID, w.OriginID, w.Code, w.Name); err != nil {
				return fmt.Errorf("save website %d: %w", w.OriginID, err)
			}
		}
		for _, g := range d.StoreGroups {
			if _, err := tx.ExecContext(ctx, `INSERT INTO magento_store_groups (channel_id, origin_id, website_origin_id, code, name)
				VALUES ($1, $2, $3, $4, $5) ON CONFLICT (channel_id, origin_id) DO UPDATE SET website_origin_id = excluded.website_origin_id,
				code = excluded.code, name = excluded.name`,
				channelID, g.OriginID, g.WebsiteOriginID, g.Code, g.Name); err != nil {
				return fmt.Errorf("save store %d: %w", g.OriginID, err)
			}
		}
		for _, st := range d.Stores {
			if _, err := tx.ExecContext(ctx, `INSERT INTO magento_stores (channel_id, origin_id, website_id, group_origin_id, code, name, is_active)
				VALUES ($1, $2, (SELECT id FROM magento_websites WHERE channel_id = $1 AND origin_id = $3), $4, $5, $6, $7)
				ON CONFLICT (channel_id, origin_id) DO UPDATE SET website_id = excluded.website_id, group_origin_id = excluded.group_origin_id,
				code = excluded.code, name = excluded.name, is_active = excluded.is_active`,
				channelID, st.OriginID, st.WebsiteOriginID, st.GroupOriginID, st.Code, st.Name, st.Active); err != nil {
				return fmt.Errorf("save store view %d: %w", st.OriginID, err)
			}
		}
		for _, g := range d.CustomerGroups {
			if _, err := tx.ExecContext(ctx, `INSERT INTO magento_customer_groups (channel_id, origin_id, code) VALUES ($1, $2, $3)
				ON CONFLICT (channel_id, origin_id) DO UPDATE SET code = excluded.code`,
				channelID, g.OriginID, g.Code); err != nil {
				return fmt.Errorf("save customer group %d: %w", g.OriginID, err)
			}
		}
		return nil
	})
}

// DictionaryIDs loads the Magento id → local id maps of a channel.
func (s *Store) DictionaryIDs(ctx context.Context, channelID int64) (DictionaryIDs, error) {
	ids := DictionaryIDs{}
	for _, t := range []struct {
		table string
		dst   *map[int64]int64
	}{{"magento_websites", &ids.Websites}, {"magento_stores", &ids.Stores}, {"magento_customer_groups", &ids.CustomerGroups}} {
		m, err := originMap(ctx, s.DB, t.table, channelID)
		if err != nil {
			return ids, err
		}
		*t.dst = m
	}
	return ids, nil
}

func originMap(ctx context.Context, q querier, table string, channelID int64) (map[int64]int64, error) {
	rows, err := q.QueryContext(ctx, "SELECT origin_id, id FROM "+table+" WHERE channel_id = $1", channelID)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", table, err)
	}
	defer rows.Close()
	m := map[int64]int64{}
	for rows.Next() {
		var origin, id int64
		if err := rows.Scan(&origin, &id); err != nil {
			return nil, err
		}
		m[origin] = id
	}
	return m, rows.Err()
}
