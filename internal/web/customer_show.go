package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"magecrm/internal/crm"
	"magecrm/internal/model"
)

// customerPage is the customer's view page.
type customerPage struct {
	*crm.CustomerDetails
	History  []historyEntry
	Timeline *timelineView
}

// historyEntry is one change of the history as people read it.
type historyEntry struct {
	crm.AuditEntry
	Fields []historyField
}

// historyField is one changed field with its old and new value.
type historyField struct{ Label, Old, New string }

// fieldLabels names the fields the history records, by the key the
// service (or the importer, which uses column names) wrote.
var fieldLabels = map[string]string{
	"channel": "Channel", "website": "Website", "website_id": "Website", "store": "Store", "store_id": "Store",
	"group": "Customer group", "group_id": "Customer group", "prefix": "Name prefix", "first_name": "First name",
	"middle_name": "Middle name", "last_name": "Last name", "suffix": "Name suffix", "email": "Email", "dob": "Birthday",
	"gender": "Gender", "taxvat": "Tax/VAT number", "owner": "Owner", "contact": "Contact", "account": "Account",
	"newsletter": "Newsletter", "is_subscribed": "Newsletter", "billing_country": "Billing country",
	"billing_region": "Billing region", "addresses": "Addresses", "password": "Password", "created_in": "Created in",
	"confirmed": "Confirmed", "remote_created_at": "Created in Magento", "remote_updated_at": "Updated in Magento",
	"firstname": "First name", "middlename": "Middle name", "lastname": "Last name", "magento_id": "Magento id",
	"job_title": "Job title", "birthday": "Birthday", "source": "Source", "emails": "Emails", "phones": "Phones",
	"name": "Name", "industry": "Industry", "phone": "Phone", "address": "Address",
	"parent": "Parent account",
}

// historyLabel names a history field; a conflict the push decided reads
// "Conflict: First name" with the value that lost as Before and the value
// kept as After.
func historyLabel(k string) string {
	if f, ok := strings.CutPrefix(k, "conflict: "); ok {
		return "Conflict: " + historyLabel(f) + " (lost → kept)"
	}
	if label := fieldLabels[k]; label != "" {
		return label
	}
	return strings.ReplaceAll(k, "_", " ")
}

// historyEntries lays out a record's history as people read it, fields
// sorted by name, each value shown through value.
func historyEntries(list []crm.AuditEntry, value func(key, v string) string) []historyEntry {
	out := make([]historyEntry, 0, len(list))
	for _, e := range list {
		h := historyEntry{AuditEntry: e}
		keys := make([]string, 0, len(e.Changes))
		for k := range e.Changes {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			v := e.Changes[k]
			h.Fields = append(h.Fields, historyField{Label: historyLabel(k), Old: value(k, v[0]), New: value(k, v[1])})
		}
		out = append(out, h)
	}
	return out
}

func (s *Server) showCustomer(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	d, err := s.CRM.CustomerDetails(r.Context(), sessionOf(r), id)
	if err != nil {
		s.customerError(w, r, err)
		return
	}
	p := &customerPage{CustomerDetails: d}
	if p.Timeline, err = s.timeline(r, model.TargetCustomer, id); err != nil {
		s.customerError(w, r, err)
		return
	}
	p.History = historyEntries(d.History, func(k, v string) string { return historyValueOf(d.Structure, k, v) })
	p.History = withImport(p.History, d.Customer)
	s.CRM.NoteView(r.Context(), sessionOf(r), crm.CustomerEntity, id)
	s.render(w, r, http.StatusOK, "customer_show", &view{Title: d.Customer.FullName(), Data: p})
}

// withImport adds the customer's import to its history, in time order:
// the importer writes no entry per new customer (a large store's first
// import would double its writes), so the entry is made from imported_at.
func withImport(h []historyEntry, c *model.Customer) []historyEntry {
	if c.ImportedAt.IsZero() {
		return h
	}
	e := historyEntry{AuditEntry: crm.AuditEntry{CreatedAt: c.ImportedAt, ActorChannelID: c.ChannelID,
		ActorName: c.ChannelName, Action: "imported from Magento"}}
	e.Fields = []historyField{{Label: "Magento id", New: dash(c.OriginID)},
		{Label: "Created in Magento", New: timeText(c.MagentoCreatedAt())}}
	i := slices.IndexFunc(h, func(x historyEntry) bool { return !x.CreatedAt.After(c.ImportedAt) })
	if i < 0 {
		return append(h, e)
	}
	return slices.Insert(h, i, e)
}

// NewsletterBlocked says why Subscribe and Unsubscribe are not offered on
// the customer's channel, or is "" when they are.
func (p *customerPage) NewsletterBlocked() string {
	if p.Channel == nil || p.Channel.Type.SendsNewsletter() {
		return ""
	}
	return "Subscribe and Unsubscribe are not offered: Magento 1's API has no newsletter call, so magecrm could not send the change. Change it in the store's admin; the next sync shows it here."
}

// PasswordResetBlocked says why Send password reset email is not offered
// on the customer's channel, or is "" when it is.
func (p *customerPage) PasswordResetBlocked() string {
	if p.Channel == nil || p.Channel.Type.MailsPasswordReset() {
		return ""
	}
	return crm.ExistingPasswordNote(p.Channel.Type)
}

// OrderURL opens an order in the Magento admin; "" without an admin URL.
func (p *customerPage) OrderURL(originID int64) string { return crm.OrderAdminURL(p.Channel, originID) }

// keepValue shows a recorded value as it was recorded.
func keepValue(_, v string) string { return v }

// historyValueOf shows a recorded value: ids the importer wrote become names.
func historyValueOf(m *crm.MagentoStructure, key, v string) string {
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || m == nil {
		return v
	}
	switch key {
	case "website_id":
		if w := m.Website(id); w != nil {
			return w.Name
		}
	case "store_id":
		if st := m.Store(id); st != nil {
			return st.Name
		}
	case "group_id":
		if g := m.Group(id); g != nil {
			return g.Code
		}
	case "gender":
		return model.Gender(id).String()
	}
	return v
}

// Lifetime is the lifetime value with its currency.
func (p *customerPage) Lifetime() string { return money(p.Customer.LifetimeValue, p.Customer.Currency) }

// IsSubscribed reports whether the customer is (or is to be) subscribed.
func (p *customerPage) IsSubscribed() bool {
	return p.Customer.Subscribed != nil && *p.Customer.Subscribed
}

// CountryName names a country code.
func (p *customerPage) CountryName(code string) string { return model.CountryName(code) }
