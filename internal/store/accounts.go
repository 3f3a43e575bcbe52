package store

import (
	"context"
	"database/sql"
	"fmt"

	"magecrm/internal/acl"
	"magecrm/internal/db"
	"magecrm/internal/model"
)

// AccountEntity names accounts in the audit log and the recently viewed
// list.
const AccountEntity = "account"

// AccountSorts maps the account list's sortable columns to ORDER BY terms.
var AccountSorts = map[string][]string{
	"name":       {"a.name"},
	"industry":   {"a.industry"},
	"city":       {"lower(a.city)"},
	"parent":     {"p.name"},
	"owner":      {userName("u")},
	"created_at": {"a.created_at"},
}

// parentScope is accountScope for an account's parent, aliased p.
var parentScope = scopeColumns{owner: "p.owner_user_id", organization: "p.organization_id"}

// accountSelect reads accounts with their owner's name and, inside scope,
// their parent's name.
func accountSelect(scope acl.Scope, d db.Dialect) string {
	return `SELECT a.id, a.organization_id, a.owner_user_id, COALESCE(a.parent_id, 0), a.name, a.industry, a.website,
	a.phone, a.street, a.city, a.region, a.postcode, a.country, a.created_at, a.updated_at, ` + userName("u") + `,
	p.id IS NOT NULL, COALESCE(p.name, '')
	FROM accounts a JOIN users u ON u.id = a.owner_user_id
	LEFT JOIN accounts p ON p.id = a.parent_id AND ` + parentScope.where(scope, d)
}

// accountJoins are the tables an account list's sort reads.
const accountJoins = `accounts a JOIN users u ON u.id = a.owner_user_id`

func scanAccount(sc interface{ Scan(...any) error }) (*model.Account, error) {
	var a model.Account
	var created, updated int64
	ad := &a.Address
	err := sc.Scan(&a.ID, &a.OrganizationID, &a.OwnerUserID, &a.ParentID, &a.Name, &a.Industry, &a.Website, &a.Phone,
		&ad.Street, &ad.City, &ad.Region, &ad.PostCode, &ad.Country, &created, &updated, &a.OwnerName,
		&a.ParentVisible, &a.ParentName)
	a.CreatedAt, a.UpdatedAt = fromMillis(created), fromMillis(updated)
	return &a, err
}

// accountSearch finds an account by name, website or phone.
const accountSearch = `(lower(a.name) LIKE $s ESCAPE '\' OR lower(a.website) LIKE $s ESCAPE '\'
	OR lower(a.phone) LIKE $s ESCAPE '\' OR lower(a.city) LIKE $s ESCAPE '\')`

// Accounts returns a page of accounts and how many the query selects.
func (s *Store) Accounts(ctx context.Context, q ListQuery) ([]model.Account, int, error) {
	var extra []string
	if q.ParentID != 0 {
		extra = append(extra, fmt.Sprintf("a.parent_id = %d", q.ParentID))
	}
	if q.NotBelow != 0 {
		extra = append(extra, fmt.Sprintf(`a.id NOT IN (WITH RECURSIVE below(id) AS (SELECT CAST(%d AS BIGINT)
			UNION SELECT c.id FROM accounts c JOIN below ON c.parent_id = below.id) SELECT id FROM below)`, q.NotBelow))
	}
	where, args := q.clause(accountScope, s.DB.Dialect, accountSearch, extra...)
	var total int
	if err := s.DB.QueryRowContext(ctx, "SELECT COUNT(*) FROM accounts a WHERE "+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count accounts: %w", err)
	}
	page, args, err := q.page(listTerms(AccountSorts, q.Sort, "name", "a.id"), args)
	if err != nil {
		return nil, 0, err
	}
	rows, err := s.DB.QueryContext(ctx, accountSelect(q.Scope, s.DB.Dialect)+" WHERE "+where+page+" ORDER BY "+
		order(AccountSorts, q.Sort, "name", "a.id", q.Desc)+fmt.Sprintf(" LIMIT %d OFFSET %d", pageLimit(q.Limit), q.offset()), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list accounts: %w", err)
	}
	defer rows.Close()
	var out []model.Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, *a)
	}
	return out, total, rows.Err()
}

// Account returns one account inside scope.
func (s *Store) Account(ctx context.Context, scope acl.Scope, id int64) (*model.Account, error) {
	a, err := scanAccount(s.DB.QueryRowContext(ctx, accountSelect(scope, s.DB.Dialect)+" WHERE a.id = $1 AND "+accountScope.where(scope, s.DB.Dialect), id))
	if err != nil {
		return nil, notFound(err, "load account")
	}
	return a, nil
}

// ErrAccountCycle means an account was to sit below itself.
var ErrAccountCycle = Refusal("An account cannot sit below itself or one of the accounts below it: choose another parent.")

// SaveAccount creates (a.ID 0) or updates an account and records the
// history in the same transaction: old is the account as read before the
// change (nil on create). A parent that would put the account below itself
// is refused with ErrAccountCycle, checked in the same transaction. A
// change that changes nothing writes nothing. Parent changes of one
// organization take turns (SQLite has one writer; PostgreSQL takes an
// advisory lock), so two saves cannot each pass the check and together
// make a cycle. An update saves only when the
// account's last change time is still old's (compared and set in the
// UPDATE), else it is ErrStale and nothing is saved.
func (s *Store) SaveAccount(ctx context.Context, old, a *model.Account, actorID int64) error {
	changes := model.AccountChanges(old, a)
	action, nothing := saveAction(old != nil, changes)
	if nothing {
		return nil
	}
	return s.Tx(ctx, func(tx *sql.Tx) error {
		if a.ID != 0 && a.ParentID != 0 {
			if err := s.lockTree(ctx, tx, "accounts", a.OrganizationID); err != nil {
				return err
			}
			below, err := isBelow(ctx, tx, a.ParentID, a.ID)
			if err != nil {
				return err
			}
			if below {
				return ErrAccountCycle
			}
		}
		if err := writeAccount(ctx, tx, old, a); err != nil {
			return err
		}
		return insertAudit(ctx, tx, AuditEntry{Entity: AccountEntity, EntityID: a.ID, ActorUserID: actorID,
			Action: action, Changes: changes, CreatedAt: a.UpdatedAt})
	})
}

// isBelow reports whether account start is account id or sits anywhere
// below it, walking up start's parents (the walk is bounded, so a cycle
// already stored cannot hang it).
func isBelow(ctx context.Context, q querier, start, id int64) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `WITH RECURSIVE up(id, depth) AS (
			SELECT CAST($1 AS BIGINT), 0
			UNION ALL SELECT a.parent_id, up.depth + 1 FROM accounts a JOIN up ON a.id = up.id
			WHERE a.parent_id IS NOT NULL AND up.depth < 1000)
		SELECT COUNT(*) FROM up WHERE id = $2`, start, id).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("check the account's parents: %w", err)
	}
	return n > 0, nil
}

func writeAccount(ctx context.Context, tx *sql.Tx, old, a *model.Account) error {
	ad := a.Address
	if a.ID == 0 {
		err := tx.QueryRowContext(ctx, `INSERT INTO accounts (organization_id, owner_user_id, parent_id, name, industry,
			website, phone, street, city, region, postcode, country, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id`,
			a.OrganizationID, a.OwnerUserID, optionalID(a.ParentID), a.Name, a.Industry, a.Website, a.Phone,
			ad.Street, ad.City, ad.Region, ad.PostCode, ad.Country, millis(a.UpdatedAt)).Scan(&a.ID)
		if err != nil {
			return fmt.Errorf("add account: %w", err)
		}
		a.CreatedAt = a.UpdatedAt
		return nil
	}
	res, err := tx.ExecContext(ctx, `UPDATE accounts SET owner_user_id = $1, parent_id = $2, name = $3, industry = $4,
		website = $5, phone = $6, street = $7, city = $8, region = $9, postcode = $10, country = $11, updated_at = $12
		WHERE id = $13 AND organization_id = $14 AND updated_at = $15`,
		a.OwnerUserID, optionalID(a.ParentID), a.Name, a.Industry, a.Website, a.Phone, ad.Street, ad.City, ad.Region,
		ad.PostCode, ad.Country, millis(a.UpdatedAt), a.ID, a.OrganizationID, millis(old.UpdatedAt))
	if err != nil {
		return fmt.Errorf("update account %d: %w", a.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrStale
	}
	return nil
}

// DeleteAccount removes an account; its contacts and customers lose the
// link (contacts.account_id has no foreign key, so it is cleared here), the
// accounts below it lose their parent, and activities about it alone go
// with it. It returns the storage names of the attachment files to remove
// once it is committed.
func (s *Store) DeleteAccount(ctx context.Context, orgID, id int64) ([]string, error) {
	var files []string
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if files, err = detachActivities(ctx, tx, model.TargetAccount, "SELECT id FROM accounts WHERE id = $1 AND organization_id = $2", id, orgID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE contacts SET account_id = NULL WHERE account_id = $1 AND organization_id = $2", id, orgID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "DELETE FROM accounts WHERE id = $1 AND organization_id = $2", id, orgID)
		return err
	})
	return files, err
}
