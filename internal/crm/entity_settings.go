package crm

import (
	"context"

	"magecrm/internal/acl"
	"magecrm/internal/model"
)

// mayConfigure reports whether the actor may change the organization's
// configuration (System → Entities, Email settings): administrators, who
// edit roles across the organization.
func mayConfigure(sess *Session) bool {
	return sess.Actor.Level(acl.Role, acl.Edit) == acl.Organization
}

// EntitySettings returns which activity kinds each entity offers, for
// System → Entities.
func (s *Service) EntitySettings(ctx context.Context, sess *Session) (map[string]model.EntityKinds, error) {
	if !mayConfigure(sess) {
		return nil, ErrForbidden
	}
	out := map[string]model.EntityKinds{}
	for _, e := range model.TargetEntities {
		k, err := s.Store.EntityKinds(ctx, sess.Actor.OrganizationID, e)
		if err != nil {
			return nil, err
		}
		out[e] = k
	}
	return out, nil
}

// SetEntitySettings saves which activity kinds each entity offers. A kind
// turned off loses its buttons; its records stay listed.
func (s *Service) SetEntitySettings(ctx context.Context, sess *Session, settings map[string]model.EntityKinds) error {
	if !mayConfigure(sess) {
		return ErrForbidden
	}
	for _, e := range model.TargetEntities {
		kinds := model.EntityKinds{}
		for k, on := range settings[e] {
			if on && k.Valid() {
				kinds[k] = true
			}
		}
		if err := s.Store.SetEntityKinds(ctx, sess.Actor.OrganizationID, e, kinds); err != nil {
			return err
		}
	}
	return nil
}
