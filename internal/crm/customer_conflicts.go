package crm

import (
	"context"
	"strconv"

	"magecrm/internal/model"
	"magecrm/internal/store"
)

// TakeConflictValue makes the value that lost a listed conflict the
// customer's: written here with its history entry, and sent to Magento
// where Magento does not hold it (the send's merge decides: a value of
// Magento's that lost before the send reached it is only written here).
// The actor must be allowed to edit the customer.
func (s *Service) TakeConflictValue(ctx context.Context, sess *Session, customerID, conflictID int64) error {
	c, err := s.editableForPush(ctx, sess, customerID)
	if err != nil {
		return err
	}
	if err := s.Store.TakeConflictValue(ctx, c.ID, conflictID, sess.User.ID, s.Now()); err != nil {
		return err
	}
	s.wakePush(c.ChannelID)
	s.Log.Info("conflict settled with the other value", "customer", c.ID, "conflict", conflictID, "by", sess.User.Username)
	return nil
}

// KeepConflictValue closes a listed conflict with the value the channel's
// priority kept. The actor must be allowed to edit the customer.
func (s *Service) KeepConflictValue(ctx context.Context, sess *Session, customerID, conflictID int64) error {
	c, err := s.editableForPush(ctx, sess, customerID)
	if err != nil {
		return err
	}
	return s.Store.KeepConflictValue(ctx, c.ID, conflictID, sess.User.ID, s.Now())
}

// ConflictValue shows a conflict's value as people read it: websites,
// stores and groups (Magento ids in a conflict) by name, gender and
// newsletter in words; "" as "(empty)".
func ConflictValue(m *store.MagentoStructure, k *store.CustomerConflict, v string) string {
	n, _ := strconv.ParseInt(v, 10, 64)
	switch k.Field {
	case "website":
		for _, w := range m.Websites {
			if w.ChannelID == k.ChannelID && w.OriginID == n {
				return w.Name
			}
		}
	case "store":
		for _, st := range m.Stores {
			if st.ChannelID == k.ChannelID && st.OriginID == n {
				return st.Name
			}
		}
	case "group":
		for _, g := range m.Groups {
			if g.ChannelID == k.ChannelID && g.OriginID == n {
				return g.Code
			}
		}
	case "gender":
		return model.Gender(n).String()
	case "newsletter":
		switch v {
		case "1":
			return "Subscribed"
		case "0":
			return "Not subscribed"
		}
	}
	if v == "" {
		return "(empty)"
	}
	return v
}
