package crm

import (
	"context"

	"magecrm/internal/acl"
	"magecrm/internal/model"
)

// editableForPush returns a customer the actor may edit on a channel that
// sends to Magento.
func (s *Service) editableForPush(ctx context.Context, sess *Session, id int64) (*model.Customer, error) {
	c, err := s.Customer(ctx, sess, id)
	if err != nil {
		return nil, err
	}
	if !sess.Actor.Decide(acl.MagentoCustomer, acl.Edit, customerRecord(c)) {
		return nil, ErrForbidden
	}
	m, err := s.Store.MagentoStructure(ctx, c.OrganizationID)
	if err != nil {
		return nil, err
	}
	if why := ChannelWriteBlocked(m.Channel(c.ChannelID)); why != "" {
		return nil, Refusal(why)
	}
	return c, nil
}

// SendCustomerAgain sends a customer now ("Retry now"): after Magento
// refused it, or while a retry waits.
func (s *Service) SendCustomerAgain(ctx context.Context, sess *Session, id int64) error {
	c, err := s.editableForPush(ctx, sess, id)
	if err != nil {
		return err
	}
	if c.Removed() {
		return Refusal("This customer was deleted in Magento: use Create again in Magento to send it as a new customer.")
	}
	if err := s.Store.SendAgain(ctx, c, s.Now()); err != nil {
		return err
	}
	s.wakePush(c.ChannelID)
	s.Log.Info("customer send retried", "customer", id, "by", sess.User.Username)
	return nil
}

// CreateCustomerAgain sends a customer deleted in Magento as a new
// customer. The push never does this on its own.
func (s *Service) CreateCustomerAgain(ctx context.Context, sess *Session, id int64) error {
	c, err := s.editableForPush(ctx, sess, id)
	if err != nil {
		return err
	}
	if !c.Removed() {
		return Refusal("Magento still has this customer, so it cannot be created there again.")
	}
	if err := s.Store.CreateAgain(ctx, c, sess.User.ID, s.Now()); err != nil {
		return err
	}
	s.wakePush(c.ChannelID)
	s.Log.Info("customer created again in Magento", "customer", id, "by", sess.User.Username)
	return nil
}
