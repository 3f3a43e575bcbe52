package store

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"magecrm/internal/db"
	"magecrm/internal/model"
)

// SyncStates maps the sync state filter's choices to their conditions on
// the column expression col. A flag set means sync_state > 0, which lets
// the condition start on the sync state index where few rows are flagged.
var SyncStates = map[string]func(col string) string{
	"in_sync":  func(col string) string { return col + " = 0" },
	"pending":  waiting,
	"conflict": flagged(model.SyncConflict),
	"removed":  flagged(model.SyncRemovedRemote),
	"failed":   flagged(model.SyncFailed),
}

// waiting is the condition of model.WaitingToBeSent: a change to send and
// Magento still has the customer.
func waiting(col string) string {
	return fmt.Sprintf("%s > 0 AND (c.sync_state & %d) = %d", col, model.SyncPendingSend|model.SyncRemovedRemote, model.SyncPendingSend)
}

func flagged(bit int) func(string) string {
	return func(col string) string { return fmt.Sprintf("%s > 0 AND (c.sync_state & %d) <> 0", col, bit) }
}

// conditions collects a WHERE clause and its bound arguments.
type conditions struct {
	dialect db.Dialect
	parts   []string
	args    []any
	// hide keeps SQLite from answering the filters with their indexes
	// (a unary + makes a column an expression no index holds), so the
	// page is found by walking the sort's index instead.
	hide bool
	// emailsJoined says the emails' trigram index is joined as e
	// (countFrom), so "email contains" matches on it.
	emailsJoined bool
}

func (c *conditions) arg(v any) string {
	c.args = append(c.args, v)
	return fmt.Sprintf("$%d", len(c.args))
}

func (c *conditions) add(s string) { c.parts = append(c.parts, s) }

// col is a filtered column's expression as the query writes it.
func (c *conditions) col(expr string) string {
	if c.hide && c.dialect == db.SQLite {
		return "+" + expr
	}
	return expr
}

func (c *conditions) in(col string, ids []int64) {
	if len(ids) == 0 {
		return
	}
	ph := make([]string, len(ids))
	for i, id := range ids {
		ph[i] = c.arg(id)
	}
	c.add(col + " IN (" + strings.Join(ph, ", ") + ")")
}

func (c *conditions) equal(col string, v int64) {
	if v != 0 {
		c.add(c.col(col) + " = " + c.arg(v))
	}
}

// prefix matches the lower-cased column expression against the start of
// s, ignoring case: on PostgreSQL a LIKE its text_pattern_ops index
// answers; on SQLite a range on the expression's index (every string that
// starts with s sorts in [s, s+U+10FFFF)).
func (c *conditions) prefix(expr, s string) {
	s = strings.ToLower(s)
	if s == "" {
		return
	}
	if c.dialect == db.Postgres {
		c.add(expr + " LIKE " + c.arg(likeEscape(s)+"%") + ` ESCAPE '\'`)
		return
	}
	e := c.col(expr)
	c.add(e + " >= " + c.arg(s) + " AND " + e + " < " + c.arg(s+"\U0010FFFF"))
}

// where builds the query's condition and its arguments. With hide, the
// filters are written so that SQLite walks the sort's index (see plan).
func (q *CustomerQuery) where(d db.Dialect, hide bool) (string, []any) {
	scope, filters, args := q.whereParts(d, hide)
	if filters == "" {
		return scope, args
	}
	return scope + " AND " + filters, args
}

// whereParts returns the scope's condition and the filters' apart.
// When the matches are found on a filter's index (not hide), SQLite is
// kept from the owner's index (a unary +): for a business unit it would
// read every customer of the unit there, while the filters' indexes hold
// the owner (a representative's German customers sorted by region read
// 40,000 rows at 200,000 customers instead of 3,700 index entries).
func (q *CustomerQuery) whereParts(d db.Dialect, hide bool) (scope, filters string, args []any) {
	return q.whereOf(&conditions{dialect: d, hide: hide})
}

// whereOf is whereParts written into c.
func (q *CustomerQuery) whereOf(c *conditions) (scope, filters string, args []any) {
	q.linkFilters(c)
	q.textFilters(c)
	q.valueFilters(c)
	q.timeFilters(c)
	filters, cols := strings.Join(c.parts, " AND "), customerScope
	if !c.hide && c.dialect == db.SQLite && filters != "" {
		cols = ownerHiddenScope
	}
	scope = cols.where(q.Scope.Customers, c.dialect)
	// The band leads a walk to its start. SQLite would also walk it in
	// place of the filter's index when the matches are to be found there,
	// and a band as wide as the table (Bavaria's) read every row.
	if q.band != nil && (c.hide || c.dialect == db.Postgres) {
		scope = "(" + scope + " AND " + q.band.where() + ")"
	}
	return scope, filters, c.args
}

// ownerHiddenScope is the customers' scope with the owner kept from
// SQLite's indexes.
var ownerHiddenScope = scopeColumns{owner: "+c.owner_user_id", organization: "c.organization_id"}

// linkFilters select by what a customer belongs to.
func (q *CustomerQuery) linkFilters(c *conditions) {
	if q.ContactID != 0 {
		c.add("c.contact_id = " + c.arg(q.ContactID))
	}
	if q.AccountID != 0 {
		c.add("c.account_id = " + c.arg(q.AccountID))
	}
	c.in("c.id", q.IDs)
	c.equal("c.channel_id", q.ChannelID)
	c.equal("c.website_id", q.WebsiteID)
	c.equal("c.store_id", q.StoreID)
	c.in(c.col("c.group_id"), q.GroupIDs)
	c.equal("c.owner_user_id", q.OwnerID)
}

// textFilters match names and email, ignoring case.
func (q *CustomerQuery) textFilters(c *conditions) {
	c.prefix("lower(c.first_name)", q.FirstName)
	c.prefix("lower(c.last_name)", q.LastName)
	if q.EmailMatch == "contains" {
		c.emailContains(strings.ToLower(q.Email))
		return
	}
	c.prefix("lower(c.email)", q.Email)
}

// valueFilters compare one column with a value.
func (q *CustomerQuery) valueFilters(c *conditions) {
	if q.Country != "" {
		c.add(c.col("c.billing_country") + " = " + c.arg(q.Country))
	}
	if q.Region != "" {
		c.add(c.col("lower(c.billing_region)") + " = " + c.arg(strings.ToLower(q.Region)))
	}
	if q.LifetimeMin != nil {
		c.add(c.col("c.lifetime_value") + " >= " + c.arg(*q.LifetimeMin))
	}
	if q.LifetimeMax != nil {
		c.add(c.col("c.lifetime_value") + " <= " + c.arg(*q.LifetimeMax))
	}
	switch q.Newsletter {
	case "yes":
		c.add(c.col("c.is_subscribed") + " = " + c.arg(true))
	case "no":
		c.add(c.col("c.is_subscribed") + " = " + c.arg(false))
	case "unknown":
		c.add(c.col("c.is_subscribed") + " IS NULL")
	}
	if cond, ok := SyncStates[q.SyncState]; ok {
		c.add(cond(c.col("c.sync_state")))
	}
}

// timeFilters are the ranges of Magento's created and updated times: From
// included, To excluded.
func (q *CustomerQuery) timeFilters(c *conditions) {
	for _, r := range []struct {
		col      string
		from, to time.Time
	}{{"c.remote_created_at", q.CreatedFrom, q.CreatedTo}, {"c.remote_updated_at", q.UpdatedFrom, q.UpdatedTo}} {
		col := c.col(r.col)
		switch {
		case !r.from.IsZero():
			c.add(col + " >= " + c.arg(model.FormatMagentoTime(r.from)))
		case !r.to.IsZero():
			// A customer not yet in Magento has no Magento time ('').
			c.add(col + " > ''")
		}
		if !r.to.IsZero() {
			c.add(col + " < " + c.arg(model.FormatMagentoTime(r.to)))
		}
	}
}

// emailContains matches emails holding s, ignoring case. On SQLite,
// when the matches are to be found (not met along a walk of the sort),
// a text of three characters or more is looked up in the emails' trigram
// index (magento_customer_emails, migration 00126): the emails holding
// every three characters of it, which instr then narrows to those holding
// it whole. Along a walk each row is read anyway, and instr alone checks
// it. PostgreSQL's pg_trgm index, where it exists, answers the LIKE itself.
func (c *conditions) emailContains(s string) {
	switch {
	case s == "":
	case c.dialect == db.Postgres:
		c.add("lower(c.email) LIKE " + c.arg("%"+likeEscape(s)+"%") + ` ESCAPE '\'`)
	case c.hide || utf8.RuneCountInString(s) < 3:
		c.add("instr(lower(c.email), " + c.arg(s) + ") > 0")
	case c.emailsJoined:
		c.add("e.magento_customer_emails MATCH " + c.arg(trigrams(s)) + " AND instr(lower(c.email), " + c.arg(s) + ") > 0")
	default:
		c.add("c.id IN (SELECT rowid FROM magento_customer_emails WHERE magento_customer_emails MATCH " + c.arg(trigrams(s)) +
			") AND instr(lower(c.email), " + c.arg(s) + ") > 0")
	}
}

// countFrom is the FROM clause, condition and arguments of a count of the
// query's matches. On SQLite, "email contains" three characters or more is
// counted by reading the emails' trigram index first, joined: the count
// stops at its limit. As a condition (c.id IN (SELECT rowid …)) SQLite
// reads every candidate into a list before the first table row (65,000
// for "mar" at 1,000,000 customers, where the count stops near 11,000).
func (q *CustomerQuery) countFrom(d db.Dialect) (from, where string, args []any) {
	if d != db.SQLite || q.EmailMatch != "contains" || utf8.RuneCountInString(strings.ToLower(q.Email)) < 3 {
		where, args := q.where(d, false)
		return "magento_customers c", where, args
	}
	scope, filters, args := q.whereOf(&conditions{dialect: d, emailsJoined: true})
	return "magento_customer_emails e JOIN magento_customers c ON c.id = e.rowid", scope + " AND " + filters, args
}

// trigrams is an FTS5 query for the rows holding every three characters
// of s, each quoted as a string.
func trigrams(s string) string {
	r := []rune(s)
	var terms []string
	for i := 0; i+3 <= len(r); i++ {
		t := `"` + strings.ReplaceAll(string(r[i:i+3]), `"`, `""`) + `"`
		if !slices.Contains(terms, t) {
			terms = append(terms, t)
		}
	}
	return strings.Join(terms, " AND ")
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
