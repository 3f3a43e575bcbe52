package crm

import (
	"context"
	"strings"
	"time"

	"magecrm/internal/acl"
	"magecrm/internal/model"
)

// unitRecord treats a business unit as a record of its own unit, so that
// division-level grants manage the units below the actor's.
func unitRecord(orgID, unitID int64) acl.Record {
	return acl.Record{OwnerBusinessUnitID: unitID, OrganizationID: orgID}
}

// BusinessUnits returns the units the actor may view, in tree order.
func (s *Service) BusinessUnits(ctx context.Context, sess *Session) ([]model.BusinessUnit, error) {
	if !sess.Actor.Can(acl.BusinessUnitE, acl.View) {
		return nil, ErrForbidden
	}
	all, err := s.Store.BusinessUnits(ctx, sess.Actor.OrganizationID)
	if err != nil {
		return nil, err
	}
	var out []model.BusinessUnit
	for _, u := range all {
		if sess.Actor.Decide(acl.BusinessUnitE, acl.View, unitRecord(u.OrganizationID, u.ID)) {
			out = append(out, u)
		}
	}
	return out, nil
}

// BusinessUnit returns one unit the actor may view. Without any grant to
// view units the answer is ErrForbidden, whatever the id.
func (s *Service) BusinessUnit(ctx context.Context, sess *Session, id int64) (*model.BusinessUnit, error) {
	if !sess.Actor.Can(acl.BusinessUnitE, acl.View) {
		return nil, ErrForbidden
	}
	u, err := s.Store.BusinessUnit(ctx, sess.Actor.OrganizationID, id)
	if err != nil {
		return nil, err
	}
	if !sess.Actor.Decide(acl.BusinessUnitE, acl.View, unitRecord(u.OrganizationID, u.ID)) {
		return nil, ErrNotFound
	}
	return u, nil
}

func validateUnitName(name string) (string, FieldErrors) {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return name, FieldErrors{"name": "Enter a name."}
	case len(name) > 100:
		return name, FieldErrors{"name": "Use at most 100 characters."}
	}
	return name, nil
}

// CreateBusinessUnit adds a unit below parentID.
func (s *Service) CreateBusinessUnit(ctx context.Context, sess *Session, parentID int64, name string) (int64, error) {
	name, fe := validateUnitName(name)
	if _, err := s.Store.BusinessUnit(ctx, sess.Actor.OrganizationID, parentID); err != nil {
		if fe == nil {
			fe = FieldErrors{}
		}
		fe["parent"] = "Choose the unit this one belongs to."
	}
	if fe != nil {
		return 0, fe
	}
	if !sess.Actor.Decide(acl.BusinessUnitE, acl.Create, unitRecord(sess.Actor.OrganizationID, parentID)) {
		return 0, ErrForbidden
	}
	return s.Store.CreateBusinessUnit(ctx, sess.Actor.OrganizationID, parentID, name)
}

// UpdateBusinessUnit renames a unit and moves it below parentID. A change
// made on version (the unit's UpdatedAt; zero: as it is now) of a unit
// changed since is ErrStale, also when it is saved at the same moment.
func (s *Service) UpdateBusinessUnit(ctx context.Context, sess *Session, id, parentID int64, name string, version time.Time) error {
	u, err := s.BusinessUnit(ctx, sess, id)
	if err != nil {
		return err
	}
	if stale(version, u.UpdatedAt) {
		return ErrStale
	}
	org := sess.Actor.OrganizationID
	name, fe := validateUnitName(name)
	if u.ParentID != 0 {
		// Without a parent the unit would become a second top unit.
		if _, err := s.Store.BusinessUnit(ctx, org, parentID); err != nil {
			if fe == nil {
				fe = FieldErrors{}
			}
			fe["parent"] = "Choose the unit this one belongs to."
		}
	}
	if fe != nil {
		return fe
	}
	if !sess.Actor.Decide(acl.BusinessUnitE, acl.Edit, unitRecord(org, u.ID)) ||
		(parentID != 0 && !sess.Actor.Decide(acl.BusinessUnitE, acl.Edit, unitRecord(org, parentID))) {
		return ErrForbidden
	}
	return s.Store.UpdateBusinessUnit(ctx, org, id, parentID, name, u.UpdatedAt, nextVersion(s.Now(), u.UpdatedAt))
}

// DeleteBusinessUnit removes an empty unit.
func (s *Service) DeleteBusinessUnit(ctx context.Context, sess *Session, id int64) error {
	u, err := s.BusinessUnit(ctx, sess, id)
	if err != nil {
		return err
	}
	if !sess.Actor.Decide(acl.BusinessUnitE, acl.Delete, unitRecord(u.OrganizationID, u.ID)) {
		return ErrForbidden
	}
	return s.Store.DeleteBusinessUnit(ctx, u.OrganizationID, id)
}
