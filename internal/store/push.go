package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"magecrm/internal/acl"
	"magecrm/internal/db"
	"magecrm/internal/jobs"
	"magecrm/internal/model"
)

// PushQueue names the jobs queue of a channel's push to Magento.
func PushQueue(channelID int64) string { return "push:" + strconv.FormatInt(channelID, 10) }

// CustomerJobKey names a customer's work in its channel's push queue.
func CustomerJobKey(id int64) string { return "customer:" + strconv.FormatInt(id, 10) }

// CustomerIDOfJob returns the customer a push job is about.
func CustomerIDOfJob(key string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(key, "customer:"), 10, 64)
	if err != nil || !strings.HasPrefix(key, "customer:") {
		return 0, fmt.Errorf("push job %q is not a customer's", key)
	}
	return id, nil
}

// enqueueSend records, in tx, that a customer waits to be sent.
func enqueueSend(ctx context.Context, tx *sql.Tx, channelID, customerID int64, at time.Time) error {
	return jobs.Enqueue(ctx, tx, PushQueue(channelID), CustomerJobKey(customerID), "customer", "", at)
}

// PushCustomer is a customer as the push reads it: magecrm's state as a
// snapshot, the last state both sides agreed on (Base, nil when none was
// kept), and the password waiting to be sent.
type PushCustomer struct {
	ID, ChannelID, OriginID int64
	RowVersion, SyncState   int
	Local                   model.Snapshot
	Base                    *model.Snapshot
	Password                string
	// sealedPassword is Password as stored: a send erases it only if the
	// customer still holds it (a password set meanwhile waits for its own).
	sealedPassword string
	// baseText is Base as stored: an import merge that replaced it after
	// the send read the customer has its recording read it again.
	baseText string
	// Origins holds the Magento ids of the customer's website, store and group.
	WebsiteOrigin, StoreOrigin, GroupOrigin int64
}

// PushCustomer reads customer id for the push.
func (s *Store) PushCustomer(ctx context.Context, id int64) (*PushCustomer, error) {
	return s.pushCustomer(ctx, s.DB, id)
}

// PushCustomers reads for the push those of the customers ids that exist,
// by id, in two queries.
func (s *Store) PushCustomers(ctx context.Context, ids []int64) (map[int64]*PushCustomer, error) {
	return s.pushCustomers(ctx, s.DB, ids)
}

func (s *Store) pushCustomer(ctx context.Context, q querier, id int64) (*PushCustomer, error) {
	m, err := s.pushCustomers(ctx, q, []int64{id})
	if err != nil {
		return nil, err
	}
	if p := m[id]; p != nil {
		return p, nil
	}
	return nil, ErrNotFound
}

func (s *Store) pushCustomers(ctx context.Context, q querier, ids []int64) (map[int64]*PushCustomer, error) {
	args := anys(ids)
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.channel_id, COALESCE(c.origin_id, 0), c.row_version, c.sync_state,
		COALESCE(w.origin_id, 0), COALESCE(st.origin_id, 0), COALESCE(g.origin_id, 0),
		c.prefix, c.first_name, c.middle_name, c.last_name, c.suffix, c.email, c.dob, c.gender, c.taxvat, c.is_subscribed,
		c.snapshot, c.password_sealed
		FROM magento_customers c
		LEFT JOIN magento_websites w ON w.id = c.website_id
		LEFT JOIN magento_stores st ON st.id = c.store_id
		LEFT JOIN magento_customer_groups g ON g.id = c.group_id
		WHERE c.id IN (`+placeholders(1, len(ids))+")", args...)
	if err != nil {
		return nil, fmt.Errorf("load customers to send: %w", err)
	}
	defer rows.Close()
	out := make(map[int64]*PushCustomer, len(ids))
	for rows.Next() {
		p, err := s.scanPushCustomer(rows)
		if err != nil {
			return nil, err
		}
		out[p.ID] = p
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if len(out) == 0 {
		return out, nil
	}
	addrs, err := addressSnapshots(ctx, q, args)
	if err != nil {
		return nil, err
	}
	for id, p := range out {
		p.Local.Addresses = addrs[id]
		if p.Local.Addresses == nil {
			p.Local.Addresses = map[string]map[string]string{}
		}
	}
	return out, nil
}

// scanPushCustomer reads one row of pushCustomers' query.
func (s *Store) scanPushCustomer(rows *sql.Rows) (*PushCustomer, error) {
	var p PushCustomer
	var sub sql.NullBool
	var gender int
	var snapshot, sealed string
	var prefix, first, middle, last, suffix, email, dob, taxvat string
	if err := rows.Scan(&p.ID, &p.ChannelID, &p.OriginID, &p.RowVersion, &p.SyncState,
		&p.WebsiteOrigin, &p.StoreOrigin, &p.GroupOrigin, &prefix, &first, &middle, &last, &suffix, &email, &dob,
		&gender, &taxvat, &sub, &snapshot, &sealed); err != nil {
		return nil, fmt.Errorf("load customer to send: %w", err)
	}
	p.Local.Fields = map[string]string{"prefix": prefix, "firstname": first, "middlename": middle, "lastname": last,
		"suffix": suffix, "email": email, "dob": dob, "taxvat": taxvat, "gender": optionalNumber(int64(gender)),
		"website": optionalNumber(p.WebsiteOrigin), "store": optionalNumber(p.StoreOrigin), "group": optionalNumber(p.GroupOrigin),
		"newsletter": newsletterValue(sub)}
	if snapshot != "" {
		var base model.Snapshot
		if err := json.Unmarshal([]byte(snapshot), &base); err != nil {
			return nil, fmt.Errorf("read customer %d's sync snapshot: %w", p.ID, err)
		}
		p.Base = &base
	}
	p.baseText = snapshot
	if sealed != "" {
		p.sealedPassword = sealed
		var err error
		if p.Password, err = s.Secrets.Open(sealed, passwordContext(p.ID)); err != nil {
			return nil, fmt.Errorf("open customer %d's password: %w", p.ID, err)
		}
	}
	return &p, nil
}

func optionalNumber(n int64) string {
	if n == 0 {
		return ""
	}
	return strconv.FormatInt(n, 10)
}

func newsletterValue(b sql.NullBool) string {
	switch {
	case !b.Valid:
		return ""
	case b.Bool:
		return "1"
	}
	return "0"
}

func flag(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// addressSnapshots reads the addresses of the customers ids (as query
// arguments), by customer, keyed as model.Snapshot keys them: "m<Magento
// id>", or "new<magecrm id>" before Magento has one.
func addressSnapshots(ctx context.Context, q querier, ids []any) (map[int64]map[string]map[string]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT customer_id, id, COALESCE(origin_id, 0), prefix, first_name, middle_name, last_name, suffix,
		company, street, city, region_code, region, region_id, postcode, country_id, telephone, vat_id,
		is_default_billing, is_default_shipping FROM magento_addresses WHERE customer_id IN (`+placeholders(1, len(ids))+")", ids...)
	if err != nil {
		return nil, fmt.Errorf("load addresses to send: %w", err)
	}
	defer rows.Close()
	out := map[int64]map[string]map[string]string{}
	for rows.Next() {
		var customer, id, origin, regionID int64
		var billing, shipping bool
		a := make([]string, 14)
		if err := rows.Scan(&customer, &id, &origin, &a[0], &a[1], &a[2], &a[3], &a[4], &a[5], &a[6], &a[7], &a[8], &a[9],
			&regionID, &a[10], &a[11], &a[12], &a[13], &billing, &shipping); err != nil {
			return nil, err
		}
		m := map[string]string{"region_id": optionalNumber(regionID), "default_billing": flag(billing), "default_shipping": flag(shipping)}
		for i, k := range addressSnapshotFields {
			m[k] = a[i]
		}
		key := "new" + strconv.FormatInt(id, 10)
		if origin != 0 {
			key = "m" + strconv.FormatInt(origin, 10)
		}
		if out[customer] == nil {
			out[customer] = map[string]map[string]string{}
		}
		out[customer][key] = m
	}
	return out, rows.Err()
}

// addressSnapshotFields are the text fields of a snapshot address, in the
// order of addressSnapshotColumns.
var addressSnapshotFields = []string{"prefix", "firstname", "middlename", "lastname", "suffix", "company", "street", "city",
	"region_code", "region", "postcode", "country", "telephone", "vat_id"}

var addressSnapshotColumns = []string{"prefix", "first_name", "middle_name", "last_name", "suffix", "company", "street", "city",
	"region_code", "region", "postcode", "country_id", "telephone", "vat_id"}

// ErrCustomerGone means the customer was deleted in magecrm meanwhile.
var ErrCustomerGone = errors.New("the customer was deleted in magecrm")

// captureBase keeps, before a person's first change of a customer that is
// in sync, its current state as the last state both sides agreed on.
func (s *Store) captureBase(ctx context.Context, tx *sql.Tx, id int64) error {
	p, err := s.pushCustomer(ctx, tx, id)
	if err != nil {
		return err
	}
	if p.Base != nil || p.OriginID == 0 || p.SyncState&model.SyncPendingSend != 0 {
		return nil
	}
	b, err := json.Marshal(p.Local)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, "UPDATE magento_customers SET snapshot = $1 WHERE id = $2", string(b), id)
	return err
}

// lockCustomer makes concurrent recorders of one customer wait for each
// other (SQLite's write transactions already do).
func lockCustomer(ctx context.Context, tx *sql.Tx, dialect db.Dialect, id int64) error {
	if dialect != db.Postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, "SELECT id FROM magento_customers WHERE id IN ($1) FOR UPDATE", id)
	return err
}

// lockedVersion is what RecordPushes compares with a send's read of a
// customer: its row_version, moved by every save of its fields, and its
// base as stored, replaced by an import merge that writes no field.
type lockedVersion struct {
	row   int
	base  string
	state int // sync_state
}

// lockVersions reads the row versions, bases and sync states of the customers ids that exist,
// locked as lockCustomer does, in id order so that two lockers never wait
// on each other.
func lockVersions(ctx context.Context, tx *sql.Tx, dialect db.Dialect, ids []int64) (map[int64]lockedVersion, error) {
	lock := ""
	if dialect == db.Postgres {
		lock = " FOR UPDATE"
	}
	rows, err := tx.QueryContext(ctx, "SELECT id, row_version, snapshot, sync_state FROM magento_customers WHERE id IN ("+placeholders(1, len(ids))+
		") ORDER BY id"+lock, anys(ids)...)
	if err != nil {
		return nil, fmt.Errorf("lock customers to record: %w", err)
	}
	defer rows.Close()
	out := make(map[int64]lockedVersion, len(ids))
	for rows.Next() {
		var id int64
		var v lockedVersion
		if err := rows.Scan(&id, &v.row, &v.base, &v.state); err != nil {
			return nil, err
		}
		out[id] = v
	}
	return out, rows.Err()
}

// anys is ids as query arguments.
func anys(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

// PushChannels lists, with their credentials, the enabled channels that
// sync two-way: those whose customers the push sends.
func (s *Store) PushChannels(ctx context.Context) ([]*model.Channel, error) {
	rows, err := s.DB.QueryContext(ctx, "SELECT "+channelColumns+" FROM channels c WHERE c.enabled AND c.two_way ORDER BY c.id")
	if err != nil {
		return nil, fmt.Errorf("list two-way channels: %w", err)
	}
	defer rows.Close()
	var out []*model.Channel
	for rows.Next() {
		c, sealed, err := scanChannel(rows)
		if err != nil {
			return nil, err
		}
		if err := s.openCredentials(c, sealed); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// MarkCreateSent records, before a create is sent, that Magento may have
// the customer from now on: until an answer is recorded, a later send or
// import looks it up by email and adopts it instead of creating a second.
func (s *Store) MarkCreateSent(ctx context.Context, customerID int64) error {
	if _, err := s.DB.ExecContext(ctx, "UPDATE magento_customers SET sync_state = sync_state | $1 WHERE id = $2",
		model.SyncCreateSent, customerID); err != nil {
		return fmt.Errorf("mark the create of customer %d sent: %w", customerID, err)
	}
	return nil
}

// SendAgain makes a customer wait to be sent now, with its send enqueued:
// "Retry now" after Magento refused it or while a retry waits.
func (s *Store) SendAgain(ctx context.Context, c *model.Customer, at time.Time) error {
	return s.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE magento_customers SET sync_state = sync_state | $1 WHERE id = $2",
			model.SyncPendingSend, c.ID); err != nil {
			return fmt.Errorf("send customer %d again: %w", c.ID, err)
		}
		return enqueueSend(ctx, tx, c.ChannelID, c.ID, at)
	})
}

// CreateAgain forgets the Magento ids of a customer deleted in Magento and
// makes it wait to be created there anew, with its send enqueued.
func (s *Store) CreateAgain(ctx context.Context, c *model.Customer, actorID int64, at time.Time) error {
	return s.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE magento_customers SET origin_id = NULL, snapshot = '', sync_error = '',
			sync_state = (sync_state & $1) | $2, row_version = row_version + 1 WHERE id = $3`,
			^(model.SyncRemovedRemote | model.SyncFailed | model.SyncConflict), model.SyncPendingSend, c.ID); err != nil {
			return fmt.Errorf("create customer %d again: %w", c.ID, err)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE magento_addresses SET origin_id = NULL WHERE customer_id = $1", c.ID); err != nil {
			return fmt.Errorf("forget address ids of customer %d: %w", c.ID, err)
		}
		if err := enqueueSend(ctx, tx, c.ChannelID, c.ID, at); err != nil {
			return err
		}
		changes := map[string][2]string{"magento_id": {strconv.FormatInt(c.OriginID, 10), ""}}
		if err := queueCustomerUpdated(ctx, tx, c.ID, changes, at); err != nil {
			return err
		}
		return insertAudit(ctx, tx, AuditEntry{Entity: CustomerEntity, EntityID: c.ID, ActorUserID: actorID,
			Action: "create again in Magento", Changes: changes, CreatedAt: at})
	})
}

// SyncProblem is a customer whose send Magento refused, or that both sides
// changed, for the channel's lists.
type SyncProblem struct {
	CustomerID int64
	Name       string
	Email      string
	Message    string
	UpdatedAt  time.Time
}

// SyncProblems lists up to limit customers of a channel in state (a bit of
// model's sync states) that scope lets the reader view, the most recently
// changed first.
func (s *Store) SyncProblems(ctx context.Context, scope acl.Scope, channelID int64, state, limit int) ([]SyncProblem, error) {
	rows, err := s.DB.QueryContext(ctx, syncProblemsQuery(scope, s.DB.Dialect), channelID, state, limit)
	if err != nil {
		return nil, fmt.Errorf("list customers with sync problems: %w", err)
	}
	defer rows.Close()
	var out []SyncProblem
	for rows.Next() {
		var p SyncProblem
		var at int64
		if err := rows.Scan(&p.CustomerID, &p.Name, &p.Email, &p.Message, &at); err != nil {
			return nil, err
		}
		p.UpdatedAt = fromMillis(at)
		out = append(out, p)
	}
	return out, rows.Err()
}

// syncProblemsQuery lists customers of channel $1 in state $2 inside
// scope, $3 at most. "sync_state <> 0" is the predicate of the partial
// index magento_customers_flagged: named, it lets both databases read only
// the flagged customers instead of every customer of the channel.
func syncProblemsQuery(scope acl.Scope, d db.Dialect) string {
	return `SELECT c.id, trim(c.first_name || ' ' || c.last_name), c.email, c.sync_error, c.updated_at
		FROM magento_customers c WHERE c.channel_id = $1 AND c.sync_state <> 0 AND (c.sync_state & $2) <> 0 AND ` +
		customerScope.where(scope, d) + ` ORDER BY c.updated_at DESC, c.id DESC LIMIT $3`
}

// ErrMagentoCustomerTaken means another customer of magecrm already is the
// Magento customer a link asks for.
var ErrMagentoCustomerTaken = Refusal("Another customer in magecrm already is this Magento customer: open it from the grid (filter by email).")

// LinkToMagento makes a customer Magento refused for its email the Magento
// customer origin that has it, and sends it: with no base, every field the
// two differ in is decided by the channel's priority, and the other value
// goes in the history, so nothing typed here or held there is lost silently.
func (s *Store) LinkToMagento(ctx context.Context, c *model.Customer, origin int64, actorID int64, at time.Time) error {
	return s.Tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM magento_customers WHERE channel_id = $1 AND origin_id = $2",
			c.ChannelID, origin).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return ErrMagentoCustomerTaken
		}
		empty, _ := json.Marshal(model.Snapshot{Fields: map[string]string{}, Addresses: map[string]map[string]string{}})
		if _, err := tx.ExecContext(ctx, `UPDATE magento_customers SET origin_id = $1, snapshot = $2, sync_error = '',
			sync_state = (sync_state & $3) | $4, row_version = row_version + 1 WHERE id = $5`,
			origin, string(empty), ^model.SyncFailed, model.SyncPendingSend, c.ID); err != nil {
			return fmt.Errorf("link customer %d to Magento customer %d: %w", c.ID, origin, err)
		}
		if err := enqueueSend(ctx, tx, c.ChannelID, c.ID, at); err != nil {
			return err
		}
		changes := map[string][2]string{"magento_id": {"", strconv.FormatInt(origin, 10)}}
		if err := queueCustomerUpdated(ctx, tx, c.ID, changes, at); err != nil {
			return err
		}
		return insertAudit(ctx, tx, AuditEntry{Entity: CustomerEntity, EntityID: c.ID, ActorUserID: actorID,
			Action: "link to the Magento customer", Changes: changes, CreatedAt: at})
	})
}
