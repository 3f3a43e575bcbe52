package main

import (
	"context"
	"fmt"
	"time"

	"magecrm/internal/crm"
	"magecrm/internal/store"
)

// fill makes the organization and its administrator, a channel with a
// website, store and group, and imports customers through the importer
// in batches of 1,000, as a sync would.
func fill(ctx context.Context, svc *crm.Service, customers int) (*crm.Session, error) {
	if _, err := svc.EnsureAdmin(ctx); err != nil {
		return nil, err
	}
	st := svc.Store
	org, _, err := st.Bootstrap(ctx, "Main organization")
	if err != nil {
		return nil, err
	}
	admin, err := svc.UserSession(ctx, "admin")
	if err != nil {
		return nil, err
	}
	var channel, website, storeView, group int64
	insert := func(to *int64, q string, args ...any) {
		if err == nil {
			err = st.DB.QueryRowContext(ctx, q+" RETURNING id", args...).Scan(to)
		}
	}
	insert(&channel, `INSERT INTO channels (organization_id, owner_user_id, name, base_url, admin_url, auth_kind, two_way,
		default_owner_id, created_at, updated_at) VALUES ($1, $2, 'Bench shop', 'https://shop.test/', 'https://shop.test/admin', 'bearer', FALSE, $2, 0, 0)`,
		org, admin.User.ID)
	insert(&website, "INSERT INTO magento_websites (channel_id, origin_id, code, name) VALUES ($1, 1, 'base', 'Main Website')", channel)
	insert(&storeView, "INSERT INTO magento_stores (channel_id, origin_id, website_id, code, name) VALUES ($1, 1, $2, 'default', 'Default Store View')",
		channel, website)
	insert(&group, "INSERT INTO magento_customer_groups (channel_id, origin_id, code) VALUES ($1, 1, 'General')", channel)
	if err != nil {
		return nil, fmt.Errorf("fill structure: %w", err)
	}
	imp := store.CustomerImport{ChannelID: channel, OrganizationID: org, OwnerID: admin.User.ID, Now: time.Now()}
	for start := 0; start < customers; start += 1000 {
		batch := make([]store.ImportCustomer, 0, 1000)
		for i := start; i < min(start+1000, customers); i++ {
			batch = append(batch, store.ImportCustomer{OriginID: int64(i + 1), WebsiteID: website, StoreID: storeView, GroupID: group,
				FirstName: fmt.Sprintf("First%d", i), LastName: fmt.Sprintf("Last%d", i%977), Email: fmt.Sprintf("customer%d@example.com", i),
				BillingCountry: "DE", RemoteCreatedAt: "2024-01-01 00:00:00", RemoteUpdatedAt: "2024-01-01 00:00:00", Hash: "h"})
		}
		if _, err := st.ImportCustomers(ctx, imp, batch); err != nil {
			return nil, fmt.Errorf("import: %w", err)
		}
	}
	return admin, nil
}
