package crm

import (
	"cmp"
	"context"
	"fmt"
	"strconv"
	"strings"

	"magecrm/internal/acl"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

// customerScope is what the actor may view of customers and of the
// contacts and accounts their pages name.
func customerScope(sess *Session) store.CustomerScope {
	return store.CustomerScope{
		Customers: sess.Actor.Scope(acl.MagentoCustomer, acl.View),
		Contacts:  sess.Actor.Scope(acl.Contact, acl.View),
		Accounts:  sess.Actor.Scope(acl.Account, acl.View),
	}
}

func customerRecord(c *model.Customer) acl.Record {
	return acl.Record{OwnerUserID: c.OwnerUserID, OwnerBusinessUnitID: c.OwnerUnitID, OrganizationID: c.OrganizationID}
}

// DefaultGridCountLimit is how many matches the grid counts before it
// says "more than": counting costs one index entry per match, so a filter
// matching most of a million customers would cost a million entries on
// every page.
const DefaultGridCountLimit = 10_000

// GridCount is how many customers a grid's filters select: N exactly, or,
// when not Exact, more than N.
type GridCount struct {
	N     int
	Exact bool
}

// CustomerGrid returns one page of the customers the actor may view that
// the query selects, and how many it selects in all: exactly when
// countAll or up to the grid's count limit, "more than" past it.
func (s *Service) CustomerGrid(ctx context.Context, sess *Session, q store.CustomerQuery, countAll bool) ([]model.Customer, GridCount, error) {
	if !sess.Actor.Can(acl.MagentoCustomer, acl.View) {
		return nil, GridCount{}, ErrForbidden
	}
	if err := checkFilters(customerFilterTexts(q)); err != nil {
		return nil, GridCount{}, err
	}
	q.Scope = customerScope(sess)
	limit := cmp.Or(s.GridCountLimit, DefaultGridCountLimit)
	if countAll {
		limit = 0
	}
	n, exact, err := s.Store.CountCustomersUpTo(ctx, q, limit)
	if err != nil {
		return nil, GridCount{}, err
	}
	total := GridCount{N: n, Exact: exact}
	if !exact {
		total.N = limit
	}
	q.Matches, q.MatchesMore = n, !exact
	if exact && q.Offset >= n && q.Limit > 0 {
		// Past the end (the rows changed since the link was made): show
		// the last page rather than an empty one.
		q.Offset = max(n-1, 0) / q.Limit * q.Limit
	}
	rows, err := s.Store.Customers(ctx, q)
	return rows, total, err
}

// ExportCustomers calls fn for every customer the actor may view that the
// query selects, all pages, in the query's order. It calls start once
// the export may go ahead (access and filters checked), before the first
// row is read: a download can begin before the database has sorted.
func (s *Service) ExportCustomers(ctx context.Context, sess *Session, q store.CustomerQuery, start func(), fn func(*model.Customer) error) error {
	if !sess.Actor.Can(acl.MagentoCustomer, acl.View) {
		return ErrForbidden
	}
	if err := checkFilters(customerFilterTexts(q)); err != nil {
		return err
	}
	q.Scope = customerScope(sess)
	start()
	return s.Store.ExportCustomers(ctx, q, fn)
}

// MagentoStructure returns the channels, websites, stores and customer
// groups customer pages offer. Anyone who may view customers may see their names.
func (s *Service) MagentoStructure(ctx context.Context, sess *Session) (*store.MagentoStructure, error) {
	if !sess.Actor.Can(acl.MagentoCustomer, acl.View) && !sess.Actor.Can(acl.MagentoCustomer, acl.Create) {
		return nil, ErrForbidden
	}
	return s.Store.MagentoStructure(ctx, sess.Actor.OrganizationID)
}

// Customer returns one customer the actor may view; one outside their
// scope is ErrNotFound, as if it did not exist.
func (s *Service) Customer(ctx context.Context, sess *Session, id int64) (*model.Customer, error) {
	if !sess.Actor.Can(acl.MagentoCustomer, acl.View) {
		return nil, ErrForbidden
	}
	return s.Store.Customer(ctx, customerScope(sess), id)
}

// CustomerDetails is everything the customer's page shows.
type CustomerDetails struct {
	Customer  *model.Customer
	Channel   *store.CustomerChannel
	Structure *store.MagentoStructure
	Addresses []model.Address
	Orders    []model.Order
	History   []store.AuditEntry
	// Edit says whether the actor may edit the customer here; when not
	// because of the channel, EditBlocked says why in words.
	Edit        bool
	EditBlocked string
	// CreateOrderURL opens Magento's admin on this customer; when empty,
	// CreateOrderBlocked says why.
	CreateOrderURL     string
	CreateOrderBlocked string
}

// CustomerDetails loads a customer's page for the actor.
func (s *Service) CustomerDetails(ctx context.Context, sess *Session, id int64) (*CustomerDetails, error) {
	c, err := s.Customer(ctx, sess, id)
	if err != nil {
		return nil, err
	}
	d := &CustomerDetails{Customer: c}
	if d.Structure, err = s.Store.MagentoStructure(ctx, c.OrganizationID); err != nil {
		return nil, err
	}
	d.Channel = d.Structure.Channel(c.ChannelID)
	if d.Addresses, err = s.Store.CustomerAddresses(ctx, id); err != nil {
		return nil, err
	}
	if d.Orders, err = s.Store.CustomerOrders(ctx, id, 50); err != nil {
		return nil, err
	}
	if d.History, err = s.Store.Audit(ctx, store.CustomerEntity, id, 200); err != nil {
		return nil, err
	}
	hideLinkHistory(sess, c, d.History)
	if sess.Actor.Decide(acl.MagentoCustomer, acl.Edit, customerRecord(c)) {
		d.EditBlocked = ChannelWriteBlocked(d.Channel)
		d.Edit = d.EditBlocked == ""
	}
	d.CreateOrderURL, d.CreateOrderBlocked = createOrderLink(d.Channel, c)
	return d, nil
}

// hideLinkHistory blanks the contact and account names the history
// recorded when the actor may not have seen them.
func hideLinkHistory(sess *Session, c *model.Customer, history []store.AuditEntry) {
	hideHistoryLinks(history,
		historyLink{"contact", visibleName(c.ContactVisible, c.ContactName), "a contact you may not view",
			sess.Actor.Level(acl.Contact, acl.View) == acl.Organization},
		historyLink{"account", visibleName(c.AccountVisible, c.AccountName), "an account you may not view",
			sess.Actor.Level(acl.Account, acl.View) == acl.Organization})
}

// historyLink is a reference a history records by name: the name the
// actor sees now (visible), what to show instead of another (hidden), and
// whether the actor may view every record it could name (all).
type historyLink struct {
	field, visible, hidden string
	all                    bool
}

// hideHistoryLinks blanks names of linked records the actor may not have
// seen. History keeps names, not ids, so only a name the actor sees now,
// or any name for an actor who may view every such record of the
// organization, is shown.
func hideHistoryLinks(history []store.AuditEntry, links ...historyLink) {
	for _, e := range history {
		for _, l := range links {
			ch, ok := e.Changes[l.field]
			if !ok || l.all {
				continue
			}
			for i, name := range ch {
				if name != "" && name != l.visible {
					ch[i] = l.hidden
				}
			}
			e.Changes[l.field] = ch
		}
	}
}

func visibleName(visible bool, name string) string {
	if visible {
		return name
	}
	return ""
}

// ChannelWriteBlocked says why customers of a channel cannot be created or
// changed here, or "" when they can: only an enabled channel with two-way
// sync sends changes to Magento.
func ChannelWriteBlocked(ch *store.CustomerChannel) string {
	switch {
	case ch == nil:
		return "The customer's channel is missing, so changes could not reach Magento."
	case !ch.TwoWay:
		return fmt.Sprintf("Editing is off because the channel %q only imports from Magento: changes made here could not reach the store. An administrator can turn on two-way sync in the channel's settings.", ch.Name)
	case !ch.Enabled:
		return fmt.Sprintf("Editing is off because the channel %q is disabled: changes made here could not reach the store until an administrator enables it.", ch.Name)
	}
	return ""
}

// ExistingPasswordNote says how the password of a customer Magento
// already has is set on a channel of type t. Magento 2's is sent as
// Magento's own hash of it with the customer's update; Magento 1's
// customerCustomerUpdate answers true and ignores a password, and its API
// has no reset call.
func ExistingPasswordNote(t model.ChannelType) string {
	if t.SetsExistingPassword() {
		return "A new password replaces the customer's password in Magento with the next send (Magento's own hash of it is sent, never the password). Or leave it empty and use Send password reset email on the customer's page to let the customer choose one."
	}
	return "Magento 1's API cannot set the password of a customer it already has (it ignores a password sent with an update) and cannot send a password reset email: the customer can use \"Forgot your password?\" in the store, or an administrator can set it in Magento's admin."
}

func createOrderLink(ch *store.CustomerChannel, c *model.Customer) (string, string) {
	switch {
	case c.OriginID == 0:
		return "", "Magento does not know this customer yet: orders can be created once the customer has been sent to Magento."
	case ch == nil || strings.TrimSpace(ch.AdminURL) == "":
		return "", "The channel has no Magento admin URL. An administrator can add it in the channel's settings."
	}
	path := "/sales/order_create/start/customer_id/"
	if ch.Type == model.Magento1 {
		path = "/sales_order_create/start/customer_id/"
	}
	return strings.TrimRight(strings.TrimSpace(ch.AdminURL), "/") + path + strconv.FormatInt(c.OriginID, 10) + "/", ""
}

// OrderAdminURL opens an order in the channel's Magento admin, or is ""
// when the channel has no admin URL.
func OrderAdminURL(ch *store.CustomerChannel, orderOriginID int64) string {
	if ch == nil || strings.TrimSpace(ch.AdminURL) == "" || orderOriginID == 0 {
		return ""
	}
	path := "/sales/order/view/order_id/"
	if ch.Type == model.Magento1 {
		path = "/sales_order/view/order_id/"
	}
	return strings.TrimRight(strings.TrimSpace(ch.AdminURL), "/") + path + strconv.FormatInt(orderOriginID, 10) + "/"
}

// WritableChannels lists the channels customers can be created in (enabled,
// two-way), and when there are none, says why in words.
func (s *Service) WritableChannels(ctx context.Context, sess *Session) (*store.MagentoStructure, []store.CustomerChannel, string, error) {
	m, err := s.MagentoStructure(ctx, sess)
	if err != nil {
		return nil, nil, "", err
	}
	var out []store.CustomerChannel
	for _, ch := range m.Channels {
		if ChannelWriteBlocked(&ch) == "" {
			out = append(out, ch)
		}
	}
	why := ""
	switch {
	case len(m.Channels) == 0:
		why = "There is no Magento channel yet. An administrator adds one under System → Channels; customers are then imported from Magento."
	case len(out) == 0:
		why = "No channel syncs two-way, so customers created here could not reach Magento. An administrator can turn on two-way sync in a channel's settings."
	}
	return m, out, why, nil
}

// CustomerOwnerChoices lists the organization's users, for the grid's
// owner filter: whoever may view customers sees their owners' names anyway.
func (s *Service) CustomerOwnerChoices(ctx context.Context, sess *Session) ([]model.User, error) {
	if !sess.Actor.Can(acl.MagentoCustomer, acl.View) {
		return nil, ErrForbidden
	}
	return s.Store.Users(ctx, sess.Actor.OrganizationID, store.UserFilter{})
}

// CanEditCustomer reports whether the actor may edit a customer, leaving
// aside its channel (see ChannelWriteBlocked).
func CanEditCustomer(sess *Session, c *model.Customer) bool {
	return sess.Actor.Decide(acl.MagentoCustomer, acl.Edit, customerRecord(c))
}

// customerFilterTexts are a customer query's free-text filters, by the
// field names of the grid and the API.
func customerFilterTexts(q store.CustomerQuery) map[string]string {
	return map[string]string{"first_name": q.FirstName, "last_name": q.LastName, "email": q.Email, "region": q.Region}
}
