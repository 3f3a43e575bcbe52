package store

import (
	"context"
	"database/sql"
	"fmt"

	"magecrm/internal/acl"
	"magecrm/internal/model"
)

// AccountSorts maps the account list's sortable columns to ORDER BY terms.
var AccountSorts = map[string][]string{
	"name":       {"a.name"},
	"owner":      {userName("u")},
	"created_at": {"a.created_at"},
}

var accountSelect = `SELECT a.id, a.organization_id, a.owner_user_id, a.name, a.created_at, a.updated_at, ` +
	userName("u") + ` FROM accounts a JOIN users u ON u.id = a.owner_user_id`

func scanAccount(sc interface{ Scan(...any) error }) (*model.Account, error) {
	var a model.Account
	var created, updated int64
	err := sc.Scan(&a.ID, &a.OrganizationID, &a.OwnerUserID, &a.Name, &created, &updated, &a.OwnerName)
	a.CreatedAt, a.UpdatedAt = fromMillis(created), fromMillis(updated)
	return &a, err
}

// Accounts returns a page of accounts and how many the query selects.
func (s *Store) Accounts(ctx context.Context, q ListQuery) ([]model.Account, int, error) {
	where, args := q.clause(accountScope, `lower(a.name) LIKE $s ESCAPE '\'`)
	var total int
	if err := s.DB.QueryRowContext(ctx, "SELECT COUNT(*) FROM accounts a WHERE "+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count accounts: %w", err)
	}
	rows, err := s.DB.QueryContext(ctx, accountSelect+" WHERE "+where+" ORDER BY "+
		order(AccountSorts, q.Sort, "name", "a.id", q.Desc)+fmt.Sprintf(" LIMIT %d OFFSET %d", pageLimit(q.Limit), max(q.Offset, 0)), args...)
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
	a, err := scanAccount(s.DB.QueryRowContext(ctx, accountSelect+" WHERE a.id = $1 AND "+accountScope.where(scope), id))
	if err != nil {
		return nil, notFound(err, "load account")
	}
	return a, nil
}

// SaveAccount creates (ID 0) or updates an account.
func (s *Store) SaveAccount(ctx context.Context, a *model.Account) error {
	if a.ID == 0 {
		err := s.DB.QueryRowContext(ctx, `INSERT INTO accounts (organization_id, owner_user_id, name, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $4) RETURNING id`, a.OrganizationID, a.OwnerUserID, a.Name, millis(a.UpdatedAt)).Scan(&a.ID)
		if err != nil {
			return fmt.Errorf("add account: %w", err)
		}
		return nil
	}
	res, err := s.DB.ExecContext(ctx, `UPDATE accounts SET owner_user_id = $1, name = $2, updated_at = $3
		WHERE id = $4 AND organization_id = $5`, a.OwnerUserID, a.Name, millis(a.UpdatedAt), a.ID, a.OrganizationID)
	if err != nil {
		return fmt.Errorf("update account %d: %w", a.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// DeleteAccount removes an account; its contacts and customers lose the
// link (contacts.account_id has no foreign key, so it is cleared here), and
// activities about it alone go with it. It returns the storage names of the
// attachment files to remove once it is committed.
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
