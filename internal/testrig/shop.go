package testrig

import (
	"context"
	"fmt"
	"time"

	"magecrm/internal/model"
)

// ShopSpec describes a Magento installation as imported into magecrm: a
// channel (owned by the administrator, who is also its default owner) with
// one website, its store views and customer groups.
type ShopSpec struct {
	Type     model.ChannelType // "" is Magento 2
	Name     string
	AdminURL string
	TwoWay   bool
	Website  string   // the website's name
	Stores   []string // store view names; Magento ids 1, 2, … in this order
	Groups   []string // customer group codes; Magento ids 1, 2, … in this order
}

// Shop is a channel's ids in magecrm.
type Shop struct {
	Channel, Website int64
	Stores, Groups   []int64
}

// Shop adds a channel with its website, store views and groups.
func (r *Rig) Shop(spec ShopSpec) *Shop {
	r.T.Helper()
	s := &Shop{}
	typ, auth := model.Magento2, model.AuthBearer
	if spec.Type == model.Magento1 {
		typ, auth = model.Magento1, model.AuthSOAP
	}
	s.Channel = r.insert(`INSERT INTO channels (organization_id, owner_user_id, name, type, base_url, admin_url, auth_kind, two_way,
		default_owner_id, created_at, updated_at) VALUES ($1, $2, $3, $4, 'https://shop.test/', $5, $6, $7, $2, 0, 0)`,
		r.OrgID, r.Admin.ID, spec.Name, string(typ), spec.AdminURL, string(auth), spec.TwoWay)
	s.Website = r.insert("INSERT INTO magento_websites (channel_id, origin_id, code, name) VALUES ($1, 1, 'base', $2)", s.Channel, spec.Website)
	for i, name := range spec.Stores {
		s.Stores = append(s.Stores, r.insert(`INSERT INTO magento_stores (channel_id, origin_id, website_id, code, name)
			VALUES ($1, $2, $3, $4, $5)`, s.Channel, i+1, s.Website, fmt.Sprintf("store%d", i+1), name))
	}
	for i, code := range spec.Groups {
		s.Groups = append(s.Groups, r.insert("INSERT INTO magento_customer_groups (channel_id, origin_id, code) VALUES ($1, $2, $3)",
			s.Channel, i+1, code))
	}
	return s
}

// CustomerSpec is one imported customer of a shop.
type CustomerSpec struct {
	Store, Group, Owner int64
	OriginID            int64 // 0: not in Magento yet
	First, Last, Email  string
	Country, Region     string // the billing address's
	Lifetime            float64
	Currency            string
	Subscribed          *bool // nil: unknown
	SyncState           int
	Created             time.Time // in Magento (remote created and updated); zero: 2024-01-01
}

// Customer adds a customer of the shop and returns its id.
func (r *Rig) Customer(s *Shop, c CustomerSpec) int64 {
	r.T.Helper()
	if c.Created.IsZero() {
		c.Created = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	var origin, subscribed any
	if c.OriginID != 0 {
		origin = c.OriginID
	}
	if c.Subscribed != nil {
		subscribed = *c.Subscribed
	}
	return r.insert(`INSERT INTO magento_customers (organization_id, channel_id, origin_id, website_id, store_id, group_id,
		first_name, last_name, email, billing_country, billing_region, lifetime_value, currency, is_subscribed, sync_state,
		created_at, updated_at, owner_user_id, remote_created_at, remote_updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16, $17, $18, $18)`,
		r.OrgID, s.Channel, origin, s.Website, c.Store, c.Group, c.First, c.Last, c.Email, c.Country, c.Region, c.Lifetime,
		c.Currency, subscribed, c.SyncState, c.Created.UnixMilli(), c.Owner, model.FormatMagentoTime(c.Created))
}

// Bool returns a pointer to b, for CustomerSpec.Subscribed.
func Bool(b bool) *bool { return &b }

// Channel saves ch as a channel of the organization: a zero owner and
// default owner are the administrator.
func (r *Rig) Channel(ch *model.Channel) *model.Channel {
	r.T.Helper()
	ch.OrganizationID = r.OrgID
	if ch.OwnerUserID == 0 {
		ch.OwnerUserID = r.Admin.ID
	}
	if ch.DefaultOwnerID == 0 {
		ch.DefaultOwnerID = r.Admin.ID
	}
	if err := r.Store.CreateChannel(context.Background(), ch); err != nil {
		r.T.Fatalf("add channel %s: %v", ch.Name, err)
	}
	return ch
}
