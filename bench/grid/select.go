package main

import (
	"context"
	"database/sql"
	"time"

	"magecrm/internal/db"
)

// bareSelect is the export's baseline: the same columns of every customer
// in the export's default order (last name, first name, id), read through
// the same driver and scanned, with no names looked up and no CSV written.
func bareSelect(ctx context.Context, d *db.DB) (time.Duration, int, error) {
	start := time.Now()
	rows, err := d.QueryContext(ctx, `SELECT c.id, c.channel_id, COALESCE(c.website_id, 0), COALESCE(c.store_id, 0),
		COALESCE(c.group_id, 0), c.prefix, c.first_name, c.middle_name, c.last_name, c.suffix, c.email, c.dob, c.gender,
		c.taxvat, c.is_subscribed, c.billing_country, c.billing_region, c.lifetime_value, c.currency, c.created_at,
		c.updated_at, c.owner_user_id, c.sync_state, COALESCE(c.origin_id, 0)
		FROM magento_customers c ORDER BY c.last_name, c.first_name, c.id`)
	if err != nil {
		return 0, 0, err
	}
	defer rows.Close()
	var ids, channel, website, store, group, gender, created, updated, owner, state, origin int64
	var prefix, first, middle, last, suffix, email, dob, taxvat, country, region, currency string
	var sub sql.NullBool
	var lifetime float64
	n := 0
	for rows.Next() {
		if err := rows.Scan(&ids, &channel, &website, &store, &group, &prefix, &first, &middle, &last, &suffix, &email, &dob,
			&gender, &taxvat, &sub, &country, &region, &lifetime, &currency, &created, &updated, &owner, &state, &origin); err != nil {
			return 0, 0, err
		}
		n++
	}
	return time.Since(start), n, rows.Err()
}
