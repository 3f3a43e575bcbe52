package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"

	"magecrm/internal/model"
)

// mergeWaiting takes into a customer waiting to be sent what Magento holds
// now (c), with the push's three-way merge (base = the last state both
// sides agreed on, local, remote = c): a field Magento alone changed is
// written here, one magecrm alone changed stays for the send, one both
// changed follows the channel's priority, with the value that lost in the
// history and the conflict listed. c becomes the new base, so the send
// sends only what magecrm still holds apart from Magento: nothing taken
// here goes back. What the store does not answer (Magento 1: gender,
// newsletter, addresses' region codes and VAT ids; Magento 2.3's search:
// newsletter) counts as unchanged in Magento since the base, as in the
// send. When nothing is left apart, the customer is in sync (its
// queued send finds nothing to write). A customer marked removed in
// Magento that is found again with a change left gets a send queued. It
// reports whether it wrote a change of the customer's fields or addresses.
func (s *Store) mergeWaiting(ctx context.Context, tx *sql.Tx, imp CustomerImport, c *ImportCustomer, e existingCustomer) (bool, error) {
	if err := lockCustomer(ctx, tx, s.DB.Dialect, e.id); err != nil {
		return false, err
	}
	cur, err := s.pushCustomer(ctx, tx, e.id)
	if err != nil {
		return false, err
	}
	remote, err := importSnapshot(ctx, tx, c)
	if err != nil {
		return false, err
	}
	base := remote // without a base, every difference is magecrm's change
	if cur.Base != nil {
		base = *cur.Base
		fields, addressFields := imp.unanswered(c)
		remote.FillFrom(base, fields, addressFields) // as the send does (connector.Remote.Complete)
	}
	m := model.Merge(base, cur.Local, remote, imp.LocalWins)
	changes, err := s.writeMerged(ctx, tx, cur, m.Result)
	if err != nil {
		return false, err
	}
	snapshot, err := json.Marshal(remote)
	if err != nil {
		return false, err
	}
	keep, add := ^model.SyncRemovedRemote, 0
	if m.Result.Equal(remote) {
		keep &^= model.SyncPendingSend | model.SyncFailed
	}
	if len(m.Conflicts) > 0 {
		add = model.SyncConflict
	}
	// The version moves with the fields only: a merge that replaces only
	// the base changes nothing a person editing the customer sees, so
	// their save stands. A send that read the customer before this merge
	// sees the new base when it records (RecordPushes compares it) and
	// leaves out the conflicts decided here (undecidedConflicts).
	touched, syncError := 0, "sync_error"
	if len(changes) > 0 {
		touched = 1
	}
	if keep&model.SyncFailed == 0 {
		syncError = "''"
	}
	now := millis(imp.Now)
	if _, err := tx.ExecContext(ctx, `UPDATE magento_customers SET remote_hash = $1, created_in = $2, confirmed = $3,
		remote_created_at = $4, remote_updated_at = $5, snapshot = $6, synced_at = $7, sync_state = (sync_state & $8) | $9,
		sync_error = `+syncError+`, row_version = row_version + $10, updated_at = CASE WHEN $10 = 1 THEN $7 ELSE updated_at END
		WHERE id = $11`, c.Hash, c.CreatedIn, c.Confirmed, c.RemoteCreatedAt, c.RemoteUpdatedAt, string(snapshot), now,
		keep, add, touched, e.id); err != nil {
		return false, fmt.Errorf("merge Magento's customer %d into customer %d: %w", c.OriginID, e.id, err)
	}
	if err := recordConflicts(ctx, tx, e.id, imp.ChannelID, m.Conflicts, imp.Now); err != nil {
		return false, err
	}
	if cur.SyncState&model.SyncRemovedRemote != 0 && keep&model.SyncPendingSend != 0 {
		// Found again with a change still to send: the send that found it
		// removed finished, so the change needs a send of its own.
		if err := enqueueSend(ctx, tx, imp.ChannelID, e.id, imp.Now); err != nil {
			return false, err
		}
	}
	for _, k := range m.Conflicts {
		changes["conflict: "+k.Field] = [2]string{k.Lost, k.Took}
	}
	if len(changes) == 0 {
		return false, nil
	}
	return touched == 1, insertAudit(ctx, tx, AuditEntry{Entity: CustomerEntity, EntityID: e.id, ActorChannelID: imp.ChannelID,
		Action: "import", Changes: changes, CreatedAt: imp.Now})
}

// writeMerged makes the customer's fields and addresses hold the merge's
// result where they do not already, and returns the changes, old and new.
func (s *Store) writeMerged(ctx context.Context, tx *sql.Tx, cur *PushCustomer, result model.Snapshot) (map[string][2]string, error) {
	changes := map[string][2]string{}
	for _, f := range model.SnapshotFields {
		now, want := cur.Local.Fields[f], result.Fields[f]
		if now == want {
			continue
		}
		if err := s.setCustomerField(ctx, tx, cur, f, want); err != nil {
			return nil, err
		}
		changes[f] = [2]string{now, want}
	}
	for _, k := range unionKeys(cur.Local.Addresses, result.Addresses) {
		now, want := cur.Local.Addresses[k], result.Addresses[k]
		if model.AddressKey(now) == model.AddressKey(want) {
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

// unanswered names the fields, and the address fields, that the store did
// not answer for c.
func (imp CustomerImport) unanswered(c *ImportCustomer) (fields, addressFields []string) {
	if imp.WithoutGenderAndVAT {
		return model.Magento1.Unanswered()
	}
	if c.IsSubscribed == nil {
		fields = []string{"newsletter"}
	}
	return fields, nil
}

// importSnapshot is an imported customer in the merge's terms (website,
// store and group as Magento ids).
func importSnapshot(ctx context.Context, tx *sql.Tx, c *ImportCustomer) (model.Snapshot, error) {
	var website, st, group sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT origin_id FROM magento_websites WHERE id = $1),
		(SELECT origin_id FROM magento_stores WHERE id = $2), (SELECT origin_id FROM magento_customer_groups WHERE id = $3)`,
		c.WebsiteID, c.StoreID, c.GroupID).Scan(&website, &st, &group); err != nil {
		return model.Snapshot{}, fmt.Errorf("Magento ids of customer %d's website, store and group: %w", c.OriginID, err)
	}
	newsletter := ""
	if c.IsSubscribed != nil {
		newsletter = flag(*c.IsSubscribed)
	}
	f := map[string]string{"website": optionalNumber(website.Int64), "store": optionalNumber(st.Int64),
		"group": optionalNumber(group.Int64), "prefix": c.Prefix, "firstname": c.FirstName, "middlename": c.MiddleName,
		"lastname": c.LastName, "suffix": c.Suffix, "email": c.Email, "dob": c.DOB, "gender": optionalNumber(int64(c.Gender)),
		"taxvat": c.Taxvat, "newsletter": newsletter}
	addrs := make(map[string]map[string]string, len(c.Addresses))
	for i := range c.Addresses {
		a := &c.Addresses[i]
		addrs["m"+strconv.FormatInt(a.OriginID, 10)] = a.snapshot()
	}
	return model.Snapshot{Fields: f, Addresses: addrs}, nil
}

// snapshot is the address as model.Snapshot holds it (the keys
// addressSnapshots reads).
func (a *ImportAddress) snapshot() map[string]string {
	vals := []string{a.Prefix, a.FirstName, a.MiddleName, a.LastName, a.Suffix, a.Company, a.Street, a.City,
		a.RegionCode, a.Region, a.Postcode, a.CountryID, a.Telephone, a.VATID}
	m := map[string]string{"region_id": optionalNumber(int64(a.RegionID)), "default_billing": flag(a.DefaultBilling),
		"default_shipping": flag(a.DefaultShipping)}
	for i, k := range addressSnapshotFields {
		m[k] = vals[i]
	}
	return m
}

// unionKeys lists the keys of both maps once each.
func unionKeys(a, b map[string]map[string]string) []string {
	out := make([]string, 0, len(a)+len(b))
	for k := range a {
		out = append(out, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, k)
		}
	}
	return out
}
