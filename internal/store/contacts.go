package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"magecrm/internal/acl"
	"magecrm/internal/db"
	"magecrm/internal/model"
)

// ContactEntity names contacts in the audit log.
const ContactEntity = "contact"

// ListQuery is a page of a simple list (contacts, accounts): the actor's
// scope, a search text, a whitelisted sort and a page.
type ListQuery struct {
	Scope acl.Scope // the records listed; the zero value selects nothing
	// Accounts is, for contacts, the accounts whose names the rows may show.
	Accounts  acl.Scope
	Search    string // contains, ignoring case
	AccountID int64  // contacts only: those of this account
	ParentID  int64  // accounts only: those directly below this account
	// NotBelow, for accounts, leaves out this account and every account
	// below it: the choices of a parent that would not make a cycle.
	NotBelow int64
	Sort     string
	Desc     bool
	Offset   int
	Limit    int
	// After, when set, starts the page right behind this position (from
	// ContactKey or AccountKey) instead of at Offset.
	After CustomerKey
}

// ContactSorts maps the contact list's sortable columns to ORDER BY terms.
var ContactSorts = map[string][]string{
	"name":       {"ct.last_name", "ct.first_name"},
	"email":      {"lower(ct.email)"},
	"phone":      {"ct.phone"},
	"job_title":  {"lower(ct.job_title)"},
	"account":    {"COALESCE(a.name, '')"},
	"owner":      {userName("u")},
	"created_at": {"ct.created_at"},
}

const contactSelect = `SELECT ct.id, ct.organization_id, ct.owner_user_id, COALESCE(ct.account_id, 0), ct.first_name,
	ct.last_name, ct.email, ct.phone, ct.job_title, ct.birthday, ct.source, ct.created_at, ct.updated_at, a.id IS NOT NULL, `

func scanContact(sc interface{ Scan(...any) error }) (*model.Contact, error) {
	var c model.Contact
	var created, updated int64
	err := sc.Scan(&c.ID, &c.OrganizationID, &c.OwnerUserID, &c.AccountID, &c.FirstName, &c.LastName, &c.Email,
		&c.Phone, &c.JobTitle, &c.Birthday, &c.Source, &created, &updated, &c.AccountVisible, &c.OwnerName, &c.AccountName)
	c.CreatedAt, c.UpdatedAt = fromMillis(created), fromMillis(updated)
	return &c, err
}

// contactFrom joins a contact's owner, and its account's name only within
// accounts.
func contactFrom(accounts acl.Scope, d db.Dialect) string {
	return userName("u") + `, COALESCE(a.name, '') FROM ` + contactJoins(accounts, d)
}

// contactJoins are the tables of a contact's row.
func contactJoins(accounts acl.Scope, d db.Dialect) string {
	return `contacts ct
	JOIN users u ON u.id = ct.owner_user_id
	LEFT JOIN accounts a ON a.id = ct.account_id AND ` + accountScope.where(accounts, d)
}

func (q *ListQuery) clause(cols scopeColumns, d db.Dialect, search string, extra ...string) (string, []any) {
	conds := []string{cols.where(q.Scope, d)}
	var args []any
	if q.Search != "" {
		args = append(args, "%"+likeEscape(strings.ToLower(strings.TrimSpace(q.Search)))+"%")
		conds = append(conds, strings.ReplaceAll(search, "$s", "$1"))
	}
	conds = append(conds, extra...)
	return strings.Join(conds, " AND "), args
}

func order(sorts map[string][]string, key, fallback, idCol string, desc bool) string {
	terms, ok := sorts[key]
	if !ok {
		terms = sorts[fallback]
	}
	dir := ""
	if desc {
		dir = " DESC"
	}
	parts := make([]string, 0, len(terms)+1)
	for _, t := range append(terms, idCol) {
		parts = append(parts, t+dir)
	}
	return strings.Join(parts, ", ")
}

// Contacts returns a page of contacts and how many the query selects.
func (s *Store) Contacts(ctx context.Context, q ListQuery) ([]model.Contact, int, error) {
	var extra []string
	if q.AccountID != 0 {
		extra = append(extra, fmt.Sprintf("ct.account_id = %d", q.AccountID))
	}
	where, args := q.clause(contactScope, s.DB.Dialect, contactSearch(q.Search), extra...)
	var total int
	if err := s.DB.QueryRowContext(ctx, "SELECT COUNT(*) FROM contacts ct WHERE "+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count contacts: %w", err)
	}
	page, args, err := q.page(listTerms(ContactSorts, q.Sort, "name", "ct.id"), args)
	if err != nil {
		return nil, 0, err
	}
	rows, err := s.DB.QueryContext(ctx, contactSelect+contactFrom(q.Accounts, s.DB.Dialect)+" WHERE "+where+page+" ORDER BY "+
		order(ContactSorts, q.Sort, "name", "ct.id", q.Desc)+fmt.Sprintf(" LIMIT %d OFFSET %d", pageLimit(q.Limit), q.offset()), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list contacts: %w", err)
	}
	defer rows.Close()
	var out []model.Contact
	for rows.Next() {
		c, err := scanContact(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, *c)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	list := make([]*model.Contact, len(out))
	for i := range out {
		list[i] = &out[i]
	}
	return out, total, s.loadContactMethods(ctx, s.DB, list)
}

// contactSearch finds a contact by name, job title, any of its emails, or
// any of its phones, also when the search writes the number differently.
func contactSearch(search string) string {
	cond := `(lower(ct.first_name || ' ' || ct.last_name) LIKE $s ESCAPE '\' OR lower(ct.job_title) LIKE $s ESCAPE '\'
		OR EXISTS (SELECT 1 FROM contact_emails e WHERE e.contact_id = ct.id AND lower(e.email) LIKE $s ESCAPE '\')
		OR EXISTS (SELECT 1 FROM contact_phones p WHERE p.contact_id = ct.id AND lower(p.phone) LIKE $s ESCAPE '\')`
	if d := model.PhoneDigits(search); len(d) >= 3 && len(d)*2 >= len(strings.TrimSpace(search)) {
		cond += ` OR EXISTS (SELECT 1 FROM contact_phones p WHERE p.contact_id = ct.id AND p.digits LIKE '%` + d + `%')`
	}
	return cond + ")"
}

func pageLimit(n int) int {
	if n <= 0 {
		return 25
	}
	return n
}

// Contact returns one contact inside scope, with its account's name when
// it is inside accounts.
func (s *Store) Contact(ctx context.Context, scope, accounts acl.Scope, id int64) (*model.Contact, error) {
	c, err := scanContact(s.DB.QueryRowContext(ctx, contactSelect+contactFrom(accounts, s.DB.Dialect)+" WHERE ct.id = $1 AND "+
		contactScope.where(scope, s.DB.Dialect), id))
	if err != nil {
		return nil, notFound(err, "load contact")
	}
	return c, s.loadContactMethods(ctx, s.DB, []*model.Contact{c})
}

// DeleteContact removes a contact; customers linked to it lose the link,
// and activities about it alone go with it. It returns the storage names of
// the attachment files to remove once it is committed.
func (s *Store) DeleteContact(ctx context.Context, orgID, id int64) ([]string, error) {
	var files []string
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if files, err = detachActivities(ctx, tx, model.TargetContact, "SELECT id FROM contacts WHERE id = $1 AND organization_id = $2", id, orgID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "DELETE FROM contacts WHERE id = $1 AND organization_id = $2", id, orgID)
		return err
	})
	return files, err
}
