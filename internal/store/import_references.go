package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sync"
)

// PostgreSQL checks every foreign key of every row COPY inserts with a
// query of its own (a row trigger): seven for a customer and its address.
// In a COPY of 1,000,000 customers and 1,500,000 addresses those checks
// took three quarters of the server's CPU (48 s with them, 12 s without;
// docs/perf-import.md). Every new customer of a batch refers to the same
// few rows — its organization, channel and owner, and a handful of
// websites, stores and groups — and its addresses to customers the batch
// itself inserts. So where the role may (a superuser, or one granted
// `SET ON PARAMETER session_replication_role`), a batch checks and locks
// those few rows once, as the triggers would for each row (FOR KEY
// SHARE: nobody deletes them before the batch commits; deleting them later
// meets the constraints, which stay), and COPYs with the row triggers off.

// replicaCheck remembers whether the store's role may set
// session_replication_role, once known.
type replicaCheck struct {
	mu           sync.Mutex
	checked, may bool
}

// mayTurnTriggersOff says whether the store's role may set
// session_replication_role: a superuser, or on PostgreSQL 15 and later one
// granted SET on it. It asks the server once per Store and remembers the
// answer (a grant made later counts after a restart), so that a role that
// may not does not try, and fail, in every batch.
func (s *Store) mayTurnTriggersOff(ctx context.Context, tx *sql.Tx) (bool, error) {
	s.replica.mu.Lock()
	defer s.replica.mu.Unlock()
	if s.replica.checked {
		return s.replica.may, nil
	}
	var super, v15 bool
	err := tx.QueryRowContext(ctx, `SELECT rolsuper, current_setting('server_version_num')::int >= 150000
		FROM pg_roles WHERE rolname = current_user`).Scan(&super, &v15)
	if err != nil {
		return false, fmt.Errorf("read the role's privileges: %w", err)
	}
	may := super
	if !super && v15 {
		// has_parameter_privilege is not there before PostgreSQL 15.
		if err := tx.QueryRowContext(ctx, "SELECT has_parameter_privilege('session_replication_role', 'SET')").Scan(&may); err != nil {
			return false, fmt.Errorf("read the role's privileges: %w", err)
		}
	}
	s.replica.checked, s.replica.may = true, may
	return may, nil
}

// rowTriggersOff turns off the row triggers (the foreign-key checks) and
// user triggers for the rest of the transaction, or until
// rowTriggersOn, when the role may (mayTurnTriggersOff, and the server
// agrees); it reports whether it did. The caller must then do what the
// triggers do: check the references (lockReferences) and count the
// customers (addCustomerCount).
func (s *Store) rowTriggersOff(ctx context.Context, tx *sql.Tx) (bool, error) {
	if may, err := s.mayTurnTriggersOff(ctx, tx); err != nil || !may {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, "SAVEPOINT import_triggers"); err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, "SET LOCAL session_replication_role = replica"); err != nil {
		// Not permitted: keep the triggers.
		if _, rerr := tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT import_triggers"); rerr != nil {
			return false, rerr
		}
		return false, nil
	}
	_, err := tx.ExecContext(ctx, "RELEASE SAVEPOINT import_triggers")
	return err == nil, err
}

// rowTriggersOn turns the triggers on again for the rest of the
// transaction.
func rowTriggersOn(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, "SET LOCAL session_replication_role = origin")
	return err
}

// batchReference is a foreign key of a table a batch COPYs into: its
// column, the table it refers to, and what an error calls that row.
type batchReference struct {
	table, column, refers, what string
}

// checkedReferences are the foreign keys lockReferences checks for a batch
// of new customers, with the id each customer refers to.
var checkedReferences = []struct {
	batchReference
	id func(imp CustomerImport, c *ImportCustomer) int64
}{
	{batchReference{"magento_customers", "organization_id", "organizations", "organization"},
		func(imp CustomerImport, _ *ImportCustomer) int64 { return imp.OrganizationID }},
	{batchReference{"magento_customers", "channel_id", "channels", "channel"},
		func(imp CustomerImport, _ *ImportCustomer) int64 { return imp.ChannelID }},
	{batchReference{"magento_customers", "owner_user_id", "users", "owner"},
		func(imp CustomerImport, _ *ImportCustomer) int64 { return imp.OwnerID }},
	{batchReference{"magento_customers", "website_id", "magento_websites", "website"},
		func(_ CustomerImport, c *ImportCustomer) int64 { return c.WebsiteID }},
	{batchReference{"magento_customers", "store_id", "magento_stores", "store view"},
		func(_ CustomerImport, c *ImportCustomer) int64 { return c.StoreID }},
	{batchReference{"magento_customers", "group_id", "magento_customer_groups", "customer group"},
		func(_ CustomerImport, c *ImportCustomer) int64 { return c.GroupID }},
}

// uncheckedReferences are the other foreign keys of the tables a batch
// COPYs into, which need no check: the COPY leaves the customer's contact
// and account empty, and the addresses refer to the customers the same
// batch inserts.
var uncheckedReferences = []batchReference{
	{"magento_customers", "contact_id", "contacts", "contact"},
	{"magento_customers", "account_id", "accounts", "account"},
	{"magento_addresses", "customer_id", "magento_customers", "customer"},
}

// lockReferences does for a batch of new customers what the foreign-key
// triggers do for each (checkedReferences): it finds the rows they refer
// to and locks them FOR KEY SHARE until the transaction ends, and fails,
// naming the first missing one, when any is not there.
func lockReferences(ctx context.Context, tx *sql.Tx, imp CustomerImport, recs []*ImportCustomer) error {
	for _, r := range checkedReferences {
		var ids []int64
		for _, c := range recs {
			if id := r.id(imp, c); id != 0 && !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
		if len(ids) == 0 {
			continue
		}
		if err := lockReferenced(ctx, tx, r.batchReference, ids); err != nil {
			return err
		}
	}
	return nil
}

// lockReferenced locks the rows ids of the table r refers to FOR KEY
// SHARE, and fails when any is not there.
func lockReferenced(ctx context.Context, tx *sql.Tx, r batchReference, ids []int64) error {
	rows, err := tx.QueryContext(ctx, "SELECT id FROM "+r.refers+" WHERE id = ANY($1) ORDER BY id FOR KEY SHARE", ids)
	if err != nil {
		return fmt.Errorf("lock the customers' %s: %w", r.what, err)
	}
	found := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		found[id] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("lock the customers' %s: %w", r.what, err)
	}
	for _, id := range ids {
		if !found[id] {
			return fmt.Errorf("import customers: their %s (id %d) no longer exists", r.what, id)
		}
	}
	return nil
}
