package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"magecrm/internal/acl"
	"magecrm/internal/model"
)

// CustomerConflict is a field of a customer that both magecrm and Magento
// changed, not yet settled by a person: Kept is the value the channel's
// priority kept, Lost the other one (for an address, each in one line).
type CustomerConflict struct {
	ID, CustomerID, ChannelID int64
	Name, Email               string
	// Field is a model.SnapshotFields name, or "address <key>".
	Field      string
	Kept, Lost string
	// KeptLocal says magecrm's value was kept (and Magento's lost).
	KeptLocal bool
	CreatedAt time.Time
	// The customer's owner and organization, for access decisions.
	OwnerUserID, OwnerUnitID, OrganizationID int64
}

// recordConflicts lists, in tx, the conflicts a merge decided for a
// customer (each replacing an older one on its field). The caller marks
// the customer conflicted.
func recordConflicts(ctx context.Context, tx *sql.Tx, customerID, channelID int64, cs []model.Conflict, at time.Time) error {
	for _, c := range cs {
		lostAddress := ""
		if strings.HasPrefix(c.Field, "address ") {
			b, _ := json.Marshal(c.LostAddress) // strings only; nil is "null"
			lostAddress = string(b)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO customer_conflicts (customer_id, channel_id, field, kept, lost, lost_address, kept_local, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (customer_id, field) DO UPDATE SET kept = excluded.kept,
			lost = excluded.lost, lost_address = excluded.lost_address, kept_local = excluded.kept_local, created_at = excluded.created_at`,
			customerID, channelID, c.Field, c.Took, c.Lost, lostAddress, c.TookLocal, millis(at)); err != nil {
			return fmt.Errorf("list conflict on %s of customer %d: %w", c.Field, customerID, err)
		}
	}
	return nil
}

// ChannelConflicts lists up to limit open conflicts of a channel's
// customers that scope lets the reader view, the newest first.
func (s *Store) ChannelConflicts(ctx context.Context, scope acl.Scope, channelID int64, limit int) ([]CustomerConflict, error) {
	return s.ChannelConflictPage(ctx, scope, channelID, nil, limit)
}

// ConflictCursor is a place in a list of conflicts, newest first: a
// conflict's time and id.
type ConflictCursor struct {
	At time.Time
	ID int64
}

// ChannelConflictPage is ChannelConflicts starting after a conflict
// (keyset paging; nil starts at the newest).
func (s *Store) ChannelConflictPage(ctx context.Context, scope acl.Scope, channelID int64, after *ConflictCursor, limit int) ([]CustomerConflict, error) {
	args := []any{channelID, limit}
	keyset := ""
	if after != nil {
		keyset = " AND (k.created_at < $3 OR (k.created_at = $3 AND k.id < $4))"
		args = append(args, millis(after.At), after.ID)
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT k.id, k.customer_id, k.channel_id, trim(c.first_name || ' ' || c.last_name), c.email,
		k.field, k.kept, k.lost, k.kept_local, k.created_at, c.owner_user_id, u.business_unit_id, c.organization_id
		FROM customer_conflicts k JOIN magento_customers c ON c.id = k.customer_id JOIN users u ON u.id = c.owner_user_id
		WHERE k.channel_id = $1 AND `+customerScope.where(scope, s.DB.Dialect)+keyset+` ORDER BY k.created_at DESC, k.id DESC LIMIT $2`, args...)
	if err != nil {
		return nil, fmt.Errorf("list conflicts: %w", err)
	}
	defer rows.Close()
	var out []CustomerConflict
	for rows.Next() {
		var k CustomerConflict
		var at int64
		if err := rows.Scan(&k.ID, &k.CustomerID, &k.ChannelID, &k.Name, &k.Email, &k.Field, &k.Kept, &k.Lost, &k.KeptLocal, &at,
			&k.OwnerUserID, &k.OwnerUnitID, &k.OrganizationID); err != nil {
			return nil, err
		}
		k.CreatedAt = fromMillis(at)
		out = append(out, k)
	}
	return out, rows.Err()
}

// ErrConflictGone means the conflict was settled meanwhile.
var ErrConflictGone = Refusal("This conflict was settled meanwhile: the customer's page shows its values now.")

// ErrConflictMoved means the field changed again since the conflict, so
// its losing value is no longer the only other one.
var ErrConflictMoved = Refusal("This field changed again since the conflict: edit the customer to choose its value, or keep the value it has to close the conflict.")

// openConflict reads a customer's open conflict in tx, with its losing
// address when it is about one.
func openConflict(ctx context.Context, tx *sql.Tx, customerID, conflictID int64) (*CustomerConflict, map[string]string, error) {
	k := CustomerConflict{ID: conflictID, CustomerID: customerID}
	var lostAddress string
	err := tx.QueryRowContext(ctx, `SELECT channel_id, field, kept, lost, lost_address, kept_local FROM customer_conflicts
		WHERE id = $1 AND customer_id = $2`, conflictID, customerID).Scan(&k.ChannelID, &k.Field, &k.Kept, &k.Lost, &lostAddress, &k.KeptLocal)
	if err == sql.ErrNoRows {
		return nil, nil, ErrConflictGone
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read conflict %d: %w", conflictID, err)
	}
	var addr map[string]string
	if lostAddress != "" {
		if err := json.Unmarshal([]byte(lostAddress), &addr); err != nil {
			return nil, nil, fmt.Errorf("read conflict %d's address: %w", conflictID, err)
		}
	}
	return &k, addr, nil
}

// TakeConflictValue makes a conflict's losing value the customer's, as a
// person's edit: in one transaction it writes the value with its history
// entry, closes the conflict and makes the customer wait to be sent. The
// send's merge then sends the value only where Magento does not hold it
// already (Magento's value that lost to magecrm's before the send reached
// it is merely written here).
func (s *Store) TakeConflictValue(ctx context.Context, customerID, conflictID, actorID int64, at time.Time) error {
	return s.Tx(ctx, func(tx *sql.Tx) error {
		if err := lockCustomer(ctx, tx, s.DB.Dialect, customerID); err != nil {
			return err
		}
		k, lostAddress, err := openConflict(ctx, tx, customerID, conflictID)
		if err != nil {
			return err
		}
		cur, err := s.pushCustomer(ctx, tx, customerID)
		if err != nil {
			return err
		}
		key, isAddress := strings.CutPrefix(k.Field, "address ")
		now := cur.Local.Fields[k.Field]
		if isAddress {
			now = model.AddressLine(cur.Local.Addresses[key])
		}
		if now != k.Kept {
			return ErrConflictMoved
		}
		if err := s.captureBase(ctx, tx, customerID); err != nil {
			return err
		}
		if isAddress {
			err = setAddress(ctx, tx, customerID, key, lostAddress)
			if err == nil {
				err = refreshBilling(ctx, tx, customerID)
			}
		} else {
			err = s.setCustomerField(ctx, tx, cur, k.Field, k.Lost)
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE magento_customers SET sync_state = sync_state | $1, updated_at = $2, row_version = row_version + 1 WHERE id = $3",
			model.SyncPendingSend, millis(at), customerID); err != nil {
			return fmt.Errorf("take the other value of customer %d: %w", customerID, err)
		}
		if err := enqueueSend(ctx, tx, k.ChannelID, customerID, at); err != nil {
			return err
		}
		if err := closeConflict(ctx, tx, k); err != nil {
			return err
		}
		changes := map[string][2]string{k.Field: {k.Kept, k.Lost}}
		if err := queueCustomerUpdated(ctx, tx, customerID, changes, at); err != nil {
			return err
		}
		return insertAudit(ctx, tx, AuditEntry{Entity: CustomerEntity, EntityID: customerID, ActorUserID: actorID,
			Action: "take the other value", Changes: changes, CreatedAt: at})
	})
}

// KeepConflictValue closes a conflict keeping the value the priority
// chose; the history notes who settled it.
func (s *Store) KeepConflictValue(ctx context.Context, customerID, conflictID, actorID int64, at time.Time) error {
	return s.Tx(ctx, func(tx *sql.Tx) error {
		k, _, err := openConflict(ctx, tx, customerID, conflictID)
		if err != nil {
			return err
		}
		if err := closeConflict(ctx, tx, k); err != nil {
			return err
		}
		return insertAudit(ctx, tx, AuditEntry{Entity: CustomerEntity, EntityID: customerID, ActorUserID: actorID,
			Action: "keep the value", Changes: map[string][2]string{"conflict: " + k.Field: {k.Lost, k.Kept}}, CreatedAt: at})
	})
}

// closeConflict removes a conflict; the customer stops being in conflict
// with its last one.
func closeConflict(ctx context.Context, tx *sql.Tx, k *CustomerConflict) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM customer_conflicts WHERE id = $1", k.ID); err != nil {
		return fmt.Errorf("close conflict %d: %w", k.ID, err)
	}
	_, err := tx.ExecContext(ctx, `UPDATE magento_customers SET sync_state = sync_state & $1 WHERE id = $2
		AND NOT EXISTS (SELECT 1 FROM customer_conflicts WHERE customer_id = $2)`, ^model.SyncConflict, k.CustomerID)
	if err != nil {
		return fmt.Errorf("close conflict %d: %w", k.ID, err)
	}
	return nil
}
