package crm

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"magecrm/internal/acl"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

// channelRecord is what access decisions need to know of a channel: it is
// owned by the user who added it.
func (s *Service) channelRecord(ctx context.Context, ch *model.Channel) (acl.Record, error) {
	rec := acl.Record{OwnerUserID: ch.OwnerUserID, OrganizationID: ch.OrganizationID}
	owner, err := s.Store.User(ctx, ch.OrganizationID, ch.OwnerUserID)
	if err != nil {
		return rec, fmt.Errorf("load channel owner: %w", err)
	}
	rec.OwnerBusinessUnitID = owner.BusinessUnitID
	return rec, nil
}

// channelFor loads a channel with its credentials opened and checks that
// the actor may do act on it; out of scope is ErrNotFound.
func (s *Service) channelFor(ctx context.Context, sess *Session, id int64, act acl.Action) (*model.Channel, error) {
	ch, err := s.Store.Channel(ctx, id)
	if err != nil {
		return nil, err
	}
	if ch.OrganizationID != sess.Actor.OrganizationID {
		return nil, ErrNotFound
	}
	rec, err := s.channelRecord(ctx, ch)
	if err != nil {
		return nil, err
	}
	if !sess.Actor.Decide(acl.Channel, acl.View, rec) {
		return nil, ErrNotFound
	}
	if act != acl.View && !sess.Actor.Decide(acl.Channel, act, rec) {
		return nil, ErrForbidden
	}
	return ch, nil
}

// withoutSecrets returns a copy of ch fit for pages: every credential but
// the admin and API user names is blanked.
func withoutSecrets(ch *model.Channel) *model.Channel {
	c := *ch
	c.Credentials = model.Credentials{Username: ch.Credentials.Username, APIUser: ch.Credentials.APIUser}
	return &c
}

// Channels lists the channels the actor may view.
func (s *Service) Channels(ctx context.Context, sess *Session) ([]store.ChannelListing, error) {
	if !sess.Actor.Can(acl.Channel, acl.View) {
		return nil, ErrForbidden
	}
	return s.Store.Channels(ctx, sess.Actor.Scope(acl.Channel, acl.View))
}

// Channel returns a channel the actor may view, without its secrets.
func (s *Service) Channel(ctx context.Context, sess *Session, id int64) (*model.Channel, error) {
	ch, err := s.channelFor(ctx, sess, id, acl.View)
	if err != nil {
		return nil, err
	}
	return withoutSecrets(ch), nil
}

// ChannelPermissions says what the actor may do with a channel.
type ChannelPermissions struct {
	Edit, Delete bool
}

// ChannelPermissions returns what the actor may do with ch.
func (s *Service) ChannelPermissions(ctx context.Context, sess *Session, ch *model.Channel) (ChannelPermissions, error) {
	rec, err := s.channelRecord(ctx, ch)
	if err != nil {
		return ChannelPermissions{}, err
	}
	return ChannelPermissions{
		Edit:   sess.Actor.Decide(acl.Channel, acl.Edit, rec),
		Delete: sess.Actor.Decide(acl.Channel, acl.Delete, rec),
	}, nil
}

// ChannelOwnerChoices lists the users who may be the default owner of a
// channel: those the actor may assign customers to, and on edit (ch not
// nil) the channel's current default owner, since keeping the owner
// someone else chose is not assigning.
func (s *Service) ChannelOwnerChoices(ctx context.Context, sess *Session, ch *model.Channel) ([]model.User, error) {
	owners, err := s.AssignableOwners(ctx, sess, acl.MagentoCustomer)
	if err != nil || ch == nil || slices.ContainsFunc(owners, func(u model.User) bool { return u.ID == ch.DefaultOwnerID }) {
		return owners, err
	}
	u, err := s.Store.User(ctx, ch.OrganizationID, ch.DefaultOwnerID)
	if err != nil {
		return nil, err
	}
	return append(owners, *u), nil
}

// CreateChannel adds a channel owned by the actor.
func (s *Service) CreateChannel(ctx context.Context, sess *Session, in ChannelInput) (*model.Channel, error) {
	org := sess.Actor.OrganizationID
	if !sess.Actor.Decide(acl.Channel, acl.Create, acl.Record{OwnerUserID: sess.User.ID, OwnerBusinessUnitID: sess.User.BusinessUnitID, OrganizationID: org}) {
		return nil, ErrForbidden
	}
	owners, err := s.ChannelOwnerChoices(ctx, sess, nil)
	if err != nil {
		return nil, err
	}
	ch := &model.Channel{OrganizationID: org, OwnerUserID: sess.User.ID}
	if err := s.validateChannel(ctx, &in, ch, owners); err != nil {
		return nil, err
	}
	return ch, s.saveNewChannel(ctx, ch, sess.User.Username)
}

func (s *Service) saveNewChannel(ctx context.Context, ch *model.Channel, by string) error {
	err := s.Store.CreateChannel(ctx, ch)
	if errors.Is(err, store.ErrDuplicate) {
		return errNameTaken
	}
	if err != nil {
		return err
	}
	s.Log.Info("channel created", "channel", ch.Name, "id", ch.ID, "by", by)
	return nil
}

// UpdateChannel saves changes to a channel; blank credentials keep the
// stored ones. A channel changed since in.Version, or while this change
// was checked, is ErrStale.
func (s *Service) UpdateChannel(ctx context.Context, sess *Session, id int64, in ChannelInput) (*model.Channel, error) {
	ch, err := s.channelFor(ctx, sess, id, acl.Edit)
	if err != nil {
		return nil, err
	}
	if stale(in.Version, ch.UpdatedAt) {
		return nil, ErrStale
	}
	owners, err := s.ChannelOwnerChoices(ctx, sess, ch)
	if err != nil {
		return nil, err
	}
	if err := s.validateChannel(ctx, &in, ch, owners); err != nil {
		return nil, err
	}
	err = s.Store.UpdateChannelFrom(ctx, ch, ch.UpdatedAt)
	if errors.Is(err, store.ErrDuplicate) {
		return nil, errNameTaken
	}
	if err != nil {
		return nil, err
	}
	s.Log.Info("channel updated", "channel", ch.Name, "id", ch.ID, "by", sess.User.Username)
	return withoutSecrets(ch), nil
}

// SetChannelEnabled switches a channel's sync on or off.
func (s *Service) SetChannelEnabled(ctx context.Context, sess *Session, id int64, enabled bool) (*model.Channel, error) {
	ch, err := s.channelFor(ctx, sess, id, acl.Edit)
	if err != nil {
		return nil, err
	}
	if err := s.Store.SetChannelEnabled(ctx, ch.OrganizationID, id, enabled); err != nil {
		return nil, err
	}
	ch.Enabled = enabled
	s.Log.Info("channel switched", "channel", ch.Name, "id", id, "enabled", enabled, "by", sess.User.Username)
	return withoutSecrets(ch), nil
}

// ChannelContents counts what deleting a channel would remove, for the
// confirmation page.
func (s *Service) ChannelContents(ctx context.Context, sess *Session, id int64) (*model.Channel, store.ChannelContents, error) {
	ch, err := s.channelFor(ctx, sess, id, acl.Delete)
	if err != nil {
		return nil, store.ChannelContents{}, err
	}
	n, err := s.Store.ChannelContents(ctx, id)
	return withoutSecrets(ch), n, err
}

// DeleteChannel removes a channel and everything imported through it.
// Magento is not touched.
func (s *Service) DeleteChannel(ctx context.Context, sess *Session, id int64) error {
	ch, err := s.channelFor(ctx, sess, id, acl.Delete)
	if err != nil {
		return err
	}
	files, err := s.Store.DeleteChannel(ctx, ch.OrganizationID, id)
	if err != nil {
		return err
	}
	s.removeFiles(files)
	s.Log.Info("channel deleted", "channel", ch.Name, "id", id, "by", sess.User.Username)
	return nil
}

// AddChannel creates a channel from the command line, where the operator
// is trusted: no actor checks. The default owner, found by user name, also
// owns the channel.
func (s *Service) AddChannel(ctx context.Context, in ChannelInput, ownerName string) (*model.Channel, error) {
	orgID, _, err := s.Store.Bootstrap(ctx, "Main organization")
	if err != nil {
		return nil, err
	}
	owner, _, err := s.Store.UserCredentials(ctx, ownerName)
	if errors.Is(err, store.ErrNotFound) || (err == nil && owner.OrganizationID != orgID) {
		return nil, FieldErrors{"default_owner": "No user is named " + ownerName + "."}
	}
	if err != nil {
		return nil, err
	}
	in.DefaultOwnerID = owner.ID
	ch := &model.Channel{OrganizationID: orgID, OwnerUserID: owner.ID}
	if err := s.validateChannel(ctx, &in, ch, []model.User{*owner}); err != nil {
		return nil, err
	}
	return ch, s.saveNewChannel(ctx, ch, "command line")
}

// AllChannels lists every channel of the organization, for the command line.
func (s *Service) AllChannels(ctx context.Context) ([]store.ChannelListing, error) {
	orgID, _, err := s.Store.Bootstrap(ctx, "Main organization")
	if err != nil {
		return nil, err
	}
	return s.Store.Channels(ctx, acl.WholeOrganization(orgID))
}
