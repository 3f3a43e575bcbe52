package model

import "strings"

// CustomerChanges lists the fields that differ between two versions of a
// customer, each with its old and new value as the history shows them.
// A nil old customer means the customer is new: every field set is listed.
func CustomerChanges(old, cur *Customer) map[string][2]string {
	if old == nil {
		old = &Customer{}
	}
	c := changeSet{}
	add, ref := c.add, c.ref
	ref("channel", old.ChannelID, cur.ChannelID, old.ChannelName, cur.ChannelName)
	ref("website", old.WebsiteID, cur.WebsiteID, old.WebsiteName, cur.WebsiteName)
	ref("store", old.StoreID, cur.StoreID, old.StoreName, cur.StoreName)
	ref("group", old.GroupID, cur.GroupID, old.GroupName, cur.GroupName)
	add("prefix", old.Prefix, cur.Prefix)
	add("first_name", old.FirstName, cur.FirstName)
	add("middle_name", old.MiddleName, cur.MiddleName)
	add("last_name", old.LastName, cur.LastName)
	add("suffix", old.Suffix, cur.Suffix)
	add("email", old.Email, cur.Email)
	add("dob", old.DOB, cur.DOB)
	add("gender", old.Gender.String(), cur.Gender.String())
	add("taxvat", old.TaxVAT, cur.TaxVAT)
	ref("owner", old.OwnerUserID, cur.OwnerUserID, old.OwnerName, cur.OwnerName)
	ref("contact", old.ContactID, cur.ContactID, old.ContactName, cur.ContactName)
	ref("account", old.AccountID, cur.AccountID, old.AccountName, cur.AccountName)
	add("newsletter", subscribedText(old.Subscribed), subscribedText(cur.Subscribed))
	add("billing_country", old.BillingCountry, cur.BillingCountry)
	add("billing_region", old.BillingRegion, cur.BillingRegion)
	return c
}

func subscribedText(b *bool) string {
	switch {
	case b == nil:
		return ""
	case *b:
		return "subscribed"
	}
	return "not subscribed"
}

// AddressesText is an address book in one line per address, for the
// history: "Street 1, City, Region, Postcode, Country (billing, shipping)".
func AddressesText(list []Address) string {
	lines := make([]string, 0, len(list))
	for _, a := range list {
		lines = append(lines, a.Text())
	}
	return strings.Join(lines, "\n")
}

// Text is the address on one line, with its VAT id and default roles:
// every field a person edits shows, so an edit of any of them is a change.
func (a *Address) Text() string {
	var parts, name []string
	for _, p := range []string{a.Prefix, a.FirstName, a.MiddleName, a.LastName, a.Suffix} {
		if p = strings.TrimSpace(p); p != "" {
			name = append(name, p)
		}
	}
	for _, p := range append(append([]string{strings.Join(name, " "), a.Company}, a.Street...), a.City, a.Region, a.PostCode, a.CountryID, a.Telephone) {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	if v := strings.TrimSpace(a.VATID); v != "" {
		parts = append(parts, "VAT id "+v)
	}
	s := strings.Join(parts, ", ")
	var roles []string
	if a.DefaultBilling {
		roles = append(roles, "default billing")
	}
	if a.DefaultShipping {
		roles = append(roles, "default shipping")
	}
	if len(roles) > 0 {
		s += " (" + strings.Join(roles, ", ") + ")"
	}
	return s
}
