package crm

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"magecrm/internal/acl"
	"magecrm/internal/store"
)

// customersGrid names the customers grid's saved views.
const customersGrid = "customers"

// defaultViewPreference holds the id of the person's default customers view.
const defaultViewPreference = "customers.default_view"

// ViewInput is a view a person saves: its name, the grid's state and who
// sees it.
type ViewInput struct {
	Name    string
	Query   string // the grid's URL parameters
	Columns string // comma-separated column keys
	Shared  bool   // with the person's business unit
	Default bool   // opens when the person opens the grid
}

func viewReader(sess *Session) store.ViewReader {
	return store.ViewReader{UserID: sess.User.ID, OrganizationID: sess.User.OrganizationID, BusinessUnitID: sess.User.BusinessUnitID}
}

// CustomerViews lists the customers views the person sees (their own and
// those shared in their business unit) and the id of their default one.
func (s *Service) CustomerViews(ctx context.Context, sess *Session) ([]store.SavedView, int64, error) {
	if !sess.Actor.Can(acl.MagentoCustomer, acl.View) {
		return nil, 0, ErrForbidden
	}
	views, err := s.Store.SavedViews(ctx, customersGrid, viewReader(sess))
	if err != nil {
		return nil, 0, err
	}
	pref, err := s.Store.Preference(ctx, sess.User.ID, defaultViewPreference)
	if err != nil {
		return nil, 0, err
	}
	def, _ := strconv.ParseInt(pref, 10, 64)
	for _, v := range views {
		if v.ID == def {
			return views, def, nil
		}
	}
	return views, 0, nil // the default view was deleted or unshared
}

// CustomerView returns a customers view the person sees.
func (s *Service) CustomerView(ctx context.Context, sess *Session, id int64) (*store.SavedView, error) {
	if !sess.Actor.Can(acl.MagentoCustomer, acl.View) {
		return nil, ErrForbidden
	}
	return s.Store.SavedView(ctx, customersGrid, viewReader(sess), id)
}

// SaveCustomerView saves the grid's state as a named view of the person's.
func (s *Service) SaveCustomerView(ctx context.Context, sess *Session, in ViewInput) (*store.SavedView, error) {
	if !sess.Actor.Can(acl.MagentoCustomer, acl.View) {
		return nil, ErrForbidden
	}
	in.Name = strings.TrimSpace(in.Name)
	switch {
	case in.Name == "":
		return nil, FieldErrors{"view_name": "Give the view a name, such as “Germany, newest first”."}
	case utf8.RuneCountInString(in.Name) > 80:
		return nil, FieldErrors{"view_name": "Keep the name to 80 characters or fewer."}
	case len(in.Query) > 4000 || len(in.Columns) > 1000:
		return nil, FieldErrors{"view_name": "This view holds too many filters to be saved; remove some and try again."}
	}
	v := &store.SavedView{OrganizationID: sess.User.OrganizationID, OwnerUserID: sess.User.ID, Grid: customersGrid,
		Name: in.Name, Query: in.Query, Columns: in.Columns, Shared: in.Shared, CreatedAt: s.Now()}
	if err := s.Store.CreateSavedView(ctx, v); err != nil {
		if errors.Is(err, store.ErrDuplicate) {
			return nil, FieldErrors{"view_name": fmt.Sprintf("You already have a view named “%s”; choose another name.", in.Name)}
		}
		return nil, err
	}
	if in.Default {
		if err := s.Store.SetPreference(ctx, sess.User.ID, defaultViewPreference, strconv.FormatInt(v.ID, 10)); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// DeleteCustomerView deletes one of the person's own views.
func (s *Service) DeleteCustomerView(ctx context.Context, sess *Session, id int64) error {
	return s.Store.DeleteSavedView(ctx, sess.User.ID, id)
}

// SetDefaultCustomerView makes a view the person sees their default; 0
// goes back to the plain grid.
func (s *Service) SetDefaultCustomerView(ctx context.Context, sess *Session, id int64) error {
	if id != 0 {
		if _, err := s.CustomerView(ctx, sess, id); err != nil {
			return err
		}
	}
	value := ""
	if id != 0 {
		value = strconv.FormatInt(id, 10)
	}
	return s.Store.SetPreference(ctx, sess.User.ID, defaultViewPreference, value)
}
