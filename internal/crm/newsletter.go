package crm

import (
	"context"

	"magecrm/internal/acl"
)

// SetNewsletter subscribes (or unsubscribes) a customer to the store's
// newsletter. The wish is saved with its send to Magento; the page shows it
// as waiting until Magento answers.
func (s *Service) SetNewsletter(ctx context.Context, sess *Session, id int64, subscribe bool) error {
	c, err := s.Customer(ctx, sess, id)
	if err != nil {
		return err
	}
	if !sess.Actor.Decide(acl.MagentoCustomer, acl.Edit, customerRecord(c)) {
		return ErrForbidden
	}
	m, err := s.Store.MagentoStructure(ctx, c.OrganizationID)
	if err != nil {
		return err
	}
	if why := ChannelWriteBlocked(m.Channel(c.ChannelID)); why != "" {
		return Refusal(why)
	}
	if err := s.Store.SetCustomerNewsletter(ctx, c, subscribe, sess.User.ID, s.Now()); err != nil {
		return err
	}
	s.wakePush(c.ChannelID)
	s.Log.Info("customer newsletter set", "customer", id, "subscribe", subscribe, "by", sess.User.Username)
	return nil
}
