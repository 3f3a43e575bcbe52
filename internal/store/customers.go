package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"magecrm/internal/acl"
	"magecrm/internal/db"
	"magecrm/internal/model"
)

// CustomerEntity names Magento customers in the audit log.
const CustomerEntity = "magento_customer"

// userName is the SQL for a user's display name, as model.User.DisplayName.
func userName(alias string) string {
	return "COALESCE(NULLIF(trim(" + alias + ".first_name || ' ' || " + alias + ".last_name), ''), " + alias + ".username)"
}

// customerSelect reads customers with the names of their related records;
// the linked contact's and account's names only within sc. Each name is a
// subquery of its own rather than a join: PostgreSQL searched the join
// orders of eight tables on every read (2 to 9 ms of planning for 0.3 ms of
// work on a customer's page), and a subquery is planned once, alone. A
// contact or account outside sc reads as NULL.
func customerSelect(sc CustomerScope, d db.Dialect) string {
	return `SELECT c.id, c.organization_id, c.channel_id, COALESCE(c.origin_id, 0), COALESCE(c.website_id, 0),
	COALESCE(c.store_id, 0), COALESCE(c.group_id, 0), c.prefix, c.first_name, c.middle_name, c.last_name, c.suffix,
	c.email, c.dob, c.gender, c.taxvat, c.created_in, c.confirmed, c.is_subscribed, c.billing_country, c.billing_region,
	c.lifetime_value, c.currency, c.remote_created_at, c.remote_updated_at, c.created_at, c.updated_at, c.imported_at,
	c.synced_at, c.owner_user_id, (SELECT u.business_unit_id FROM users u WHERE u.id = c.owner_user_id),
	COALESCE(c.contact_id, 0), COALESCE(c.account_id, 0), c.sync_state, c.sync_error, c.row_version, c.password_sealed <> '',
	(SELECT ch.name FROM channels ch WHERE ch.id = c.channel_id),
	COALESCE((SELECT w.name FROM magento_websites w WHERE w.id = c.website_id), ''),
	COALESCE((SELECT st.name FROM magento_stores st WHERE st.id = c.store_id), ''),
	COALESCE((SELECT g.code FROM magento_customer_groups g WHERE g.id = c.group_id), ''),
	(SELECT ` + userName("u") + ` FROM users u WHERE u.id = c.owner_user_id),
	(SELECT COALESCE(NULLIF(trim(ct.first_name || ' ' || ct.last_name), ''), ct.email, '') FROM contacts ct
		WHERE ct.id = c.contact_id AND ` + contactScope.where(sc.Contacts, d) + `),
	(SELECT a.name FROM accounts a WHERE a.id = c.account_id AND ` + accountScope.where(sc.Accounts, d) + `)
	FROM magento_customers c`
}

func scanCustomer(sc interface{ Scan(...any) error }) (*model.Customer, error) {
	var c model.Customer
	var sub sql.NullBool
	var contact, account sql.NullString
	var created, updated, imported, synced int64
	err := sc.Scan(&c.ID, &c.OrganizationID, &c.ChannelID, &c.OriginID, &c.WebsiteID, &c.StoreID, &c.GroupID,
		&c.Prefix, &c.FirstName, &c.MiddleName, &c.LastName, &c.Suffix, &c.Email, &c.DOB, &c.Gender, &c.TaxVAT,
		&c.CreatedIn, &c.Confirmed, &sub, &c.BillingCountry, &c.BillingRegion, &c.LifetimeValue, &c.Currency,
		&c.RemoteCreatedAt, &c.RemoteUpdatedAt, &created, &updated, &imported, &synced, &c.OwnerUserID, &c.OwnerUnitID,
		&c.ContactID, &c.AccountID, &c.SyncState, &c.SyncError, &c.RowVersion, &c.PasswordSet,
		&c.ChannelName, &c.WebsiteName, &c.StoreName, &c.GroupName, &c.OwnerName, &contact, &account)
	if err != nil {
		return nil, err
	}
	if sub.Valid {
		c.Subscribed = &sub.Bool
	}
	c.ContactName, c.ContactVisible = contact.String, contact.Valid
	c.AccountName, c.AccountVisible = account.String, account.Valid
	c.CreatedAt, c.UpdatedAt, c.ImportedAt, c.SyncedAt = fromMillis(created), fromMillis(updated), fromMillis(imported), fromMillis(synced)
	return &c, nil
}

// CustomerScope is what a reader may view of customers: the customers
// themselves, and the contacts and accounts whose names their rows show.
// The zero CustomerScope allows nothing.
type CustomerScope struct {
	Customers, Contacts, Accounts acl.Scope
}

// Customer returns one customer inside scope.
func (s *Store) Customer(ctx context.Context, scope CustomerScope, id int64) (*model.Customer, error) {
	c, err := scanCustomer(s.DB.QueryRowContext(ctx, customerSelect(scope, s.DB.Dialect)+" WHERE c.id = $1 AND "+customerScope.where(scope.Customers, s.DB.Dialect), id))
	if err != nil {
		return nil, notFound(err, "load customer")
	}
	return c, nil
}

// emailCheck counts the other customers of a channel's website that have
// an email, ignoring those removed in Magento. It seeks
// magento_customers_org_email (organization, lower(email)): the unary plus
// keeps the channel's column from being matched to an index, so SQLite
// does not walk magento_customers_org_channel, every customer of the
// channel, while it has no planner statistics (a new database).
const emailCheck = `SELECT COUNT(*) FROM magento_customers
	WHERE organization_id = $1 AND lower(email) = lower($2) AND COALESCE(website_id, 0) = $3 AND +channel_id = $4 AND id <> $5
	AND (sync_state & $6) = 0`

// ErrEmailTaken means another customer of the channel's website has the
// email a person saves.
var ErrEmailTaken = errors.New("another customer of this website has this email address")

// claimCustomerEmail refuses, inside the write's transaction, an email
// another customer of the channel's website has (ignoring case), the rule
// Magento keeps with its default account sharing per website. Customers
// marked removed in Magento do not count: Magento accepts their email again.
//
// The rule is checked here, not by a unique index, because imported data
// may hold such pairs for a while: a customer removed in Magento keeps its
// row, and an incremental import can see two customers swap emails one
// record at a time. Only saves made in magecrm must keep it. SQLite
// transactions start IMMEDIATE (one writer at a time); on PostgreSQL an
// advisory lock on the email serializes two saves of it. The check's plan
// is emailCheck's.
func (s *Store) claimCustomerEmail(ctx context.Context, tx *sql.Tx, c *model.Customer) error {
	if s.DB.Dialect == db.Postgres {
		key := fmt.Sprintf("magento_customers email %d %d %s", c.ChannelID, c.WebsiteID, strings.ToLower(c.Email))
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", key); err != nil {
			return fmt.Errorf("lock customer email: %w", err)
		}
	}
	var n int
	err := tx.QueryRowContext(ctx, emailCheck, c.OrganizationID, c.Email, c.WebsiteID, c.ChannelID, c.ID, model.SyncRemovedRemote).Scan(&n)
	if err != nil {
		return fmt.Errorf("check customer email: %w", err)
	}
	if n > 0 {
		return ErrEmailTaken
	}
	return nil
}

// CustomerChange is a save made by a person: the customer, its complete
// address book, and who saved it when.
type CustomerChange struct {
	Customer  *model.Customer
	Addresses []model.Address
	// Password, when set, is sealed and kept only until the push sends it
	// (or Magento refuses the customer for good).
	Password string
	ActorID  int64
	At       time.Time
}

// passwordContext binds a sealed customer password to its row.
func passwordContext(id int64) string { return fmt.Sprintf("customer %d password", id) }

// CreateCustomer saves a new customer, its addresses and its history entry
// in one transaction, marked waiting to be sent to Magento.
func (s *Store) CreateCustomer(ctx context.Context, ch CustomerChange) error {
	c := ch.Customer
	c.SyncState = model.SyncPendingSend
	c.CreatedAt, c.UpdatedAt, c.RowVersion = ch.At, ch.At, 1
	return s.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.claimCustomerEmail(ctx, tx, c); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO magento_customers (organization_id, channel_id, website_id, store_id, group_id,
			prefix, first_name, middle_name, last_name, suffix, email, dob, gender, taxvat, is_subscribed, billing_country,
			billing_region, created_at, updated_at, owner_user_id, contact_id, account_id, sync_state)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18, $19, $20, $21, $22)
			RETURNING id`,
			c.OrganizationID, c.ChannelID, optionalID(c.WebsiteID), optionalID(c.StoreID), optionalID(c.GroupID), c.Prefix, c.FirstName,
			c.MiddleName, c.LastName, c.Suffix, c.Email, c.DOB, int(c.Gender), c.TaxVAT, nullBool(c.Subscribed),
			c.BillingCountry, c.BillingRegion, millis(ch.At), c.OwnerUserID, optionalID(c.ContactID), optionalID(c.AccountID),
			c.SyncState).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("insert customer: %w", err)
		}
		if ch.Password != "" {
			if err := s.sealCustomerPassword(ctx, tx, c.ID, ch.Password); err != nil {
				return err
			}
			c.PasswordSet = true
		}
		if err := replaceAddresses(ctx, tx, c.ID, nil, ch.Addresses); err != nil {
			return err
		}
		changes := model.CustomerChanges(nil, c)
		if text := model.AddressesText(ch.Addresses); text != "" {
			changes["addresses"] = [2]string{"", text}
		}
		if err := enqueueSend(ctx, tx, c.ChannelID, c.ID, ch.At); err != nil {
			return err
		}
		if err := queueWebhookEvent(ctx, tx, c.OrganizationID, model.EventCustomerCreated, customerEvent(c, nil), ch.At); err != nil {
			return err
		}
		return insertAudit(ctx, tx, AuditEntry{Entity: CustomerEntity, EntityID: c.ID, ActorUserID: ch.ActorID,
			Action: "create", Changes: changes, CreatedAt: ch.At})
	})
}

func (s *Store) sealCustomerPassword(ctx context.Context, tx *sql.Tx, id int64, password string) error {
	if s.Secrets == nil {
		return errors.New("seal customer password: the store has no instance secret")
	}
	_, err := tx.ExecContext(ctx, "UPDATE magento_customers SET password_sealed = $1 WHERE id = $2",
		s.Secrets.Seal(password, passwordContext(id)), id)
	return err
}

// ErrStale means the record changed since it was read; the person should
// reload it and apply their change again.
var ErrStale = Refusal("Someone else changed this record while you were editing. Reload the page to see their change, then make yours again.")

// localOnlyFields are the fields magecrm keeps for itself: changing only
// them sends nothing to Magento.
var localOnlyFields = map[string]bool{"owner": true, "contact": true, "account": true}

// UpdateCustomer saves a person's change of a customer read at old (its
// RowVersion guards against overwriting a change made meanwhile), replaces
// its address book and records the history; a change Magento holds also
// marks the customer waiting to be sent, with its send, in the same
// transaction. A save that changes nothing writes nothing. It reports
// whether anything was saved.
func (s *Store) UpdateCustomer(ctx context.Context, old *model.Customer, oldAddresses []model.Address, ch CustomerChange) (bool, error) {
	c := ch.Customer
	changes := model.CustomerChanges(old, c)
	if a, b := model.AddressesText(oldAddresses), model.AddressesText(ch.Addresses); a != b {
		changes["addresses"] = [2]string{a, b}
	}
	if ch.Password != "" {
		changes["password"] = [2]string{"", "(changed)"}
	}
	if len(changes) == 0 {
		return false, nil
	}
	send := false
	for f := range changes {
		send = send || !localOnlyFields[f]
	}
	pending := 0
	if send {
		pending = model.SyncPendingSend
	}
	return true, s.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.claimCustomerEmail(ctx, tx, c); err != nil {
			return err
		}
		if send {
			if err := s.captureBase(ctx, tx, old.ID); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE magento_customers SET store_id = $1, website_id = $2, group_id = $3,
			prefix = $4, first_name = $5, middle_name = $6, last_name = $7, suffix = $8, email = $9, dob = $10, gender = $11,
			taxvat = $12, owner_user_id = $13, contact_id = $14, account_id = $15, billing_country = $16, billing_region = $17,
			updated_at = $18, sync_state = sync_state | $19, row_version = row_version + 1
			WHERE id = $20 AND row_version = $21`,
			optionalID(c.StoreID), optionalID(c.WebsiteID), optionalID(c.GroupID), c.Prefix, c.FirstName, c.MiddleName, c.LastName,
			c.Suffix, c.Email, c.DOB, int(c.Gender), c.TaxVAT, c.OwnerUserID, optionalID(c.ContactID), optionalID(c.AccountID),
			c.BillingCountry, c.BillingRegion, millis(ch.At), pending, old.ID, old.RowVersion)
		if err != nil {
			return fmt.Errorf("update customer %d: %w", old.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrStale
		}
		if ch.Password != "" {
			if err := s.sealCustomerPassword(ctx, tx, old.ID, ch.Password); err != nil {
				return err
			}
		}
		if err := replaceAddresses(ctx, tx, old.ID, oldAddresses, ch.Addresses); err != nil {
			return err
		}
		if send {
			if err := enqueueSend(ctx, tx, old.ChannelID, old.ID, ch.At); err != nil {
				return err
			}
		}
		event := customerEvent(c, changes)
		event.ID, event.ChannelID, event.OriginID = old.ID, old.ChannelID, old.OriginID
		if err := queueWebhookEvent(ctx, tx, old.OrganizationID, model.EventCustomerUpdated, event, ch.At); err != nil {
			return err
		}
		return insertAudit(ctx, tx, AuditEntry{Entity: CustomerEntity, EntityID: old.ID, ActorUserID: ch.ActorID,
			Action: "update", Changes: changes, CreatedAt: ch.At})
	})
}

// SetCustomerNewsletter records the newsletter state a person asked for and
// marks the customer waiting to be sent to Magento, with its send and its
// customer.updated event, in one transaction; asking for the state the customer has does nothing.
func (s *Store) SetCustomerNewsletter(ctx context.Context, c *model.Customer, subscribe bool, actorID int64, at time.Time) error {
	if c.Subscribed != nil && *c.Subscribed == subscribe {
		return nil
	}
	return s.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.captureBase(ctx, tx, c.ID); err != nil {
			return err
		}
		if err := enqueueSend(ctx, tx, c.ChannelID, c.ID, at); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE magento_customers SET is_subscribed = $1, updated_at = $2,
			sync_state = sync_state | $3, row_version = row_version + 1 WHERE id = $4`,
			subscribe, millis(at), model.SyncPendingSend, c.ID)
		if err != nil {
			return fmt.Errorf("set newsletter of customer %d: %w", c.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		next := *c
		next.Subscribed = &subscribe
		action := "unsubscribe"
		if subscribe {
			action = "subscribe"
		}
		changes := model.CustomerChanges(c, &next)
		if err := queueCustomerUpdated(ctx, tx, c.ID, changes, at); err != nil {
			return err
		}
		return insertAudit(ctx, tx, AuditEntry{Entity: CustomerEntity, EntityID: c.ID, ActorUserID: actorID,
			Action: action, Changes: changes, CreatedAt: at})
	})
}

// SetCustomerOwner gives a customer another owner, with its history entry
// and customer.updated event, in one transaction. The owner is magecrm's alone: nothing is sent to
// Magento.
func (s *Store) SetCustomerOwner(ctx context.Context, c *model.Customer, owner *model.User, actorID int64, at time.Time) error {
	return s.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE magento_customers SET owner_user_id = $1, updated_at = $2, row_version = row_version + 1
			WHERE id = $3`, owner.ID, millis(at), c.ID)
		if err != nil {
			return fmt.Errorf("set owner of customer %d: %w", c.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		next := *c
		next.OwnerUserID, next.OwnerName = owner.ID, owner.DisplayName()
		changes := model.CustomerChanges(c, &next)
		if err := queueCustomerUpdated(ctx, tx, c.ID, changes, at); err != nil {
			return err
		}
		return insertAudit(ctx, tx, AuditEntry{Entity: CustomerEntity, EntityID: c.ID, ActorUserID: actorID,
			Action: "assign", Changes: changes, CreatedAt: at})
	})
}

func nullBool(b *bool) any {
	if b == nil {
		return nil
	}
	return *b
}
