package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"magecrm/internal/db"
	"magecrm/internal/model"
)

// CustomerQuery is one view of the customers grid: the access scope, the
// filters, the sort and the page. Only whitelisted columns reach the SQL;
// every value a person typed is a bound parameter.
type CustomerQuery struct {
	// Scope is what the actor may view (always set by crm; the zero
	// value selects nothing).
	Scope CustomerScope
	// ContactID and AccountID select the customers linked to one contact
	// or account, when set.
	ContactID, AccountID int64
	// IDs, when set, limits the query to these customers (a selection).
	IDs []int64

	ChannelID  int64
	WebsiteID  int64
	StoreID    int64
	GroupIDs   []int64
	FirstName  string // contains, ignoring case
	LastName   string // contains, ignoring case
	Email      string
	EmailMatch string // "starts" (default) or "contains"
	Country    string // ISO code
	Region     string // region name or code, ignoring case
	// LifetimeMin and LifetimeMax bound the lifetime value when set.
	LifetimeMin, LifetimeMax *float64
	// The ranges of Magento's created and updated times include From and
	// exclude To; zero means open.
	CreatedFrom, CreatedTo time.Time
	UpdatedFrom, UpdatedTo time.Time
	Newsletter             string // "yes", "no", "unknown" or ""
	SyncState              string // one of SyncStates' keys, or ""
	OwnerID                int64

	// Matches is how many rows the filters select, when counted already:
	// with many matches the page is found faster by walking the sort's
	// index than the filter's.
	Matches int

	Sort   string // one of CustomerSorts' keys; default "name"
	Desc   bool
	Offset int
	Limit  int
}

// CustomerSorts maps each sortable grid column to its ORDER BY terms. The
// row id ends every order so that paging is stable.
var CustomerSorts = map[string][]string{
	"id":         nil, // the row id alone: the order edits cannot change
	"name":       {"c.last_name", "c.first_name"},
	"channel":    {"ch.name"},
	"website":    {"w.name"},
	"store":      {"st.name"},
	"first_name": {"c.first_name", "c.last_name"},
	"last_name":  {"c.last_name", "c.first_name"},
	"email":      {"lower(c.email)"},
	"group":      {"g.code"},
	"lifetime":   {"c.currency", "c.lifetime_value"}, // within each currency
	"country":    {"c.billing_country"},
	"region":     {"c.billing_region"},
	"newsletter": {"c.is_subscribed"},
	"sync":       {"c.sync_state"},
	"owner":      {userName("u")},
	"created_at": {"c.remote_created_at"},
	"updated_at": {"c.remote_updated_at"},
}

// sortJoins names the joins a sort needs in the id query.
var sortJoins = map[string]string{
	"channel": " JOIN channels ch ON ch.id = c.channel_id",
	"website": " LEFT JOIN magento_websites w ON w.id = c.website_id",
	"store":   " LEFT JOIN magento_stores st ON st.id = c.store_id",
	"group":   " LEFT JOIN magento_customer_groups g ON g.id = c.group_id",
	"owner":   " JOIN users u ON u.id = c.owner_user_id",
}

// SyncStates maps the sync state filter's choices to their conditions.
var SyncStates = map[string]string{
	"in_sync":  "c.sync_state = 0",
	"pending":  fmt.Sprintf("(c.sync_state & %d) <> 0", model.SyncPendingSend),
	"conflict": fmt.Sprintf("(c.sync_state & %d) <> 0", model.SyncConflict),
	"removed":  fmt.Sprintf("(c.sync_state & %d) <> 0", model.SyncRemovedRemote),
	"failed":   fmt.Sprintf("(c.sync_state & %d) <> 0", model.SyncFailed),
}

// where builds the condition and its arguments.
func (q *CustomerQuery) where(d db.Dialect) (string, []any) {
	var conds []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	conds = append(conds, customerScope.where(q.Scope.Customers))
	if q.ContactID != 0 {
		conds = append(conds, "c.contact_id = "+arg(q.ContactID))
	}
	if q.AccountID != 0 {
		conds = append(conds, "c.account_id = "+arg(q.AccountID))
	}
	if q.ChannelID != 0 {
		conds = append(conds, "c.channel_id = "+arg(q.ChannelID))
	}
	if q.WebsiteID != 0 {
		conds = append(conds, "c.website_id = "+arg(q.WebsiteID))
	}
	if q.StoreID != 0 {
		conds = append(conds, "c.store_id = "+arg(q.StoreID))
	}
	if len(q.IDs) > 0 {
		ph := make([]string, len(q.IDs))
		for i, id := range q.IDs {
			ph[i] = arg(id)
		}
		conds = append(conds, "c.id IN ("+strings.Join(ph, ", ")+")")
	}
	if len(q.GroupIDs) > 0 {
		ph := make([]string, len(q.GroupIDs))
		for i, id := range q.GroupIDs {
			ph[i] = arg(id)
		}
		conds = append(conds, "c.group_id IN ("+strings.Join(ph, ", ")+")")
	}
	if q.FirstName != "" {
		conds = append(conds, "lower(c.first_name) LIKE "+arg("%"+likeEscape(strings.ToLower(q.FirstName))+"%")+` ESCAPE '\'`)
	}
	if q.LastName != "" {
		conds = append(conds, "lower(c.last_name) LIKE "+arg("%"+likeEscape(strings.ToLower(q.LastName))+"%")+` ESCAPE '\'`)
	}
	if e := strings.ToLower(q.Email); e != "" {
		switch {
		case q.EmailMatch == "contains":
			conds = append(conds, "lower(c.email) LIKE "+arg("%"+likeEscape(e)+"%")+` ESCAPE '\'`)
		case d == db.Postgres:
			// text_pattern_ops index: magento_customers_email_prefix.
			conds = append(conds, "lower(c.email) LIKE "+arg(likeEscape(e)+"%")+` ESCAPE '\'`)
		default:
			// A range on the lower(email) index: every string that
			// starts with e sorts in [e, e+U+10FFFF). SQLite cannot
			// tell how many rows a range holds; when the count says
			// many, the unary + keeps it off the email index so the
			// sort's index is walked instead.
			col := "lower(c.email)"
			if q.Matches > manyMatches {
				col = "+lower(c.email)"
			}
			conds = append(conds, col+" >= "+arg(e)+" AND "+col+" < "+arg(e+"\U0010FFFF"))
		}
	}
	if q.Country != "" {
		conds = append(conds, "c.billing_country = "+arg(q.Country))
	}
	if q.Region != "" {
		conds = append(conds, "lower(c.billing_region) = "+arg(strings.ToLower(q.Region)))
	}
	if q.LifetimeMin != nil {
		conds = append(conds, "c.lifetime_value >= "+arg(*q.LifetimeMin))
	}
	if q.LifetimeMax != nil {
		conds = append(conds, "c.lifetime_value <= "+arg(*q.LifetimeMax))
	}
	for _, r := range []struct {
		col      string
		from, to time.Time
	}{{"c.remote_created_at", q.CreatedFrom, q.CreatedTo}, {"c.remote_updated_at", q.UpdatedFrom, q.UpdatedTo}} {
		switch {
		case !r.from.IsZero():
			conds = append(conds, r.col+" >= "+arg(model.FormatMagentoTime(r.from)))
		case !r.to.IsZero():
			// A customer not yet in Magento has no Magento time ('').
			conds = append(conds, r.col+" > ''")
		}
		if !r.to.IsZero() {
			conds = append(conds, r.col+" < "+arg(model.FormatMagentoTime(r.to)))
		}
	}
	switch q.Newsletter {
	case "yes":
		conds = append(conds, "c.is_subscribed = "+arg(true))
	case "no":
		conds = append(conds, "c.is_subscribed = "+arg(false))
	case "unknown":
		conds = append(conds, "c.is_subscribed IS NULL")
	}
	if cond, ok := SyncStates[q.SyncState]; ok {
		conds = append(conds, cond)
	}
	if q.OwnerID != 0 {
		conds = append(conds, "c.owner_user_id = "+arg(q.OwnerID))
	}
	return strings.Join(conds, " AND "), args
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// orderBy returns the ORDER BY terms and the join the sort needs.
func (q *CustomerQuery) orderBy() (string, string) {
	key := q.Sort
	terms, ok := CustomerSorts[key]
	if !ok {
		key, terms = "name", CustomerSorts["name"]
	}
	dir := ""
	if q.Desc {
		dir = " DESC"
	}
	parts := make([]string, 0, len(terms)+1)
	for _, t := range append(terms, "c.id") {
		parts = append(parts, t+dir)
	}
	return strings.Join(parts, ", "), sortJoins[key]
}

// manyMatches is the count above which a page is found by walking the
// sort's index rather than the email filter's.
const manyMatches = 2000

// unfiltered reports whether the query selects everything in its scope.
func (q *CustomerQuery) unfiltered() bool {
	return q.ChannelID == 0 && q.WebsiteID == 0 && q.StoreID == 0 && len(q.GroupIDs) == 0 && q.FirstName == "" &&
		q.LastName == "" && q.Email == "" && q.Country == "" && q.Region == "" && q.LifetimeMin == nil &&
		q.LifetimeMax == nil && q.CreatedFrom.IsZero() && q.CreatedTo.IsZero() && q.UpdatedFrom.IsZero() &&
		q.UpdatedTo.IsZero() && q.Newsletter == "" && SyncStates[q.SyncState] == "" && q.OwnerID == 0 &&
		q.ContactID == 0 && q.AccountID == 0 && len(q.IDs) == 0
}

// CountCustomers returns how many customers the query selects (ignoring
// its page). Without filters it sums the per-owner counters the database
// keeps (magento_customer_counts, same scope columns), exact and fast at
// any size; with filters it counts the matches on the filter's index.
func (s *Store) CountCustomers(ctx context.Context, q CustomerQuery) (int, error) {
	where, args := q.where(s.DB.Dialect)
	sqlText := "SELECT COUNT(*) FROM magento_customers c WHERE " + where
	if q.unfiltered() {
		sqlText = "SELECT COALESCE(SUM(c.n), 0) FROM magento_customer_counts c WHERE " + where
	}
	var n int
	err := s.DB.QueryRowContext(ctx, sqlText, args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count customers: %w", err)
	}
	return n, nil
}

// Customers returns one page of the customers the query selects, in its
// order. The page's ids are found first on the customer table alone (so
// the sort can walk an index) and the rows are then read with their names.
func (s *Store) Customers(ctx context.Context, q CustomerQuery) ([]model.Customer, error) {
	if q.Limit <= 0 {
		q.Limit = 25
	}
	found, err := s.CustomerIDs(ctx, q)
	if err != nil {
		return nil, err
	}
	ids := make([]any, len(found))
	for i, id := range found {
		ids[i] = id
	}
	return s.customersByID(ctx, q.Scope, ids)
}

// customersByID reads the customers with these ids (int64 values), with
// the names of what they refer to that sc shows, in the order of ids.
func (s *Store) customersByID(ctx context.Context, sc CustomerScope, ids []any) ([]model.Customer, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err := s.DB.QueryContext(ctx, customerSelect(sc)+" WHERE c.id IN ("+placeholders(1, len(ids))+")", ids...)
	if err != nil {
		return nil, fmt.Errorf("load customers: %w", err)
	}
	defer rows.Close()
	byID := make(map[int64]*model.Customer, len(ids))
	for rows.Next() {
		c, err := scanCustomer(rows)
		if err != nil {
			return nil, err
		}
		byID[c.ID] = c
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]model.Customer, 0, len(ids))
	for _, id := range ids {
		if c, ok := byID[id.(int64)]; ok {
			out = append(out, *c)
		}
	}
	return out, nil
}

// CustomerIDs returns the ids of one page of the customers the query
// selects, in its order, from the customer table alone (so the sort can
// walk an index).
func (s *Store) CustomerIDs(ctx context.Context, q CustomerQuery) ([]int64, error) {
	where, args := q.where(s.DB.Dialect)
	order, join := q.orderBy()
	sqlText := fmt.Sprintf("SELECT c.id FROM magento_customers c%s WHERE %s ORDER BY %s LIMIT %d OFFSET %d",
		join, where, order, max(q.Limit, 1), max(q.Offset, 0))
	rows, err := s.DB.QueryContext(ctx, sqlText, args...)
	if err != nil {
		return nil, fmt.Errorf("list customers: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// ExportCustomers calls fn for every customer the query selects (all
// pages), in its order, reading row by row so memory stays flat however
// many there are. Related names come from maps loaded once, not joins.
func (s *Store) ExportCustomers(ctx context.Context, q CustomerQuery, fn func(*model.Customer) error) error {
	where, args := q.where(s.DB.Dialect)
	order, join := q.orderBy()
	names, err := s.customerNames(ctx)
	if err != nil {
		return err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT c.id, c.channel_id, COALESCE(c.website_id, 0), COALESCE(c.store_id, 0),
		COALESCE(c.group_id, 0), c.prefix, c.first_name, c.middle_name, c.last_name, c.suffix, c.email, c.dob, c.gender,
		c.taxvat, c.is_subscribed, c.billing_country, c.billing_region, c.lifetime_value, c.currency, c.remote_created_at,
		c.remote_updated_at, c.imported_at, c.synced_at, c.owner_user_id, c.sync_state, COALESCE(c.origin_id, 0)
		FROM magento_customers c`+join+" WHERE "+where+" ORDER BY "+order, args...)
	if err != nil {
		return fmt.Errorf("export customers: %w", err)
	}
	defer rows.Close()
	var c model.Customer
	for rows.Next() {
		var sub sql.NullBool
		var imported, synced int64
		c = model.Customer{}
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
		if err := fn(&c); err != nil {
			return err
		}
	}
	return rows.Err()
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
