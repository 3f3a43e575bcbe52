package crm

import (
	"context"
	"errors"
	"strings"
	"time"

	"magecrm/internal/acl"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

func (s *Service) accountRecord(ctx context.Context, a *model.Account) (acl.Record, error) {
	unit, err := s.ownerUnit(ctx, a.OrganizationID, a.OwnerUserID)
	return acl.Record{OwnerUserID: a.OwnerUserID, OwnerBusinessUnitID: unit, OrganizationID: a.OrganizationID}, err
}

// Accounts returns a page of the accounts the actor may view and how many
// the query selects.
func (s *Service) Accounts(ctx context.Context, sess *Session, q store.ListQuery) ([]model.Account, int, error) {
	if !sess.Actor.Can(acl.Account, acl.View) {
		return nil, 0, ErrForbidden
	}
	if err := checkFilters(map[string]string{"q": q.Search}); err != nil {
		return nil, 0, err
	}
	q.Scope = sess.Actor.Scope(acl.Account, acl.View)
	return s.Store.Accounts(ctx, q)
}

// AccountKey is the position of an account in the sort of q, for the next
// page of Accounts (q.After).
func (s *Service) AccountKey(ctx context.Context, q store.ListQuery, id int64) (store.CustomerKey, error) {
	return s.Store.AccountKey(ctx, q, id)
}

// Account returns one account the actor may view.
func (s *Service) Account(ctx context.Context, sess *Session, id int64) (*model.Account, error) {
	if !sess.Actor.Can(acl.Account, acl.View) {
		return nil, ErrForbidden
	}
	return s.Store.Account(ctx, sess.Actor.Scope(acl.Account, acl.View), id)
}

// AccountHistory returns the history of an account the actor may view,
// newest first.
func (s *Service) AccountHistory(ctx context.Context, sess *Session, a *model.Account) ([]store.AuditEntry, error) {
	h, err := s.Store.Audit(ctx, store.AccountEntity, a.ID, 200)
	hideHistoryLinks(h, historyLink{"parent", visibleName(a.ParentVisible, a.ParentName), "an account you may not view",
		sess.Actor.Level(acl.Account, acl.View) == acl.Organization})
	return h, err
}

// AccountMembers lists an account's contacts and Magento customers that
// the actor may view.
func (s *Service) AccountMembers(ctx context.Context, sess *Session, id int64) ([]model.Contact, []model.Customer, error) {
	var contacts []model.Contact
	var customers []model.Customer
	var err error
	if sess.Actor.Can(acl.Contact, acl.View) {
		contacts, _, err = s.Store.Contacts(ctx, store.ListQuery{Scope: sess.Actor.Scope(acl.Contact, acl.View),
			Accounts: sess.Actor.Scope(acl.Account, acl.View), AccountID: id, Limit: 100})
		if err != nil {
			return nil, nil, err
		}
	}
	if sess.Actor.Can(acl.MagentoCustomer, acl.View) {
		customers, err = s.Store.Customers(ctx, store.CustomerQuery{Scope: customerScope(sess), AccountID: id, Limit: 100})
	}
	return contacts, customers, err
}

// AccountInput is what a person fills in to create or edit an account.
type AccountInput struct {
	Name     string
	Industry string // a key of model.Industries or ""
	Website  string // https:// is added when no scheme is typed
	Phone    string
	Address  model.PostalAddress
	ParentID int64 // 0: none
	OwnerID  int64 // 0: the actor on create, unchanged on edit
	// Version is the account's last change time the edit was made on
	// (edit only; zero: as it is now). An account changed since is ErrStale.
	Version time.Time
}

// SaveAccount creates (id 0) or updates an account, with its history.
func (s *Service) SaveAccount(ctx context.Context, sess *Session, id int64, in AccountInput) (*model.Account, error) {
	a := &model.Account{OrganizationID: sess.Actor.OrganizationID, OwnerUserID: sess.User.ID, OwnerName: sess.User.DisplayName()}
	var old *model.Account
	if id == 0 {
		if !sess.Actor.Can(acl.Account, acl.Create) {
			return nil, ErrForbidden
		}
	} else {
		var err error
		if old, err = s.editableAccount(ctx, sess, id); err != nil {
			return nil, err
		}
		if stale(in.Version, old.UpdatedAt) {
			return nil, ErrStale
		}
		next := *old
		a = &next
	}
	fe := FieldErrors{}
	if a.Name = trimmed(fe, "name", &in.Name); a.Name == "" {
		fe["name"] = "Enter the account's name."
	}
	if a.Industry = strings.TrimSpace(in.Industry); a.Industry != "" && !model.IsChoice(model.Industries, a.Industry) {
		fe["industry"] = "Choose an industry from the list."
	}
	var msg string
	if a.Website, msg = websiteURL(trimmed(fe, "website", &in.Website)); msg != "" {
		a.Website, fe["website"] = in.Website, msg
	}
	if a.Phone = trimmed(fe, "phone", &in.Phone); a.Phone != "" && fe["phone"] == "" {
		if msg := phoneError(a.Phone); msg != "" {
			fe["phone"] = msg
		}
	}
	a.Address = in.Address
	checkPostalAddress(fe, "address.", &a.Address)
	if err := s.checkParent(ctx, sess, a, in.ParentID, fe); err != nil {
		return nil, err
	}
	if err := s.checkRecordOwner(ctx, sess, acl.Account, &a.OwnerUserID, &a.OwnerName, in.OwnerID, id == 0, fe); err != nil {
		return nil, err
	}
	if err := fe.orNil(); err != nil {
		return nil, err
	}
	a.UpdatedAt = s.Now()
	if old != nil {
		a.UpdatedAt = nextVersion(a.UpdatedAt, old.UpdatedAt)
	}
	err := s.Store.SaveAccount(ctx, old, a, sess.User.ID)
	if errors.Is(err, store.ErrAccountCycle) {
		return nil, FieldErrors{"parent": err.Error()}
	}
	return a, err
}

// checkParent sets the account's parent: one the actor may view that is
// not the account itself; an unchanged parent stays, even one the actor
// may not view. The store refuses a parent below the account.
func (s *Service) checkParent(ctx context.Context, sess *Session, a *model.Account, parentID int64, fe FieldErrors) error {
	if parentID == a.ParentID {
		return nil
	}
	a.ParentID, a.ParentName = 0, ""
	if parentID == 0 {
		return nil
	}
	if parentID == a.ID {
		fe["parent"] = store.ErrAccountCycle.Error()
		return nil
	}
	p, err := s.Account(ctx, sess, parentID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		fe["parent"] = "Choose a parent account from the list."
	case err != nil:
		return err
	default:
		a.ParentID, a.ParentName = p.ID, p.Name
	}
	return nil
}

// editableAccount returns the account when the actor may edit it.
func (s *Service) editableAccount(ctx context.Context, sess *Session, id int64) (*model.Account, error) {
	old, err := s.Account(ctx, sess, id)
	if err != nil {
		return nil, err
	}
	rec, err := s.accountRecord(ctx, old)
	if err != nil {
		return nil, err
	}
	if !sess.Actor.Decide(acl.Account, acl.Edit, rec) {
		return nil, ErrForbidden
	}
	return old, nil
}

// DeleteAccount removes an account the actor may delete; its contacts and
// customers stay, without the link.
func (s *Service) DeleteAccount(ctx context.Context, sess *Session, id int64) error {
	a, err := s.Account(ctx, sess, id)
	if err != nil {
		return err
	}
	rec, err := s.accountRecord(ctx, a)
	if err != nil {
		return err
	}
	if !sess.Actor.Decide(acl.Account, acl.Delete, rec) {
		return ErrForbidden
	}
	files, err := s.Store.DeleteAccount(ctx, a.OrganizationID, id)
	if err != nil {
		return err
	}
	s.removeFiles(files)
	return nil
}
