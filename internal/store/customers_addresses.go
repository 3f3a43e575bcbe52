package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"strings"

	"magecrm/internal/model"
)

// CustomerAddresses returns a customer's address book: default billing
// first, then default shipping, then the others in the order they were added.
func (s *Store) CustomerAddresses(ctx context.Context, customerID int64) ([]model.Address, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT id, customer_id, COALESCE(origin_id, 0), prefix, first_name, middle_name,
		last_name, suffix, company, street, city, region_code, region, region_id, postcode, country_id, telephone, vat_id,
		is_default_billing, is_default_shipping
		FROM magento_addresses WHERE customer_id = $1
		ORDER BY is_default_billing DESC, is_default_shipping DESC, id`, customerID)
	if err != nil {
		return nil, fmt.Errorf("load addresses: %w", err)
	}
	defer rows.Close()
	var out []model.Address
	for rows.Next() {
		var a model.Address
		var street string
		if err := rows.Scan(&a.ID, &a.CustomerID, &a.OriginID, &a.Prefix, &a.FirstName, &a.MiddleName, &a.LastName,
			&a.Suffix, &a.Company, &street, &a.City, &a.RegionCode, &a.Region, &a.RegionID, &a.PostCode, &a.CountryID, &a.Telephone,
			&a.VATID, &a.DefaultBilling, &a.DefaultShipping); err != nil {
			return nil, err
		}
		if street != "" {
			a.Street = strings.Split(street, "\n")
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// replaceAddresses makes the customer's address book equal to next:
// addresses with an id of old are updated, new ones (id 0) added, and the
// old ones missing from next removed. An address keeps its Magento region
// id while its country and region stay; one whose region changed takes the
// id the address check found in the store's directory, or none (the send
// asks the store for it): Magento reads the region from the id first.
func replaceAddresses(ctx context.Context, tx *sql.Tx, customerID int64, old, next []model.Address) error {
	kept := map[int64]bool{}
	before := map[int64]model.Address{}
	for _, a := range old {
		before[a.ID] = a
	}
	for i := range next {
		a := &next[i]
		a.CustomerID = customerID
		street := strings.Join(a.Street, "\n")
		if a.ID != 0 {
			kept[a.ID] = true
			a.RegionID = regionIDAfter(before[a.ID], *a)
			if _, err := tx.ExecContext(ctx, `UPDATE magento_addresses SET prefix = $1, first_name = $2, middle_name = $3,
				last_name = $4, suffix = $5, company = $6, street = $7, city = $8, region_code = $9, region = $10,
				postcode = $11, country_id = $12, telephone = $13, vat_id = $14, is_default_billing = $15,
				is_default_shipping = $16, region_id = $17 WHERE id = $18 AND customer_id = $19`,
				a.Prefix, a.FirstName, a.MiddleName, a.LastName, a.Suffix, a.Company, street, a.City, a.RegionCode,
				a.Region, a.PostCode, a.CountryID, a.Telephone, a.VATID, a.DefaultBilling, a.DefaultShipping, a.RegionID,
				a.ID, customerID); err != nil {
				return fmt.Errorf("update address %d: %w", a.ID, err)
			}
			continue
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO magento_addresses (customer_id, prefix, first_name, middle_name,
			last_name, suffix, company, street, city, region_code, region, postcode, country_id, telephone, vat_id,
			is_default_billing, is_default_shipping, region_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id`,
			customerID, a.Prefix, a.FirstName, a.MiddleName, a.LastName, a.Suffix, a.Company, street, a.City,
			a.RegionCode, a.Region, a.PostCode, a.CountryID, a.Telephone, a.VATID, a.DefaultBilling,
			a.DefaultShipping, a.RegionID).Scan(&a.ID); err != nil {
			return fmt.Errorf("add address: %w", err)
		}
	}
	for _, a := range old {
		if !kept[a.ID] {
			if _, err := tx.ExecContext(ctx, "DELETE FROM magento_addresses WHERE id = $1 AND customer_id = $2", a.ID, customerID); err != nil {
				return fmt.Errorf("remove address %d: %w", a.ID, err)
			}
		}
	}
	return nil
}

// regionIDAfter is the Magento region id an address keeps after the
// change from b to a: its own while its country and region stay, the one
// the change brings (a new region found in the store's directory), or
// none when the region changed and the change brought no other id.
func regionIDAfter(b, a model.Address) int {
	switch {
	case b.CountryID == a.CountryID && b.RegionCode == a.RegionCode && b.Region == a.Region:
		return cmp.Or(a.RegionID, b.RegionID)
	case a.RegionID == b.RegionID:
		return 0
	}
	return a.RegionID
}

// CustomerOrders returns a customer's imported orders, newest first.
func (s *Store) CustomerOrders(ctx context.Context, customerID int64, limit int) ([]model.Order, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT id, origin_id, increment_id, status, state, grand_total, currency, remote_created_at
		FROM magento_orders WHERE customer_id = $1 ORDER BY remote_created_at DESC, id DESC LIMIT $2`, customerID, limit)
	if err != nil {
		return nil, fmt.Errorf("load orders: %w", err)
	}
	defer rows.Close()
	var out []model.Order
	for rows.Next() {
		var o model.Order
		if err := rows.Scan(&o.ID, &o.OriginID, &o.IncrementID, &o.Status, &o.State, &o.GrandTotal, &o.Currency, &o.RemoteCreatedAt); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
