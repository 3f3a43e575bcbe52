package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"magecrm/internal/acl"
	"magecrm/internal/jobs"
	"magecrm/internal/model"
)

const channelColumns = `c.id, c.organization_id, c.owner_user_id, c.name, c.type, c.base_url, c.admin_url, c.auth_kind,
	c.credentials, c.ca_file, c.skip_tls_verify, c.wsi_compliance, c.website_id, c.sync_start_date, c.two_way, c.priority,
	c.default_owner_id, c.sync_interval_min, c.enabled, c.created_at, c.updated_at, c.address_calls`

// addressCalls is the channel's setting as stored: 0 is the default.
func addressCalls(c *model.Channel) int {
	if c.AddressCalls <= 0 {
		return model.DefaultAddressCalls
	}
	return c.AddressCalls
}

// credentialsContext binds a channel's sealed credentials to its row: a
// sealed value copied to another channel does not open there.
func credentialsContext(id int64) string { return fmt.Sprintf("channel %d credentials", id) }

// scanChannel reads channelColumns, then any extra columns into extra; the
// credentials stay sealed in the returned string.
func scanChannel(sc interface{ Scan(...any) error }, extra ...any) (*model.Channel, string, error) {
	var c model.Channel
	var sealed string
	var start, created, updated, interval int64
	dest := append([]any{&c.ID, &c.OrganizationID, &c.OwnerUserID, &c.Name, &c.Type, &c.BaseURL, &c.AdminURL, &c.AuthKind,
		&sealed, &c.CAFile, &c.SkipTLSVerify, &c.WSICompliance, &c.WebsiteID, &start, &c.TwoWay, &c.Priority,
		&c.DefaultOwnerID, &interval, &c.Enabled, &created, &updated, &c.AddressCalls}, extra...)
	err := sc.Scan(dest...)
	c.SyncStartDate, c.CreatedAt, c.UpdatedAt = fromMillis(start), fromMillis(created), fromMillis(updated)
	c.SyncInterval = time.Duration(interval) * time.Minute
	return &c, sealed, err
}

// openCredentials decrypts a channel's stored credentials into c.
func (s *Store) openCredentials(c *model.Channel, sealed string) error {
	if sealed == "" {
		return nil
	}
	plain, err := s.Secrets.Open(sealed, credentialsContext(c.ID))
	if err != nil {
		return fmt.Errorf("channel %q: %w", c.Name, err)
	}
	if err := json.Unmarshal([]byte(plain), &c.Credentials); err != nil {
		return fmt.Errorf("channel %q: stored credentials are not readable: %w", c.Name, err)
	}
	return nil
}

func (s *Store) sealCredentials(id int64, cr model.Credentials) string {
	b, _ := json.Marshal(cr) // a struct of strings always marshals
	return s.Secrets.Seal(string(b), credentialsContext(id))
}

// Channel returns a channel with its credentials opened, for the services
// that talk to Magento. Callers check the organization and access.
func (s *Store) Channel(ctx context.Context, id int64) (*model.Channel, error) {
	c, sealed, err := scanChannel(s.DB.QueryRowContext(ctx, "SELECT "+channelColumns+" FROM channels c WHERE c.id = $1", id))
	if err != nil {
		return nil, notFound(err, "load channel")
	}
	if err := s.openCredentials(c, sealed); err != nil {
		return nil, err
	}
	return c, nil
}

// ChannelListing is a channel as the channel list shows it: no credentials,
// with how its last run went.
type ChannelListing struct {
	model.Channel
	LastRunStatus   string // "" when it never ran
	LastRunStarted  time.Time
	LastRunFinished time.Time
	LastRunError    string
	ErrorCount      int // records the sync could not take, over all runs kept
}

// Channels lists the channels within scope, by name.
func (s *Store) Channels(ctx context.Context, scope acl.Scope) ([]ChannelListing, error) {
	q := "SELECT " + channelColumns + `,
		COALESCE(r.status, ''), COALESCE(r.started_at, 0), COALESCE(r.finished_at, 0), COALESCE(r.error, ''),
		(SELECT COUNT(*) FROM sync_errors e WHERE e.channel_id = c.id)
		FROM channels c
		LEFT JOIN sync_runs r ON r.id = (SELECT MAX(id) FROM sync_runs WHERE channel_id = c.id)
		WHERE ` + channelScope.where(scope, s.DB.Dialect) + " ORDER BY lower(c.name)"
	rows, err := s.DB.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("list channels: %w", err)
	}
	defer rows.Close()
	var out []ChannelListing
	for rows.Next() {
		var l ChannelListing
		var runStart, runEnd int64
		c, _, err := scanChannel(rows, &l.LastRunStatus, &runStart, &runEnd, &l.LastRunError, &l.ErrorCount)
		if err != nil {
			return nil, err
		}
		l.Channel = *c
		l.LastRunStarted, l.LastRunFinished = fromMillis(runStart), fromMillis(runEnd)
		out = append(out, l)
	}
	return out, rows.Err()
}

// CreateChannel adds a channel and seals its credentials. A taken name is
// ErrDuplicate.
func (s *Store) CreateChannel(ctx context.Context, c *model.Channel) error {
	now := time.Now()
	if c.Type == "" {
		c.Type = model.Magento2
	}
	return s.Tx(ctx, func(tx *sql.Tx) error {
		// The id is part of the sealing context, so the row is written
		// first and its credentials right after, in the same transaction.
		err := tx.QueryRowContext(ctx, `INSERT INTO channels (organization_id, owner_user_id, name, type, base_url, admin_url, auth_kind,
			ca_file, skip_tls_verify, wsi_compliance, website_id, sync_start_date, two_way, priority, default_owner_id,
			sync_interval_min, enabled, created_at, updated_at, address_calls)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18, $19) RETURNING id`,
			c.OrganizationID, c.OwnerUserID, strings.TrimSpace(c.Name), c.Type, c.BaseURL, c.AdminURL, c.AuthKind,
			c.CAFile, c.SkipTLSVerify, c.WSICompliance, c.WebsiteID, millis(c.SyncStartDate), c.TwoWay, c.Priority, c.DefaultOwnerID,
			int64(c.SyncInterval/time.Minute), c.Enabled, millis(now), addressCalls(c)).Scan(&c.ID)
		if isUniqueViolation(err) {
			return ErrDuplicate
		}
		if err != nil {
			return fmt.Errorf("create channel: %w", err)
		}
		c.CreatedAt, c.UpdatedAt = now, now
		_, err = tx.ExecContext(ctx, "UPDATE channels SET credentials = $1 WHERE id = $2", s.sealCredentials(c.ID, c.Credentials), c.ID)
		return err
	})
}

// UpdateChannel saves every setting of a channel, credentials included
// (sealed again), but its type: the records imported through a channel
// come from one kind of store. The caller fills in the stored credentials
// the person chose to keep. A taken name is ErrDuplicate.
func (s *Store) UpdateChannel(ctx context.Context, c *model.Channel) error {
	return s.updateChannel(ctx, c, time.Time{})
}

// UpdateChannelFrom is UpdateChannel for a change made on the channel as
// it was last changed at prev: it saves only while that is still its last
// change (compared in the UPDATE), else it is ErrStale and nothing is
// saved. The new last change time is later than prev.
func (s *Store) UpdateChannelFrom(ctx context.Context, c *model.Channel, prev time.Time) error {
	return s.updateChannel(ctx, c, prev)
}

func (s *Store) updateChannel(ctx context.Context, c *model.Channel, prev time.Time) error {
	now := time.Now()
	where, args := "", []any{}
	if !prev.IsZero() {
		if now.UnixMilli() <= prev.UnixMilli() {
			now = time.UnixMilli(prev.UnixMilli() + 1)
		}
		where, args = " AND updated_at = $20", []any{millis(prev)}
	}
	res, err := s.DB.ExecContext(ctx, `UPDATE channels SET name = $1, base_url = $2, admin_url = $3, auth_kind = $4, credentials = $5,
		ca_file = $6, skip_tls_verify = $7, wsi_compliance = $8, website_id = $9, sync_start_date = $10, two_way = $11, priority = $12,
		default_owner_id = $13, sync_interval_min = $14, enabled = $15, updated_at = $16, address_calls = $19
		WHERE organization_id = $17 AND id = $18`+where,
		append([]any{strings.TrimSpace(c.Name), c.BaseURL, c.AdminURL, c.AuthKind, s.sealCredentials(c.ID, c.Credentials),
			c.CAFile, c.SkipTLSVerify, c.WSICompliance, c.WebsiteID, millis(c.SyncStartDate), c.TwoWay, c.Priority,
			c.DefaultOwnerID, int64(c.SyncInterval / time.Minute), c.Enabled, millis(now), c.OrganizationID, c.ID, addressCalls(c)}, args...)...)
	if isUniqueViolation(err) {
		return ErrDuplicate
	}
	if err != nil {
		return fmt.Errorf("update channel: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if !prev.IsZero() {
			return ErrStale
		}
		return ErrNotFound
	}
	c.UpdatedAt = now
	return nil
}

// SetChannelEnabled switches a channel's sync on or off. Its last change
// time moves past the one stored, so a channel form opened before is
// refused as changed meanwhile (UpdateChannelFrom), even within the same
// millisecond.
func (s *Store) SetChannelEnabled(ctx context.Context, orgID, id int64, enabled bool) error {
	res, err := s.DB.ExecContext(ctx, "UPDATE channels SET enabled = $1, updated_at = "+laterVersion("$2")+" WHERE organization_id = $3 AND id = $4",
		enabled, millis(time.Now()), orgID, id)
	if err != nil {
		return fmt.Errorf("enable channel: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// ChannelContents counts what deleting a channel removes with it.
type ChannelContents struct {
	Customers, Addresses, Orders, Runs, Errors int
}

// ChannelContents counts the records that belong to a channel.
func (s *Store) ChannelContents(ctx context.Context, id int64) (ChannelContents, error) {
	var n ChannelContents
	err := s.DB.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM magento_customers WHERE channel_id = $1),
		(SELECT COUNT(*) FROM magento_addresses a JOIN magento_customers m ON m.id = a.customer_id WHERE m.channel_id = $1),
		(SELECT COUNT(*) FROM magento_orders WHERE channel_id = $1),
		(SELECT COUNT(*) FROM sync_runs WHERE channel_id = $1),
		(SELECT COUNT(*) FROM sync_errors WHERE channel_id = $1)`, id).
		Scan(&n.Customers, &n.Addresses, &n.Orders, &n.Runs, &n.Errors)
	if err != nil {
		return n, fmt.Errorf("count channel records: %w", err)
	}
	return n, nil
}

// DeleteChannel removes a channel and, through the schema's cascades,
// everything imported through it: customers with their addresses, orders,
// websites, stores, groups, runs, errors, cursors and leases. Activities
// about its customers alone go with them. It returns the storage names of
// the attachment files to remove once it is committed.
func (s *Store) DeleteChannel(ctx context.Context, orgID, id int64) ([]string, error) {
	var files []string
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if files, err = detachActivities(ctx, tx, model.TargetCustomer,
			"SELECT c.id FROM magento_customers c JOIN channels ch ON ch.id = c.channel_id WHERE ch.id = $1 AND ch.organization_id = $2", id, orgID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM channels WHERE organization_id = $1 AND id = $2", orgID, id)
		if err != nil {
			return fmt.Errorf("delete channel: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return jobs.DeleteQueue(ctx, tx, PushQueue(id))
	})
	return files, err
}

// ChannelNameTaken reports whether another channel of the organization
// than exceptID has this name, in any case.
func (s *Store) ChannelNameTaken(ctx context.Context, orgID int64, name string, exceptID int64) (bool, error) {
	var n int
	err := s.DB.QueryRowContext(ctx, "SELECT COUNT(*) FROM channels WHERE organization_id = $1 AND lower(name) = lower($2) AND id <> $3",
		orgID, strings.TrimSpace(name), exceptID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("look up channel name: %w", err)
	}
	return n > 0, nil
}

// laterVersion is SQL for a row's new updated_at, now (the placeholder
// holding the time in milliseconds) unless the stored one is as late: then
// one millisecond after it, so the row's version always moves.
func laterVersion(now string) string {
	return "CASE WHEN updated_at >= " + now + " THEN updated_at + 1 ELSE " + now + " END"
}
