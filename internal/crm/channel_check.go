package crm

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"magecrm/internal/acl"
	"magecrm/internal/connector"
	"magecrm/internal/magento"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

// checkTimeout bounds a whole connection check, so a page never hangs on
// a store that does not answer.
const checkTimeout = 45 * time.Second

// CheckChannel tries a saved channel's connection step by step. It signs
// in to Magento with the stored secrets, so it needs the edit grant.
func (s *Service) CheckChannel(ctx context.Context, sess *Session, id int64) ([]magento.CheckStep, error) {
	ch, err := s.channelFor(ctx, sess, id, acl.Edit)
	if err != nil {
		return nil, err
	}
	return s.checkConnection(ctx, ch)
}

// CheckChannelInput tries the connection a form describes before it is
// saved: id 0 for a new channel, or the channel being edited, whose
// stored credentials fill the fields left blank. Only the connection
// fields are validated.
func (s *Service) CheckChannelInput(ctx context.Context, sess *Session, id int64, in ChannelInput) ([]magento.CheckStep, error) {
	ch := &model.Channel{OrganizationID: sess.Actor.OrganizationID}
	if id != 0 {
		var err error
		if ch, err = s.channelFor(ctx, sess, id, acl.Edit); err != nil {
			return nil, err
		}
	} else if !sess.Actor.Can(acl.Channel, acl.Create) {
		return nil, ErrForbidden
	}
	fe := FieldErrors{}
	validateConnection(&in, ch, fe)
	if err := fe.orNil(); err != nil {
		return nil, err
	}
	return s.checkConnection(ctx, ch)
}

// checkConnection tries ch's store with the connector of its type, within
// checkTimeout.
func (s *Service) checkConnection(ctx context.Context, ch *model.Channel) ([]magento.CheckStep, error) {
	ctx, cancel := context.WithTimeout(ctx, checkTimeout)
	defer cancel()
	return connector.Check(ctx, ch), nil
}

// CheckPassed reports whether every step of a connection check passed.
func CheckPassed(steps []magento.CheckStep) bool {
	return len(steps) > 0 && !slices.ContainsFunc(steps, func(st magento.CheckStep) bool { return !st.OK })
}

// CheckChannelNamed tries the connection of the channel with this name,
// for the command line.
func (s *Service) CheckChannelNamed(ctx context.Context, name string) ([]magento.CheckStep, error) {
	ch, err := s.Store.ChannelByName(ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("no channel is named %q (magecrm channel list shows them)", name)
	}
	if err != nil {
		return nil, err
	}
	return s.checkConnection(ctx, ch)
}
