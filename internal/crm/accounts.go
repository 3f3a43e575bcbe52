package crm

import (
	"context"
	"strings"

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

// Account returns one account the actor may view.
func (s *Service) Account(ctx context.Context, sess *Session, id int64) (*model.Account, error) {
	if !sess.Actor.Can(acl.Account, acl.View) {
		return nil, ErrForbidden
	}
	return s.Store.Account(ctx, sess.Actor.Scope(acl.Account, acl.View), id)
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
	Name    string
	OwnerID int64 // 0: the actor on create, unchanged on edit
}

// SaveAccount creates (id 0) or updates an account.
func (s *Service) SaveAccount(ctx context.Context, sess *Session, id int64, in AccountInput) (*model.Account, error) {
	a := &model.Account{OrganizationID: sess.Actor.OrganizationID, OwnerUserID: sess.User.ID}
	if id == 0 {
		if !sess.Actor.Can(acl.Account, acl.Create) {
			return nil, ErrForbidden
		}
	} else {
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
		a = old
	}
	fe := FieldErrors{}
	a.Name = strings.TrimSpace(in.Name)
	switch {
	case a.Name == "":
		fe["name"] = "Enter the account's name."
	case len(a.Name) > maxFieldLength:
		fe["name"] = "Use at most 255 characters."
	}
	if err := s.checkRecordOwner(ctx, sess, acl.Account, &a.OwnerUserID, in.OwnerID, id == 0, fe); err != nil {
		return nil, err
	}
	if err := fe.orNil(); err != nil {
		return nil, err
	}
	a.UpdatedAt = s.Now()
	if err := s.Store.SaveAccount(ctx, a); err != nil {
		return nil, err
	}
	return a, nil
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
