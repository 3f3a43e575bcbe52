package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"magecrm/internal/db"
	"magecrm/internal/model"
)

// ImportCustomer is a Magento customer as the importer writes it: fields
// mapped to local ids and text, with the hash of its normalized form.
type ImportCustomer struct {
	OriginID                         int64
	WebsiteID, StoreID, GroupID      int64 // local ids; 0 stores NULL
	Prefix, FirstName, MiddleName    string
	LastName, Suffix, Email, DOB     string
	Gender                           int
	Taxvat, CreatedIn                string
	Confirmed                        bool
	IsSubscribed                     *bool // nil: Magento did not say; the stored value is kept
	BillingCountry, BillingRegion    string
	RemoteCreatedAt, RemoteUpdatedAt string // Magento's UTC "Y-m-d H:i:s"
	Hash                             string
	Addresses                        []ImportAddress
}

// ImportAddress is one address of an imported customer.
type ImportAddress struct {
	OriginID                                int64
	Prefix, FirstName, MiddleName, LastName string
	Suffix, Company, Street, City           string
	RegionCode, Region                      string
	RegionID                                int
	Postcode, CountryID, Telephone, VATID   string
	DefaultBilling, DefaultShipping         bool
}

// CustomerImport says where a batch of customers goes.
type CustomerImport struct {
	ChannelID, OrganizationID int64
	OwnerID                   int64 // the channel's default owner, for new customers
	// MatchEmail looks customers not known by Magento id up by (email,
	// website) among the channel's customers created here whose create was
	// sent with its answer lost. Off when the channel has none: it costs a query.
	MatchEmail bool
	// WithoutGenderAndVAT says the store's API answers no gender, address
	// VAT ids or region codes (Magento 1): a customer already here keeps
	// its own instead of having them blanked, and a customer waiting to be
	// sent merges them as unchanged in Magento.
	WithoutGenderAndVAT bool
	// LocalWins is the channel's priority: whose value a field both sides
	// changed takes, in a customer waiting to be sent.
	LocalWins bool
	Now       time.Time
	// Cursor, when set, is saved in the same transaction as the batch, so
	// a run stopped at any point resumes after the last batch written.
	Cursor *SyncCursor
}

// ImportCounts say what a batch did.
type ImportCounts struct {
	Created, Updated, Unchanged int
}

// customerDataColumns are the columns the importer writes from Magento, in
// the order of ImportCustomer.values.
var customerDataColumns = []string{"website_id", "store_id", "group_id", "prefix", "first_name", "middle_name", "last_name",
	"suffix", "email", "dob", "gender", "taxvat", "created_in", "confirmed", "is_subscribed", "billing_country",
	"billing_region", "remote_created_at", "remote_updated_at"}

func (c *ImportCustomer) values() []any {
	var sub any
	if c.IsSubscribed != nil {
		sub = *c.IsSubscribed
	}
	return []any{localRef(c.WebsiteID), localRef(c.StoreID), localRef(c.GroupID), c.Prefix, c.FirstName, c.MiddleName, c.LastName,
		c.Suffix, c.Email, c.DOB, c.Gender, c.Taxvat, c.CreatedIn, c.Confirmed, sub, c.BillingCountry,
		c.BillingRegion, c.RemoteCreatedAt, c.RemoteUpdatedAt}
}

// localRef stores a local id of 0 (no such dictionary entry) as NULL.
func localRef(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

var addressColumns = []string{"origin_id", "prefix", "first_name", "middle_name", "last_name", "suffix", "company", "street",
	"city", "region_code", "region", "region_id", "postcode", "country_id", "telephone", "vat_id", "is_default_billing",
	"is_default_shipping"}

func (a *ImportAddress) values() []any {
	return []any{a.OriginID, a.Prefix, a.FirstName, a.MiddleName, a.LastName, a.Suffix, a.Company, a.Street, a.City,
		a.RegionCode, a.Region, a.RegionID, a.Postcode, a.CountryID, a.Telephone, a.VATID, a.DefaultBilling, a.DefaultShipping}
}

// existingCustomer is what a batch needs to know of a stored customer.
type existingCustomer struct {
	id, origin int64
	hash       string
	state      int
	matched    bool   // found by email: origin_id is still NULL
	updated    string // Magento's updated_at of the state magecrm last took or sent
}

// newerThan reports whether magecrm already holds a later state of the
// customer than c, which was read before a send that magecrm recorded
// since: taking it would undo the send here (an echo). A customer waiting
// to be sent takes no state of the same second either, as it might be the
// one before a send; its send merges with what Magento holds then. A
// customer marked removed in Magento holds no later state: one found
// again is taken (or merged), whatever its updated_at.
func (e existingCustomer) newerThan(c *ImportCustomer) bool {
	if e.matched || e.updated == "" || c.RemoteUpdatedAt == "" || e.state&model.SyncRemovedRemote != 0 {
		return false
	}
	return c.RemoteUpdatedAt < e.updated || c.RemoteUpdatedAt == e.updated && e.state&model.SyncPendingSend != 0
}

// ImportCustomers writes a batch of customers with their addresses in one
// transaction: new ones are inserted (on SQLite many rows per statement, on
// PostgreSQL by COPY, see copyCustomers), changed ones
// (another hash) updated with an audit entry of the fields that changed,
// unchanged ones not written at all. Customers waiting to be sent merge
// Magento's changes with theirs (mergeWaiting). A state older than the one
// magecrm holds is not taken (existingCustomer.newerThan). Nothing here
// sets the pending-send bit; a customer seen again clears "removed in
// Magento".
func (s *Store) ImportCustomers(ctx context.Context, imp CustomerImport, recs []ImportCustomer) (ImportCounts, error) {
	var counts ImportCounts
	recs = lastByOrigin(recs)
	// A connection of its own: on PostgreSQL new customers go in by COPY,
	// which database/sql reaches only through the connection.
	conn, err := s.DB.Conn(ctx)
	if err != nil {
		return counts, err
	}
	defer conn.Close()
	release, err := limitMapping(ctx, conn, s.DB.Dialect, 0)
	if err != nil {
		return counts, err
	}
	defer release()
	err = connTx(ctx, conn, func(tx *sql.Tx) error {
		counts = ImportCounts{}
		if err := bulkPragmas(ctx, tx, s.DB.Dialect); err != nil {
			return err
		}
		known, err := existingByOrigin(ctx, tx, s.DB.Dialect, imp.ChannelID, recs)
		if err != nil {
			return err
		}
		if imp.MatchEmail {
			if err := matchByEmail(ctx, tx, imp.ChannelID, recs, known); err != nil {
				return err
			}
		}
		if err := lockToWrite(ctx, tx, s.DB.Dialect, recs, known); err != nil {
			return err
		}
		var fresh, changed, waiting []*ImportCustomer
		var changedRows, waitingRows []existingCustomer
		for i := range recs {
			c := &recs[i]
			e, ok := known[c.OriginID]
			switch {
			case !ok:
				fresh = append(fresh, c)
			case !(e.matched || e.hash != c.Hash || e.state&model.SyncRemovedRemote != 0) || e.newerThan(c):
				counts.Unchanged++
			case e.state&model.SyncPendingSend != 0 && !e.matched:
				waiting = append(waiting, c)
				waitingRows = append(waitingRows, e)
			default:
				changed = append(changed, c)
				changedRows = append(changedRows, e)
			}
		}
		if err := s.insertFresh(ctx, tx, conn, imp, fresh); err != nil {
			return err
		}
		counts.Created = len(fresh)
		n, err := updateCustomers(ctx, tx, conn, s.DB.Dialect, imp, changed, changedRows)
		if err != nil {
			return err
		}
		counts.Updated = n
		counts.Unchanged += len(changed) - n
		var merged []*ImportCustomer
		for i, c := range waiting {
			wrote, err := s.mergeWaiting(ctx, tx, imp, c, waitingRows[i])
			if err != nil {
				return err
			}
			if wrote {
				counts.Updated++
				merged = append(merged, c)
			} else {
				counts.Unchanged++
			}
		}
		if err := importWebhookEvents(ctx, tx, imp, fresh, append(changed, merged...)); err != nil {
			return err
		}
		if imp.Cursor != nil {
			return saveCursor(ctx, tx, *imp.Cursor)
		}
		return nil
	})
	return counts, err
}

// insertFresh inserts new customers (on SQLite many rows per statement, on
// PostgreSQL by COPY) and counts them while a first import has the count
// trigger deferred.
func (s *Store) insertFresh(ctx context.Context, tx *sql.Tx, conn *sql.Conn, imp CustomerImport, fresh []*ImportCustomer) error {
	if len(fresh) == 0 {
		return nil
	}
	count, err := importedCounts(ctx, tx, s.DB.Dialect)
	if err != nil {
		return err
	}
	if s.DB.Dialect == db.Postgres {
		var off bool
		off, err = s.copyCustomers(ctx, tx, conn, imp, fresh)
		count = count || off // the count trigger did not run
	} else {
		err = insertCustomers(ctx, tx, s.DB.Dialect, imp, fresh)
	}
	if err != nil || !count {
		return err
	}
	return addCustomerCount(ctx, tx, imp.OrganizationID, imp.OwnerID, len(fresh))
}

// bulkPragmas gives the SQLite connection writing an import batch a page
// cache of 32 MiB for the customer indexes of a large store (the default
// 2 MB makes every index insert read its pages back from the file), fewer
// WAL checkpoints, and statement journals (which every multi-row insert
// into an indexed table writes) in memory rather than in a temporary file.
// They last as long as the pooled connection; the page cache is freed
// after each batch (limitMapping). The batch reads without the file's
// mapping, so every page it reads lands in that cache: with 128 MiB, a
// Magento 1 import of 150,000 customers peaked at 238 MiB of its own
// memory at its end (104 MiB with 32 MiB; 106 MiB with the mapping and
// 128 MiB), its incremental run of 1,000 changes as fast (0.59 s).
//
// On PostgreSQL a batch's commit does not wait for its WAL to reach the
// disk (synchronous_commit off, for this transaction only): a server crash
// may lose the last batches, never corrupt them, and since each batch saves
// the import's position in the same transaction, the next run simply reads
// those customers again.
func bulkPragmas(ctx context.Context, tx *sql.Tx, dialect db.Dialect) error {
	if dialect == db.Postgres {
		_, err := tx.ExecContext(ctx, "SET LOCAL synchronous_commit = off")
		return err
	}
	for _, p := range []string{"PRAGMA cache_size = -32768", "PRAGMA wal_autocheckpoint = 8192", "PRAGMA temp_store = MEMORY"} {
		if _, err := tx.ExecContext(ctx, p); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
	}
	return nil
}

// lastByOrigin keeps the last version of each customer: a keyset pager may
// return a customer twice when it changed during the run.
func lastByOrigin(recs []ImportCustomer) []ImportCustomer {
	pos := make(map[int64]int, len(recs))
	out := recs[:0:0]
	for _, c := range recs {
		if i, ok := pos[c.OriginID]; ok {
			out[i] = c
			continue
		}
		pos[c.OriginID] = len(out)
		out = append(out, c)
	}
	return out
}

// insertRows is how many customers one INSERT statement carries: 28
// parameters each stays far below both databases' limits.
const insertRows = 250

func insertCustomers(ctx context.Context, tx *sql.Tx, dialect db.Dialect, imp CustomerImport, recs []*ImportCustomer) error {
	if len(recs) == 0 {
		return nil
	}
	now := millis(imp.Now)
	cols := "organization_id, channel_id, origin_id, " + strings.Join(customerDataColumns, ", ") +
		", remote_hash, owner_user_id, created_at, updated_at, imported_at, synced_at"
	perRow := 3 + len(customerDataColumns) + 6
	ids := make(map[int64]int64, len(recs))
	var stmt *sql.Stmt
	defer func() {
		if stmt != nil {
			stmt.Close()
		}
	}()
	for start := 0; start < len(recs); start += insertRows {
		part := recs[start:min(start+insertRows, len(recs))]
		query := "INSERT INTO magento_customers (" + cols + ") VALUES " + rowsOf(dialect, len(part), perRow) + " RETURNING id, origin_id"
		args := make([]any, 0, len(part)*perRow)
		for _, c := range part {
			args = append(args, imp.OrganizationID, imp.ChannelID, c.OriginID)
			args = append(args, c.values()...)
			args = append(args, c.Hash, imp.OwnerID, now, now, now, now)
		}
		var rows *sql.Rows
		var err error
		if len(part) == insertRows {
			if stmt == nil {
				if stmt, err = tx.PrepareContext(ctx, query); err != nil {
					return fmt.Errorf("prepare customer insert: %w", err)
				}
			}
			rows, err = stmt.QueryContext(ctx, args...)
		} else {
			rows, err = tx.QueryContext(ctx, query, args...)
		}
		if err != nil {
			return fmt.Errorf("insert customers: %w", err)
		}
		for rows.Next() {
			var id, origin int64
			if err := rows.Scan(&id, &origin); err != nil {
				rows.Close()
				return err
			}
			ids[origin] = id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("insert customers: %w", err)
		}
	}
	var addrs []addressRow
	for _, c := range recs {
		for i := range c.Addresses {
			addrs = append(addrs, addressRow{ids[c.OriginID], &c.Addresses[i]})
		}
	}
	return insertAddresses(ctx, tx, dialect, addrs, false)
}

type addressRow struct {
	customerID int64
	a          *ImportAddress
}

// addressInsertRows is how many addresses one INSERT statement carries.
const addressInsertRows = 500

// insertAddresses writes addresses; with upsert an address already stored
// (same customer and Magento id) is updated instead.
func insertAddresses(ctx context.Context, tx *sql.Tx, dialect db.Dialect, addrs []addressRow, upsert bool) error {
	perRow := 1 + len(addressColumns)
	cols := "customer_id, " + strings.Join(addressColumns, ", ")
	tail := ""
	if upsert {
		sets := make([]string, 0, len(addressColumns))
		for _, c := range addressColumns[1:] {
			sets = append(sets, c+" = excluded."+c)
		}
		tail = " ON CONFLICT (customer_id, origin_id) DO UPDATE SET " + strings.Join(sets, ", ")
	}
	var stmt *sql.Stmt
	defer func() {
		if stmt != nil {
			stmt.Close()
		}
	}()
	for start := 0; start < len(addrs); start += addressInsertRows {
		part := addrs[start:min(start+addressInsertRows, len(addrs))]
		query := "INSERT INTO magento_addresses (" + cols + ") VALUES " + rowsOf(dialect, len(part), perRow) + tail
		args := make([]any, 0, len(part)*perRow)
		for _, r := range part {
			args = append(args, r.customerID)
			args = append(args, r.a.values()...)
		}
		var err error
		if len(part) == addressInsertRows {
			if stmt == nil {
				if stmt, err = tx.PrepareContext(ctx, query); err != nil {
					return fmt.Errorf("prepare address insert: %w", err)
				}
			}
			_, err = stmt.ExecContext(ctx, args...)
		} else {
			_, err = tx.ExecContext(ctx, query, args...)
		}
		if err != nil {
			return fmt.Errorf("insert addresses: %w", err)
		}
	}
	return nil
}

// rowsOf returns "($1, …, $k), ($k+1, …)" for n rows of k values; on
// SQLite "(?, …)", because its driver looks every numbered parameter up by
// name, which costs time in proportion to the parameters of the statement.
func rowsOf(dialect db.Dialect, n, k int) string {
	var b strings.Builder
	b.Grow(n * k * 6)
	p := 1
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for j := range k {
			if j > 0 {
				b.WriteString(", ")
			}
			if dialect == db.SQLite {
				b.WriteByte('?')
				continue
			}
			b.WriteByte('$')
			b.WriteString(itoa(p))
			p++
		}
		b.WriteByte(')')
	}
	return b.String()
}

// updateCustomers rewrites changed customers and their addresses, and
// audits the fields that changed. A customer created here whose answer was
// lost is only linked to its Magento id. On PostgreSQL the rewrite is one
// merge of a staged batch (mergeChangedCustomers), on SQLite a prepared
// statement per customer (rewriteChangedCustomers). It returns how many it
// rewrote.
func updateCustomers(ctx context.Context, tx *sql.Tx, conn *sql.Conn, dialect db.Dialect, imp CustomerImport, recs []*ImportCustomer, rows []existingCustomer) (int, error) {
	if len(recs) == 0 {
		return 0, nil
	}
	ids := make([]int64, len(rows))
	for i, e := range rows {
		ids[i] = e.id
	}
	old, err := currentValues(ctx, tx, dialect, ids)
	if err != nil {
		return 0, err
	}
	now := millis(imp.Now)
	var write []changedCustomer
	var addrs []addressRow
	var audits []any
	for i, c := range recs {
		e := rows[i]
		if e.state&model.SyncPendingSend != 0 { // created here with its answer lost: the send adopts it
			if _, err := tx.ExecContext(ctx, "UPDATE magento_customers SET origin_id = $1 WHERE id = $2", c.OriginID, e.id); err != nil {
				return 0, fmt.Errorf("link customer %d to Magento id %d: %w", e.id, c.OriginID, err)
			}
			continue
		}
		vals := c.values()
		if imp.WithoutGenderAndVAT {
			vals[slices.Index(customerDataColumns, "gender")] = nil
		}
		write = append(write, changedCustomer{id: e.id, c: c, vals: vals})
		if ch := changes(old[e.id], vals); len(ch) > 0 {
			b, _ := json.Marshal(ch) // strings only
			audits = append(audits, e.id, imp.ChannelID, string(b), now)
		}
		for j := range c.Addresses {
			addrs = append(addrs, addressRow{e.id, &c.Addresses[j]})
		}
	}
	if imp.WithoutGenderAndVAT {
		if err := keepVATAndRegionCodes(ctx, tx, addrs); err != nil {
			return 0, err
		}
	}
	if dialect == db.Postgres {
		err = mergeChangedCustomers(ctx, tx, conn, now, write, addrs)
	} else {
		err = rewriteChangedCustomers(ctx, tx, dialect, now, write, addrs)
	}
	if err != nil {
		return 0, err
	}
	return len(write), writeImportAudits(ctx, tx, dialect, audits)
}

// changedCustomer is a stored customer (id) to rewrite with an imported
// one's values (in the order of customerDataColumns).
type changedCustomer struct {
	id   int64
	c    *ImportCustomer
	vals []any
}

// keepWhenUnsaid are the columns whose NULL in an imported customer means
// Magento did not say: the stored value is kept.
func keepWhenUnsaid(col string) bool { return col == "is_subscribed" || col == "gender" }

// importedState is what rewriting a customer from Magento does to its
// sync state: no longer "removed in Magento", no snapshot of a send, a new
// row version.
var importedState = fmt.Sprintf("sync_state = sync_state & %d, snapshot = '', row_version = row_version + 1", ^model.SyncRemovedRemote)

// rewriteChangedCustomers updates changed customers one prepared statement
// each, removes the addresses Magento no longer has and upserts the rest.
func rewriteChangedCustomers(ctx context.Context, tx *sql.Tx, dialect db.Dialect, now int64, recs []changedCustomer, addrs []addressRow) error {
	sets := make([]string, len(customerDataColumns))
	for i, c := range customerDataColumns {
		sets[i] = fmt.Sprintf("%s = $%d", c, i+1)
		if keepWhenUnsaid(c) {
			sets[i] = fmt.Sprintf("%s = COALESCE($%d, %s)", c, i+1, c)
		}
	}
	n := len(customerDataColumns)
	update, err := tx.PrepareContext(ctx, "UPDATE magento_customers SET "+strings.Join(sets, ", ")+fmt.Sprintf(
		", origin_id = $%d, remote_hash = $%d, updated_at = $%d, synced_at = $%d, %s WHERE id = $%d",
		n+1, n+2, n+3, n+3, importedState, n+4))
	if err != nil {
		return fmt.Errorf("prepare customer update: %w", err)
	}
	defer update.Close()
	for _, r := range recs {
		args := append(slices.Clone(r.vals), r.c.OriginID, r.c.Hash, now, r.id)
		if _, err := update.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("update customer %d (Magento id %d): %w", r.id, r.c.OriginID, err)
		}
		if err := dropMissingAddresses(ctx, tx, r.id, r.c.Addresses); err != nil {
			return err
		}
	}
	return insertAddresses(ctx, tx, dialect, addrs, true)
}

// keepVATAndRegionCodes gives addresses read from a store that does not
// answer them the VAT id and region code stored for the same address; a
// region code only while the address keeps its region.
func keepVATAndRegionCodes(ctx context.Context, tx *sql.Tx, addrs []addressRow) error {
	type key struct{ customer, origin int64 }
	type kept struct {
		vat, code string
		region    int
	}
	stored := map[key]kept{}
	for start := 0; start < len(addrs); start += 1000 {
		part := addrs[start:min(start+1000, len(addrs))]
		args := make([]any, len(part))
		for i, a := range part {
			args[i] = a.customerID
		}
		rows, err := tx.QueryContext(ctx, "SELECT customer_id, origin_id, vat_id, region_code, region_id FROM magento_addresses WHERE origin_id IS NOT NULL AND customer_id IN ("+
			placeholders(1, len(part))+")", args...)
		if err != nil {
			return fmt.Errorf("load addresses before import: %w", err)
		}
		for rows.Next() {
			var k key
			var v kept
			if err := rows.Scan(&k.customer, &k.origin, &v.vat, &v.code, &v.region); err != nil {
				rows.Close()
				return err
			}
			stored[k] = v
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	for _, r := range addrs {
		if v, ok := stored[key{r.customerID, r.a.OriginID}]; ok {
			r.a.VATID = v.vat
			if v.region == r.a.RegionID {
				r.a.RegionCode = v.code
			}
		}
	}
	return nil
}

func dropMissingAddresses(ctx context.Context, tx *sql.Tx, customerID int64, keep []ImportAddress) error {
	args := []any{customerID}
	q := "DELETE FROM magento_addresses WHERE customer_id = $1 AND origin_id IS NOT NULL"
	if len(keep) > 0 {
		for _, a := range keep {
			args = append(args, a.OriginID)
		}
		q += " AND origin_id NOT IN (" + placeholders(2, len(keep)) + ")"
	}
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("remove addresses deleted in Magento: %w", err)
	}
	return nil
}

// HasUnsentCustomers reports whether the channel has customers created
// here that Magento does not know yet (no Magento id): only then must the
// importer match by email.
func (s *Store) HasUnsentCustomers(ctx context.Context, channelID int64) (bool, error) {
	var n int
	err := s.DB.QueryRowContext(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM magento_customers WHERE channel_id = $1 AND origin_id IS NULL LIMIT 1) x",
		channelID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("look for customers not yet sent to Magento: %w", err)
	}
	return n > 0, nil
}
