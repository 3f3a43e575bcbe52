package crm

import (
	"context"

	"magecrm/internal/acl"
	"magecrm/internal/connector"
	"magecrm/internal/model"
	"magecrm/internal/store"
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

// SendPasswordReset has Magento mail a customer it has a link to choose a
// new password (setting one in the edit form is the other way).
func (s *Service) SendPasswordReset(ctx context.Context, sess *Session, id int64) error {
	c, err := s.editableForPush(ctx, sess, id)
	if err != nil {
		return err
	}
	if c.OriginID == 0 || c.Removed() {
		return Refusal("Magento does not have this customer yet: the password typed in the form is sent with it.")
	}
	ch, err := s.Store.Channel(ctx, c.ChannelID)
	if err != nil {
		return err
	}
	if !ch.Type.MailsPasswordReset() {
		return Refusal(ExistingPasswordNote(ch.Type))
	}
	sink, p, err := s.sinkOf(ctx, c)
	if err != nil {
		return err
	}
	if err := sink.SendPasswordReset(ctx, c.Email, p.WebsiteOrigin); err != nil {
		return Refusal("Magento did not send the password reset email: " + err.Error())
	}
	s.Log.Info("customer password reset email sent", "customer", id, "by", sess.User.Username)
	return nil
}

// LinkCustomerToMagento links a customer Magento refused because it already
// has a customer with the same email (in the website) to that customer.
func (s *Service) LinkCustomerToMagento(ctx context.Context, sess *Session, id int64) error {
	c, err := s.editableForPush(ctx, sess, id)
	if err != nil {
		return err
	}
	if !c.EmailTaken() {
		return Refusal("Only a customer Magento refused for its email address can be linked to Magento's customer with that address.")
	}
	sink, p, err := s.sinkOf(ctx, c)
	if err != nil {
		return err
	}
	found, err := sink.Find(ctx, c.Email, p.WebsiteOrigin)
	if err != nil {
		return Refusal("Magento could not be asked for the customer with this email address: " + err.Error())
	}
	if found == nil {
		return Refusal("Magento has no customer with this email address in the website any more: use Retry now to create it.")
	}
	if err := s.Store.LinkToMagento(ctx, c, found.ID, sess.User.ID, s.Now()); err != nil {
		return err
	}
	s.wakePush(c.ChannelID)
	s.Log.Info("customer linked to Magento's", "customer", id, "magento_id", found.ID, "by", sess.User.Username)
	return nil
}

// sinkOf opens the store of a customer's channel for writing.
func (s *Service) sinkOf(ctx context.Context, c *model.Customer) (connector.Sink, *store.PushCustomer, error) {
	ch, err := s.Store.Channel(ctx, c.ChannelID)
	if err != nil {
		return nil, nil, err
	}
	sink, err := connector.OpenSink(ch, s.Log)
	if err != nil {
		return nil, nil, Refusal("magecrm cannot write to this channel's store: " + err.Error())
	}
	p, err := s.Store.PushCustomer(ctx, c.ID)
	if err != nil {
		return nil, nil, err
	}
	return sink, p, nil
}
