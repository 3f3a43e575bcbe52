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
	ch := m.Channel(c.ChannelID)
	if why := ChannelWriteBlocked(ch); why != "" {
		return Refusal(why)
	}
	if c.Removed() {
		return Refusal("Magento deleted this customer, so a newsletter change could not be sent: use Create again in Magento first, then subscribe or unsubscribe.")
	}
	if !ch.Type.SendsNewsletter() {
		return Refusal("Magento 1's API has no newsletter call, so magecrm could not send this change: change it in the store's admin.")
	}
	if err := s.Store.SetCustomerNewsletter(ctx, c, subscribe, sess.User.ID, s.Now()); err != nil {
		return err
	}
	s.wakePush(c.ChannelID)
	s.Log.Info("customer newsletter set", "customer", id, "subscribe", subscribe, "by", sess.User.Username)
	return nil
}
