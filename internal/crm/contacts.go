package crm

import (
	"context"
	"strings"
	"time"

	"magecrm/internal/acl"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

func contactRecord(s *Service, ctx context.Context, c *model.Contact) (acl.Record, error) {
	unit, err := s.ownerUnit(ctx, c.OrganizationID, c.OwnerUserID)
	return acl.Record{OwnerUserID: c.OwnerUserID, OwnerBusinessUnitID: unit, OrganizationID: c.OrganizationID}, err
}

// ownerUnit is the business unit of a record's owner.
func (s *Service) ownerUnit(ctx context.Context, orgID, userID int64) (int64, error) {
	u, err := s.Store.User(ctx, orgID, userID)
	if err != nil {
		return 0, err
	}
	return u.BusinessUnitID, nil
}

// Contacts returns a page of the contacts the actor may view and how many
// the query selects.
func (s *Service) Contacts(ctx context.Context, sess *Session, q store.ListQuery) ([]model.Contact, int, error) {
	if !sess.Actor.Can(acl.Contact, acl.View) {
		return nil, 0, ErrForbidden
	}
	if err := checkFilters(map[string]string{"q": q.Search}); err != nil {
		return nil, 0, err
	}
	q.Scope, q.Accounts = sess.Actor.Scope(acl.Contact, acl.View), sess.Actor.Scope(acl.Account, acl.View)
	return s.Store.Contacts(ctx, q)
}

// ContactKey is the position of a contact in the sort of q, for the next
// page of Contacts (q.After).
func (s *Service) ContactKey(ctx context.Context, sess *Session, q store.ListQuery, id int64) (store.CustomerKey, error) {
	q.Accounts = sess.Actor.Scope(acl.Account, acl.View)
	return s.Store.ContactKey(ctx, q, id)
}

// Contact returns one contact the actor may view.
func (s *Service) Contact(ctx context.Context, sess *Session, id int64) (*model.Contact, error) {
	if !sess.Actor.Can(acl.Contact, acl.View) {
		return nil, ErrForbidden
	}
	return s.Store.Contact(ctx, sess.Actor.Scope(acl.Contact, acl.View), sess.Actor.Scope(acl.Account, acl.View), id)
}

// ContactHistory returns the history of a contact the actor may view,
// newest first.
func (s *Service) ContactHistory(ctx context.Context, sess *Session, c *model.Contact) ([]store.AuditEntry, error) {
	h, err := s.Store.Audit(ctx, store.ContactEntity, c.ID, 200)
	hideHistoryLinks(h, historyLink{"account", visibleName(c.AccountVisible, c.AccountName), "an account you may not view",
		sess.Actor.Level(acl.Account, acl.View) == acl.Organization})
	return h, err
}

// ContactCustomers lists the customers linked to a contact that the actor may view.
func (s *Service) ContactCustomers(ctx context.Context, sess *Session, id int64) ([]model.Customer, error) {
	if !sess.Actor.Can(acl.MagentoCustomer, acl.View) {
		return nil, nil
	}
	return s.Store.Customers(ctx, store.CustomerQuery{Scope: customerScope(sess), ContactID: id, Limit: 100})
}

// ContactInput is what a person fills in to create or edit a contact.
// Emails, Phones and Addresses are as typed: empty entries are dropped,
// errors name the others by position ("email.2", "address.0.city"), and
// the one marked primary (else the first) becomes primary.
type ContactInput struct {
	FirstName, LastName, JobTitle string
	Birthday                      string // YYYY-MM-DD or ""
	Source                        string // a key of model.ContactSources or ""
	Emails, Phones                []model.ContactMethod
	Addresses                     []model.ContactAddress
	AccountID                     int64
	OwnerID                       int64 // 0: the actor on create, unchanged on edit
	// Version is the contact's last change time the edit was made on
	// (edit only; zero: as it is now). A contact changed since is ErrStale.
	Version time.Time
}

// SaveContact creates (id 0) or updates a contact, with its history.
func (s *Service) SaveContact(ctx context.Context, sess *Session, id int64, in ContactInput) (*model.Contact, error) {
	c := &model.Contact{OrganizationID: sess.Actor.OrganizationID, OwnerUserID: sess.User.ID, OwnerName: sess.User.DisplayName()}
	var old *model.Contact
	if id == 0 {
		if !sess.Actor.Can(acl.Contact, acl.Create) {
			return nil, ErrForbidden
		}
	} else {
		var err error
		if old, err = s.editableContact(ctx, sess, id); err != nil {
			return nil, err
		}
		if stale(in.Version, old.UpdatedAt) {
			return nil, ErrStale
		}
		next := *old
		c = &next
	}
	fe := FieldErrors{}
	c.FirstName, c.LastName = trimmed(fe, "first_name", &in.FirstName), trimmed(fe, "last_name", &in.LastName)
	if c.FirstName == "" && c.LastName == "" {
		fe["last_name"] = "Enter a first or last name."
	}
	c.JobTitle = trimmed(fe, "job_title", &in.JobTitle)
	c.Birthday = strings.TrimSpace(in.Birthday)
	if msg := dobError(c.Birthday, s.Now()); msg != "" {
		fe["birthday"] = msg
	}
	if c.Source = strings.TrimSpace(in.Source); c.Source != "" && !model.IsChoice(model.ContactSources, c.Source) {
		fe["source"] = "Choose a source from the list."
	}
	c.Emails = checkMethods(fe, "email", "email address", in.Emails, emailError)
	c.Phones = checkMethods(fe, "phone", "phone number", in.Phones, phoneError)
	c.Addresses = checkAddressList(fe, in.Addresses)
	// An unchanged account stays linked, even one the actor may not view
	// (the form keeps it without naming it).
	if id == 0 || in.AccountID != c.AccountID {
		c.AccountID, c.AccountName = 0, ""
		if in.AccountID != 0 {
			if a, err := s.Account(ctx, sess, in.AccountID); err != nil {
				fe["account"] = "Choose an account from the list."
			} else {
				c.AccountID, c.AccountName = a.ID, a.Name
			}
		}
	}
	if err := s.checkRecordOwner(ctx, sess, acl.Contact, &c.OwnerUserID, &c.OwnerName, in.OwnerID, id == 0, fe); err != nil {
		return nil, err
	}
	if err := fe.orNil(); err != nil {
		return nil, err
	}
	c.UpdatedAt = s.Now()
	if old != nil {
		c.UpdatedAt = nextVersion(c.UpdatedAt, old.UpdatedAt)
	}
	if err := s.Store.SaveContact(ctx, old, c, sess.User.ID); err != nil {
		return nil, err
	}
	return c, nil
}

// editableContact returns the contact when the actor may edit it.
func (s *Service) editableContact(ctx context.Context, sess *Session, id int64) (*model.Contact, error) {
	old, err := s.Contact(ctx, sess, id)
	if err != nil {
		return nil, err
	}
	rec, err := contactRecord(s, ctx, old)
	if err != nil {
		return nil, err
	}
	if !sess.Actor.Decide(acl.Contact, acl.Edit, rec) {
		return nil, ErrForbidden
	}
	return old, nil
}

// checkRecordOwner sets *owner to ownerID (and *name to theirs) when the
// actor may assign to that user (or it is unchanged); 0 keeps the current
// owner.
func (s *Service) checkRecordOwner(ctx context.Context, sess *Session, e acl.Entity, owner *int64, name *string, ownerID int64, creating bool, fe FieldErrors) error {
	if ownerID == 0 || (!creating && ownerID == *owner) {
		return nil
	}
	owners, err := s.AssignableOwners(ctx, sess, e)
	if err != nil {
		return err
	}
	for _, u := range owners {
		if u.ID == ownerID {
			*owner, *name = ownerID, u.DisplayName()
			return nil
		}
	}
	fe["owner"] = "Choose an owner from the list: your role lets you assign records only to them."
	return nil
}

// DeleteContact removes a contact the actor may delete.
func (s *Service) DeleteContact(ctx context.Context, sess *Session, id int64) error {
	c, err := s.Contact(ctx, sess, id)
	if err != nil {
		return err
	}
	rec, err := contactRecord(s, ctx, c)
	if err != nil {
		return err
	}
	if !sess.Actor.Decide(acl.Contact, acl.Delete, rec) {
		return ErrForbidden
	}
	files, err := s.Store.DeleteContact(ctx, c.OrganizationID, id)
	if err != nil {
		return err
	}
	s.removeFiles(files)
	return nil
}
