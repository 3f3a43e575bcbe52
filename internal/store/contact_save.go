package store

import (
	"context"
	"database/sql"
	"fmt"

	"magecrm/internal/model"
)

// SaveContact creates (c.ID 0) or updates a contact with its emails,
// phones and addresses, and records the history in the same transaction:
// old is the contact as read before the change (nil on create). Email
// and Phone are set from the primary email and phone. A change that
// changes nothing writes nothing. An update saves only when the contact's
// last change time is still old's (compared and set in the UPDATE), else
// it is ErrStale and nothing is saved.
func (s *Store) SaveContact(ctx context.Context, old, c *model.Contact, actorID int64) error {
	c.Email, c.Phone = primaryValue(c.Emails), primaryValue(c.Phones)
	changes := model.ContactChanges(old, c)
	action, nothing := saveAction(old != nil, changes)
	if nothing {
		return nil
	}
	return s.Tx(ctx, func(tx *sql.Tx) error {
		if err := writeContact(ctx, tx, old, c); err != nil {
			return err
		}
		if err := replaceContactMethods(ctx, tx, c); err != nil {
			return err
		}
		return insertAudit(ctx, tx, AuditEntry{Entity: ContactEntity, EntityID: c.ID, ActorUserID: actorID,
			Action: action, Changes: changes, CreatedAt: c.UpdatedAt})
	})
}

// saveAction names a save for the history, "create" or "update", and says
// whether an update changes nothing (and is not written).
func saveAction(updating bool, changes map[string][2]string) (action string, nothing bool) {
	if !updating {
		return "create", false
	}
	return "update", len(changes) == 0
}

func primaryValue(list []model.ContactMethod) string {
	for _, m := range list {
		if m.Primary {
			return m.Value
		}
	}
	return ""
}

func writeContact(ctx context.Context, tx *sql.Tx, old, c *model.Contact) error {
	if c.ID == 0 {
		err := tx.QueryRowContext(ctx, `INSERT INTO contacts (organization_id, owner_user_id, account_id, first_name,
			last_name, email, phone, job_title, birthday, source, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id`,
			c.OrganizationID, c.OwnerUserID, optionalID(c.AccountID), c.FirstName, c.LastName, c.Email, c.Phone,
			c.JobTitle, c.Birthday, c.Source, millis(c.UpdatedAt)).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("add contact: %w", err)
		}
		c.CreatedAt = c.UpdatedAt
		return nil
	}
	res, err := tx.ExecContext(ctx, `UPDATE contacts SET owner_user_id = $1, account_id = $2, first_name = $3,
		last_name = $4, email = $5, phone = $6, job_title = $7, birthday = $8, source = $9, updated_at = $10
		WHERE id = $11 AND organization_id = $12 AND updated_at = $13`,
		c.OwnerUserID, optionalID(c.AccountID), c.FirstName, c.LastName, c.Email, c.Phone, c.JobTitle, c.Birthday,
		c.Source, millis(c.UpdatedAt), c.ID, c.OrganizationID, millis(old.UpdatedAt))
	if err != nil {
		return fmt.Errorf("update contact %d: %w", c.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrStale
	}
	return nil
}

// replaceContactMethods writes the contact's emails, phones and addresses
// in place of the ones it had, in their order.
func replaceContactMethods(ctx context.Context, tx *sql.Tx, c *model.Contact) error {
	for _, table := range []string{"contact_emails", "contact_phones", "contact_addresses"} {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+table+" WHERE contact_id = $1", c.ID); err != nil {
			return fmt.Errorf("replace %s of contact %d: %w", table, c.ID, err)
		}
	}
	for i, e := range c.Emails {
		if _, err := tx.ExecContext(ctx, `INSERT INTO contact_emails (contact_id, position, email, is_primary)
			VALUES ($1, $2, $3, $4)`, c.ID, i, e.Value, e.Primary); err != nil {
			return fmt.Errorf("add email of contact %d: %w", c.ID, err)
		}
	}
	for i, p := range c.Phones {
		if _, err := tx.ExecContext(ctx, `INSERT INTO contact_phones (contact_id, position, phone, digits, is_primary)
			VALUES ($1, $2, $3, $4, $5)`, c.ID, i, p.Value, model.PhoneDigits(p.Value), p.Primary); err != nil {
			return fmt.Errorf("add phone of contact %d: %w", c.ID, err)
		}
	}
	for i, a := range c.Addresses {
		if _, err := tx.ExecContext(ctx, `INSERT INTO contact_addresses (contact_id, position, street, city, region,
			postcode, country, is_primary) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			c.ID, i, a.Street, a.City, a.Region, a.PostCode, a.Country, a.Primary); err != nil {
			return fmt.Errorf("add address of contact %d: %w", c.ID, err)
		}
	}
	return nil
}

// loadContactMethods fills the emails, phones and addresses of contacts,
// three queries for all of them.
func (s *Store) loadContactMethods(ctx context.Context, q querier, list []*model.Contact) error {
	if len(list) == 0 {
		return nil
	}
	byID := make(map[int64]*model.Contact, len(list))
	ids := make([]any, len(list))
	for i, c := range list {
		byID[c.ID], ids[i] = c, c.ID
	}
	in := " WHERE contact_id IN (" + placeholders(1, len(ids)) + ") ORDER BY contact_id, position"
	var id int64
	err := eachRow(ctx, q, "SELECT contact_id, email, is_primary FROM contact_emails"+in, ids, func(rows *sql.Rows) error {
		var m model.ContactMethod
		if err := rows.Scan(&id, &m.Value, &m.Primary); err != nil {
			return err
		}
		byID[id].Emails = append(byID[id].Emails, m)
		return nil
	})
	if err != nil {
		return fmt.Errorf("load contact emails: %w", err)
	}
	err = eachRow(ctx, q, "SELECT contact_id, phone, is_primary FROM contact_phones"+in, ids, func(rows *sql.Rows) error {
		var m model.ContactMethod
		if err := rows.Scan(&id, &m.Value, &m.Primary); err != nil {
			return err
		}
		byID[id].Phones = append(byID[id].Phones, m)
		return nil
	})
	if err != nil {
		return fmt.Errorf("load contact phones: %w", err)
	}
	err = eachRow(ctx, q, "SELECT contact_id, street, city, region, postcode, country, is_primary FROM contact_addresses"+in, ids,
		func(rows *sql.Rows) error {
			var a model.ContactAddress
			if err := rows.Scan(&id, &a.Street, &a.City, &a.Region, &a.PostCode, &a.Country, &a.Primary); err != nil {
				return err
			}
			byID[id].Addresses = append(byID[id].Addresses, a)
			return nil
		})
	if err != nil {
		return fmt.Errorf("load contact addresses: %w", err)
	}
	return nil
}

// eachRow runs a query and hands each row to fn.
func eachRow(ctx context.Context, q querier, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
