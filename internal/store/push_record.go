package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"strconv"
	"strings"
	"time"

	"magecrm/internal/db"
	"magecrm/internal/model"
)

// PushOutcome is what one send of a customer ended with.
type PushOutcome struct {
	CustomerID, ChannelID int64
	// Sent is the customer as read for the send (Local and RowVersion).
	Sent *PushCustomer
	// OriginID is the customer's Magento id after the send.
	OriginID int64
	// Result is the state both sides hold now: the new base.
	Result model.Snapshot
	// NewAddresses maps the "new<id>" keys of addresses Magento created
	// in this send to their "m<Magento id>" keys.
	NewAddresses map[string]string
	Conflicts    []model.Conflict
	// RemoteUpdatedAt is when Magento saved the customer in this send
	// (zero: not known): an import of an older state is not taken.
	RemoteUpdatedAt time.Time
	At              time.Time
}

// RecordPushes saves, in tx, the outcomes of sends of different customers:
// for each, the Magento ids, the new base, and the values Magento brought
// to the fields the person has not changed again since the send read them.
// A customer stops waiting only if it was not saved again meanwhile.
// Conflicts go in the history with the value that lost, and mark the
// customer for the channel's Conflicts list. The password the send read,
// sent or not needed any more, is erased; one set since waits for the next
// send. The customers are locked together, and only those saved again,
// or whose base an import merge replaced, since their send read them are
// read again.
func (s *Store) RecordPushes(ctx context.Context, tx *sql.Tx, outs []PushOutcome) error {
	ids := make([]int64, len(outs))
	for i, o := range outs {
		ids[i] = o.CustomerID
	}
	versions, err := lockVersions(ctx, tx, s.DB.Dialect, ids)
	if err != nil {
		return err
	}
	var changed []int64
	for _, o := range outs {
		v, ok := versions[o.CustomerID]
		if !ok {
			return fmt.Errorf("record send of customer %d: %w", o.CustomerID, ErrNotFound)
		}
		if v.row != o.Sent.RowVersion || v.base != o.Sent.baseText {
			changed = append(changed, o.CustomerID)
		}
	}
	curs := map[int64]*PushCustomer{}
	if len(changed) > 0 {
		if curs, err = s.pushCustomers(ctx, tx, changed); err != nil {
			return err
		}
	}
	rows := make([]pushedRow, 0, len(outs))
	for _, o := range outs {
		cur := curs[o.CustomerID]
		if cur == nil {
			cur = o.Sent // not saved or merged since the send read it
		}
		row, err := s.recordPush(ctx, tx, cur, o)
		if err != nil {
			return err
		}
		rows = append(rows, row)
	}
	return updatePushed(ctx, tx, s.DB.Dialect, rows)
}

// pushedRow is what a send changes in its customer's row.
type pushedRow struct {
	id, origin    int64
	snapshot      string
	synced        int64
	keep, add     int
	bump          int
	remoteUpdated string
	sealed        string // the password the send read: erased if still held
}

// pushedSet is what updatePushed sets in a customer's row, from v.
const pushedSet = `origin_id = v.origin, snapshot = v.snapshot, synced_at = v.synced, sync_error = '',
	sync_state = (sync_state & v.keep) | v.addbits,
	password_sealed = CASE WHEN password_sealed = v.sealed THEN '' ELSE password_sealed END, row_version = row_version + v.bump,
	remote_updated_at = COALESCE(NULLIF(v.remote_updated, ''), remote_updated_at)`

// updatePushed writes the rows of a group of sends: on PostgreSQL in one
// statement whatever the group's size (its columns as arrays, one round
// trip); on SQLite with one statement prepared once for the group and run
// per row (in-process, each run is cheap; a statement listing every row
// cost more to parse than the group's writes).
func updatePushed(ctx context.Context, tx *sql.Tx, dialect db.Dialect, rows []pushedRow) error {
	if dialect == db.Postgres {
		var v struct {
			id, origin, synced, keep, add, bump []int64
			snapshot, remoteUpdated, sealed     []string
		}
		for _, r := range rows {
			v.id, v.origin, v.synced = append(v.id, r.id), append(v.origin, r.origin), append(v.synced, r.synced)
			v.keep, v.add, v.bump = append(v.keep, int64(r.keep)), append(v.add, int64(r.add)), append(v.bump, int64(r.bump))
			v.snapshot, v.remoteUpdated = append(v.snapshot, r.snapshot), append(v.remoteUpdated, r.remoteUpdated)
			v.sealed = append(v.sealed, r.sealed)
		}
		_, err := tx.ExecContext(ctx, `UPDATE magento_customers SET `+pushedSet+`
			FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[], $8::text[], $9::text[])
				AS v (id, origin, snapshot, synced, keep, addbits, bump, remote_updated, sealed)
			WHERE magento_customers.id = v.id`,
			v.id, v.origin, v.snapshot, v.synced, v.keep, v.add, v.bump, v.remoteUpdated, v.sealed)
		if err != nil {
			return fmt.Errorf("record the sends of %d customers: %w", len(rows), err)
		}
		return nil
	}
	stmt, err := tx.PrepareContext(ctx, `UPDATE magento_customers SET `+pushedSet+`
		FROM (SELECT $1 AS origin, $2 AS snapshot, $3 AS synced, $4 AS keep, $5 AS addbits, $6 AS bump, $7 AS remote_updated,
			$9 AS sealed) AS v
		WHERE magento_customers.id = $8`)
	if err != nil {
		return fmt.Errorf("record the sends of %d customers: %w", len(rows), err)
	}
	defer stmt.Close()
	for _, r := range rows {
		if _, err := stmt.ExecContext(ctx, r.origin, r.snapshot, r.synced, r.keep, r.add, r.bump, r.remoteUpdated, r.id, r.sealed); err != nil {
			return fmt.Errorf("record the send of customer %d: %w", r.id, err)
		}
	}
	return nil
}

// recordPush saves what one outcome changes besides its customer's row,
// and returns the row's new values; cur is the customer as it is now.
func (s *Store) recordPush(ctx context.Context, tx *sql.Tx, cur *PushCustomer, o PushOutcome) (pushedRow, error) {
	for from, to := range o.NewAddresses {
		id, _ := strconv.ParseInt(strings.TrimPrefix(from, "new"), 10, 64)
		origin, _ := strconv.ParseInt(strings.TrimPrefix(to, "m"), 10, 64)
		if _, err := tx.ExecContext(ctx, "UPDATE magento_addresses SET origin_id = $1 WHERE id = $2 AND customer_id = $3",
			origin, id, o.CustomerID); err != nil {
			return pushedRow{}, fmt.Errorf("link address %d to Magento id %d: %w", id, origin, err)
		}
		rekey(cur.Local.Addresses, from, to)
		rekey(o.Sent.Local.Addresses, from, to)
	}
	changes, err := s.applyRemote(ctx, tx, cur, o)
	if err != nil {
		return pushedRow{}, err
	}
	base, err := json.Marshal(o.Result)
	if err != nil {
		return pushedRow{}, err
	}
	row := pushedRow{id: o.CustomerID, origin: o.OriginID, snapshot: string(base), synced: millis(o.At),
		keep: ^(model.SyncFailed | model.SyncRemovedRemote | model.SyncCreateSent), remoteUpdated: magentoTime(o.RemoteUpdatedAt),
		sealed: o.Sent.sealedPassword}
	if cur.RowVersion == o.Sent.RowVersion {
		row.keep &^= model.SyncPendingSend
	}
	conflicts := undecidedConflicts(cur, o.Sent, o.Conflicts)
	if len(conflicts) > 0 {
		row.add = model.SyncConflict
	}
	if len(changes) > 0 {
		row.bump = 1
	}
	if err := recordConflicts(ctx, tx, o.CustomerID, o.ChannelID, conflicts, o.At); err != nil {
		return pushedRow{}, err
	}
	if row.bump == 1 {
		// The row gets its Magento id after this (updatePushed).
		if err := queueCustomerUpdatedAs(ctx, tx, o.CustomerID, o.OriginID, changes, o.At); err != nil {
			return pushedRow{}, err
		}
	}
	for _, c := range conflicts {
		changes["conflict: "+c.Field] = [2]string{c.Lost, c.Took}
	}
	if len(changes) == 0 {
		return row, nil
	}
	return row, insertAudit(ctx, tx, AuditEntry{Entity: CustomerEntity, EntityID: o.CustomerID, ActorChannelID: o.ChannelID,
		Action: "sync", Changes: changes, CreatedAt: o.At})
}

// undecidedConflicts leaves out of a send's conflicts those an import
// merge decided, and recorded, after the send read the customer (sent is
// that read, cur the customer as it is now): the merge moved the base of
// the conflict's field or address to Magento's value. A field or address
// whose base is as the send read it keeps its conflict, and a customer
// not read again since the send keeps every conflict.
func undecidedConflicts(cur, sent *PushCustomer, conflicts []model.Conflict) []model.Conflict {
	if cur == sent || cur.Base == nil || sent.Base == nil {
		return conflicts
	}
	out := conflicts[:0:0]
	for _, c := range conflicts {
		moved := cur.Base.Fields[c.Field] != sent.Base.Fields[c.Field]
		if k, ok := strings.CutPrefix(c.Field, "address "); ok {
			moved = !maps.Equal(cur.Base.Addresses[k], sent.Base.Addresses[k])
		}
		if !moved {
			out = append(out, c)
		}
	}
	return out
}

// magentoTime is t as Magento's times are kept (UTC "YYYY-MM-DD HH:MM:SS"),
// "" for zero.
func magentoTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(cursorTimeLayout)
}

func rekey(m map[string]map[string]string, from, to string) {
	if a, ok := m[from]; ok {
		delete(m, from)
		m[to] = a
	}
}

// applyRemote writes into the customer's row the result's values of the
// fields the send changed on magecrm's side (Magento's changes, conflicts
// Magento won), except where the person changed the field again since the
// send read it. It returns the changes, old and new, for the history.
func (s *Store) applyRemote(ctx context.Context, tx *sql.Tx, cur *PushCustomer, o PushOutcome) (map[string][2]string, error) {
	changes := map[string][2]string{}
	sent := o.Sent.Local
	for _, f := range model.SnapshotFields {
		want, was, now := o.Result.Fields[f], sent.Fields[f], cur.Local.Fields[f]
		if want == was || now != was || want == now {
			continue
		}
		if err := s.setCustomerField(ctx, tx, cur, f, want); err != nil {
			return nil, err
		}
		changes[f] = [2]string{now, want}
	}
	keys := map[string]bool{}
	for k := range maps.Keys(o.Result.Addresses) {
		keys[k] = true
	}
	for k := range maps.Keys(sent.Addresses) {
		keys[k] = true
	}
	for k := range keys {
		want, was, now := o.Result.Addresses[k], sent.Addresses[k], cur.Local.Addresses[k]
		if maps.Equal(want, was) || !maps.Equal(now, was) || maps.Equal(want, now) {
			continue
		}
		if err := setAddress(ctx, tx, cur.ID, k, want); err != nil {
			return nil, err
		}
		changes["address "+k] = [2]string{model.AddressLine(now), model.AddressLine(want)}
	}
	if len(changes) > 0 {
		if err := refreshBilling(ctx, tx, cur.ID); err != nil {
			return nil, err
		}
	}
	return changes, nil
}

// refreshBilling copies the country and region of the customer's default
// billing address into its row (the grid's columns).
func refreshBilling(ctx context.Context, tx *sql.Tx, customerID int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE magento_customers SET billing_country = COALESCE((SELECT country_id FROM magento_addresses
		WHERE customer_id = $1 AND is_default_billing LIMIT 1), ''), billing_region = COALESCE((SELECT region FROM magento_addresses
		WHERE customer_id = $1 AND is_default_billing LIMIT 1), '') WHERE id = $1`, customerID)
	if err != nil {
		return fmt.Errorf("billing address of customer %d: %w", customerID, err)
	}
	return nil
}

var customerFieldColumns = map[string]string{"prefix": "prefix", "firstname": "first_name", "middlename": "middle_name",
	"lastname": "last_name", "suffix": "suffix", "email": "email", "dob": "dob", "taxvat": "taxvat"}

// setCustomerField writes one snapshot field into the customer's row.
func (s *Store) setCustomerField(ctx context.Context, tx *sql.Tx, cur *PushCustomer, f, v string) error {
	var err error
	switch f {
	case "website", "store", "group":
		table := map[string]string{"website": "magento_websites", "store": "magento_stores", "group": "magento_customer_groups"}[f]
		_, err = tx.ExecContext(ctx, "UPDATE magento_customers SET "+f+"_id = (SELECT id FROM "+table+
			" WHERE channel_id = $1 AND origin_id = $2) WHERE id = $3", cur.ChannelID, v, cur.ID)
	case "gender":
		n, _ := strconv.Atoi(v)
		_, err = tx.ExecContext(ctx, "UPDATE magento_customers SET gender = $1 WHERE id = $2", n, cur.ID)
	case "newsletter":
		var sub any
		if v != "" {
			sub = v == "1"
		}
		_, err = tx.ExecContext(ctx, "UPDATE magento_customers SET is_subscribed = $1 WHERE id = $2", sub, cur.ID)
	default:
		_, err = tx.ExecContext(ctx, "UPDATE magento_customers SET "+customerFieldColumns[f]+" = $1 WHERE id = $2", v, cur.ID)
	}
	if err != nil {
		return fmt.Errorf("write %s of customer %d: %w", f, cur.ID, err)
	}
	return nil
}

// setAddress makes the customer's address under snapshot key k equal to a
// (nil: removes it).
func setAddress(ctx context.Context, tx *sql.Tx, customerID int64, k string, a map[string]string) error {
	where, arg := "origin_id = $2", any(nil)
	if id, ok := strings.CutPrefix(k, "new"); ok {
		where, arg = "id = $2", id
	} else {
		arg = strings.TrimPrefix(k, "m")
	}
	if a == nil {
		_, err := tx.ExecContext(ctx, "DELETE FROM magento_addresses WHERE customer_id = $1 AND "+where, customerID, arg)
		return err
	}
	vals := []any{customerID, arg}
	sets := make([]string, 0, len(addressSnapshotColumns)+3)
	for i, c := range addressSnapshotColumns {
		vals = append(vals, a[addressSnapshotFields[i]])
		sets = append(sets, fmt.Sprintf("%s = $%d", c, len(vals)))
	}
	regionID, _ := strconv.ParseInt(a["region_id"], 10, 64)
	vals = append(vals, regionID, a["default_billing"] == "1", a["default_shipping"] == "1")
	n := len(vals)
	sets = append(sets, fmt.Sprintf("region_id = $%d, is_default_billing = $%d, is_default_shipping = $%d", n-2, n-1, n))
	res, err := tx.ExecContext(ctx, "UPDATE magento_addresses SET "+strings.Join(sets, ", ")+" WHERE customer_id = $1 AND "+where, vals...)
	if err != nil {
		return fmt.Errorf("write address %s: %w", k, err)
	}
	if n, _ := res.RowsAffected(); n == 1 || !strings.HasPrefix(k, "m") {
		return nil
	}
	cols := "customer_id, origin_id, " + strings.Join(addressSnapshotColumns, ", ") + ", region_id, is_default_billing, is_default_shipping"
	ph := make([]string, len(vals))
	for i := range ph {
		ph[i] = "$" + strconv.Itoa(i+1)
	}
	_, err = tx.ExecContext(ctx, "INSERT INTO magento_addresses ("+cols+") VALUES ("+strings.Join(ph, ", ")+")", vals...)
	if err != nil {
		return fmt.Errorf("add address %s from Magento: %w", k, err)
	}
	return nil
}

// PushFailure is why a customer could not be sent.
type PushFailure struct {
	Message string
	// Final: Magento refused the customer; it is shown with Magento's
	// message until a new save or Retry now. Otherwise it will be retried.
	Final bool
	// Removed: Magento no longer has the customer.
	Removed bool
	// CreatedID: Magento made the customer, with this id, before refusing
	// a part of it (a Magento 1 address). It is recorded, so the next send
	// completes that customer even if its email is changed meanwhile.
	CreatedID int64
	// At is when the send failed, for the webhook event of a removed
	// customer; zero means now.
	At time.Time
	// Sent is the customer as the send read it (nil: not checked). A
	// customer saved since (an edit, Create again in Magento) waits for a
	// send of its own, and one whose base an import merge replaced and
	// that no longer waits has nothing left to send: the failure of the
	// older send is not recorded on it, only the id of a customer Magento
	// made (CreatedID).
	Sent *PushCustomer
}

// RecordPushFailure saves, in tx, why a customer could not be sent. A final
// failure of a create, unless Magento made the customer, forgets that the
// create was sent: Magento's refusal means nothing was created. A waiting
// password is kept through a refusal (Magento refuses another field,
// never the hash), so the send after the fix carries it; a customer found
// deleted in Magento has it erased (one created again needs a new one).
func (s *Store) RecordPushFailure(ctx context.Context, tx *sql.Tx, customerID int64, f PushFailure) error {
	if f.Sent != nil {
		versions, err := lockVersions(ctx, tx, s.DB.Dialect, []int64{customerID})
		if err != nil {
			return err
		}
		if v, ok := versions[customerID]; ok && f.outdated(v) {
			return recordCreatedID(ctx, tx, customerID, f.CreatedID)
		}
	}
	keep, add, erase := -1, 0, ""
	if f.Final {
		keep, add = ^model.SyncCreateSent, model.SyncFailed
		if f.CreatedID != 0 {
			keep = -1
		}
	}
	if f.Removed {
		keep, add, erase = ^model.SyncPendingSend, model.SyncRemovedRemote, ", password_sealed = ''"
		at := f.At
		if at.IsZero() {
			at = time.Now().UTC()
		}
		if err := queueRemovedBySend(ctx, tx, customerID, at); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, "UPDATE magento_customers SET sync_error = $1, sync_state = (sync_state & $2) | $3"+erase+
		", origin_id = CASE WHEN $5 = 0 THEN origin_id ELSE $5 END WHERE id = $4", f.Message, keep, add, customerID, f.CreatedID)
	if err != nil {
		return fmt.Errorf("record failed send of customer %d: %w", customerID, err)
	}
	return nil
}

// outdated reports whether the customer, as locked now (v), moved on from
// the send's read so that its failure is not the customer's: saved again,
// or merged by an import that left nothing to send.
func (f PushFailure) outdated(v lockedVersion) bool {
	if v.row != f.Sent.RowVersion {
		return true
	}
	return v.base != f.Sent.baseText && v.state&model.SyncPendingSend == 0
}

// recordCreatedID saves the id of the customer Magento made for a send
// whose failure is not recorded (id 0: none was made).
func recordCreatedID(ctx context.Context, tx *sql.Tx, customerID, id int64) error {
	if id == 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, "UPDATE magento_customers SET origin_id = $1 WHERE id = $2", id, customerID); err != nil {
		return fmt.Errorf("record the Magento id of customer %d: %w", customerID, err)
	}
	return nil
}

// queueRemovedBySend queues customer.removed_in_magento for a customer a
// send found gone from Magento, unless it was marked removed already.
func queueRemovedBySend(ctx context.Context, tx *sql.Tx, customerID int64, at time.Time) error {
	var state int
	if err := tx.QueryRowContext(ctx, "SELECT sync_state FROM magento_customers WHERE id = $1", customerID).Scan(&state); err != nil {
		return notFound(err, "load customer found removed in Magento")
	}
	if state&model.SyncRemovedRemote != 0 {
		return nil
	}
	e, orgID, err := customerEventOf(ctx, tx, customerID)
	if err != nil {
		return err
	}
	return queueWebhookEvent(ctx, tx, orgID, model.EventCustomerRemoved, e, at)
}
