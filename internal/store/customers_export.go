package store

import (
	"context"
	"database/sql"
	"fmt"

	"magecrm/internal/model"
)

// ExportCustomers calls fn for every customer the query selects (all
// pages), in its order, so memory stays flat however many there are.
// Related names come from maps loaded once, not joins. The rows are read
// on goroutines of their own, a batch at a time, while fn handles the
// batch before: reading (the database's lookups, the driver's column
// conversions) and writing (CSV) overlap on two cores. A batch fn is done
// with goes back to the readers to be filled again, which spares the
// garbage collector a million customers' worth of structs.
func (s *Store) ExportCustomers(ctx context.Context, q CustomerQuery, fn func(*model.Customer) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	flow := &exportFlow{full: make(chan []model.Customer, 2),
		spare: make(chan []model.Customer, exportReaders*chunkBatches()+4)}
	read := make(chan error, 1)
	go func() {
		defer close(flow.full)
		read <- s.readExport(ctx, q, flow)
	}()
	for batch := range flow.full {
		for i := range batch {
			if err := fn(&batch[i]); err != nil {
				cancel()
				for range flow.full { // let the readers see the cancel and end
				}
				return err
			}
		}
		select {
		case flow.spare <- batch:
		default:
		}
	}
	return <-read
}

// exportFlow carries an export's batches: full ones from the readers to
// fn, spare ones back.
type exportFlow struct {
	names       *relatedNames
	full, spare chan []model.Customer
}

// batch is an empty batch to fill.
func (f *exportFlow) batch() []model.Customer {
	select {
	case b := <-f.spare:
		return b[:0]
	default:
		return make([]model.Customer, 0, exportBatch)
	}
}

// exportBatch is how many customers the export's reader hands over at once.
const exportBatch = 500

// exportColumns are what an export reads of each customer, and from where.
const exportColumns = `SELECT c.id, c.channel_id, COALESCE(c.website_id, 0), COALESCE(c.store_id, 0),
	COALESCE(c.group_id, 0), c.prefix, c.first_name, c.middle_name, c.last_name, c.suffix, c.email, c.dob, c.gender,
	c.taxvat, c.is_subscribed, c.billing_country, c.billing_region, c.lifetime_value, c.currency, c.remote_created_at,
	c.remote_updated_at, c.imported_at, c.synced_at, c.owner_user_id, c.sync_state, COALESCE(c.origin_id, 0)
	FROM magento_customers c`

// readExport reads the customers of an export into batches: in chunks
// on two connections at once when it can (customers_export_chunks.go),
// else in one query.
func (s *Store) readExport(ctx context.Context, q CustomerQuery, flow *exportFlow) error {
	names, err := s.customerNames(ctx)
	if err != nil {
		return err
	}
	flow.names = names
	if chunked, err := s.readExportChunks(ctx, q, flow); chunked || err != nil {
		return err
	}
	where, args := q.where(s.DB.Dialect, false)
	order, join := q.orderBy(s.DB.Dialect, false)
	rows, err := s.DB.QueryContext(ctx, exportColumns+join+" WHERE "+where+" ORDER BY "+order, args...)
	if err != nil {
		return fmt.Errorf("export customers: %w", err)
	}
	defer rows.Close()
	return flow.scan(ctx, rows, flow.full)
}

// scan reads rows of exportColumns into batches it sends to out.
func (f *exportFlow) scan(ctx context.Context, rows *sql.Rows, out chan<- []model.Customer) error {
	names := f.names
	batch := f.batch()
	for rows.Next() {
		var sub sql.NullBool
		var imported, synced int64
		batch = append(batch, model.Customer{})
		c := &batch[len(batch)-1]
		if err := rows.Scan(&c.ID, &c.ChannelID, &c.WebsiteID, &c.StoreID, &c.GroupID, &c.Prefix, &c.FirstName,
			&c.MiddleName, &c.LastName, &c.Suffix, &c.Email, &c.DOB, &c.Gender, &c.TaxVAT, &sub, &c.BillingCountry,
			&c.BillingRegion, &c.LifetimeValue, &c.Currency, &c.RemoteCreatedAt, &c.RemoteUpdatedAt, &imported, &synced, &c.OwnerUserID, &c.SyncState,
			&c.OriginID); err != nil {
			return err
		}
		if sub.Valid {
			c.Subscribed = &sub.Bool
		}
		c.ImportedAt, c.SyncedAt = fromMillis(imported), fromMillis(synced)
		c.ChannelName, c.WebsiteName = names.channels[c.ChannelID], names.websites[c.WebsiteID]
		c.StoreName, c.GroupName, c.OwnerName = names.stores[c.StoreID], names.groups[c.GroupID], names.users[c.OwnerUserID]
		if len(batch) == exportBatch {
			if !send(ctx, out, batch) {
				return ctx.Err()
			}
			batch = f.batch()
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(batch) > 0 && !send(ctx, out, batch) {
		return ctx.Err()
	}
	return nil
}

// send hands a batch over, unless ctx ends first.
func send(ctx context.Context, batches chan<- []model.Customer, batch []model.Customer) bool {
	select {
	case batches <- batch:
		return true
	case <-ctx.Done():
		return false
	}
}

// relatedNames are the names of the small tables a customer refers to.
type relatedNames struct {
	channels, websites, stores, groups, users map[int64]string
}

func (s *Store) customerNames(ctx context.Context) (*relatedNames, error) {
	n := &relatedNames{}
	for _, t := range []struct {
		m   *map[int64]string
		sql string
	}{
		{&n.channels, "SELECT id, name FROM channels"},
		{&n.websites, "SELECT id, name FROM magento_websites"},
		{&n.stores, "SELECT id, name FROM magento_stores"},
		{&n.groups, "SELECT id, code FROM magento_customer_groups"},
		{&n.users, "SELECT u.id, " + userName("u") + " FROM users u"},
	} {
		m := map[int64]string{}
		rows, err := s.DB.QueryContext(ctx, t.sql)
		if err != nil {
			return nil, fmt.Errorf("load names: %w", err)
		}
		for rows.Next() {
			var id int64
			var name string
			if err := rows.Scan(&id, &name); err != nil {
				rows.Close()
				return nil, err
			}
			m[id] = name
		}
		rows.Close()
		*t.m = m
	}
	return n, nil
}
