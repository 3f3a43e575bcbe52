package model

import "strings"

// changeSet collects the fields that differ between two versions of a
// record, each with its old and new value as the history shows them.
type changeSet map[string][2]string

func (c changeSet) add(field, a, b string) {
	if a != b {
		c[field] = [2]string{a, b}
	}
}

// ref records a reference by name, as a person reads it; ids decide
// whether it changed.
func (c changeSet) ref(field string, a, b int64, an, bn string) {
	if a != b {
		c[field] = [2]string{an, bn}
	}
}

// ContactChanges lists the fields that differ between two versions of a
// contact. A nil old contact means the contact is new: every field set is
// listed.
func ContactChanges(old, cur *Contact) map[string][2]string {
	if old == nil {
		old = &Contact{}
	}
	c := changeSet{}
	c.add("first_name", old.FirstName, cur.FirstName)
	c.add("last_name", old.LastName, cur.LastName)
	c.add("job_title", old.JobTitle, cur.JobTitle)
	c.add("birthday", old.Birthday, cur.Birthday)
	c.add("source", ChoiceLabel(ContactSources, old.Source), ChoiceLabel(ContactSources, cur.Source))
	c.add("emails", methodsText(old.Emails), methodsText(cur.Emails))
	c.add("phones", methodsText(old.Phones), methodsText(cur.Phones))
	c.add("addresses", contactAddressesText(old.Addresses), contactAddressesText(cur.Addresses))
	c.ref("account", old.AccountID, cur.AccountID, old.AccountName, cur.AccountName)
	c.ref("owner", old.OwnerUserID, cur.OwnerUserID, old.OwnerName, cur.OwnerName)
	return c
}

// AccountChanges lists the fields that differ between two versions of an
// account. A nil old account means the account is new.
func AccountChanges(old, cur *Account) map[string][2]string {
	if old == nil {
		old = &Account{}
	}
	c := changeSet{}
	c.add("name", old.Name, cur.Name)
	c.add("industry", ChoiceLabel(Industries, old.Industry), ChoiceLabel(Industries, cur.Industry))
	c.add("website", old.Website, cur.Website)
	c.add("phone", old.Phone, cur.Phone)
	c.add("address", old.Address.Text(), cur.Address.Text())
	c.ref("parent", old.ParentID, cur.ParentID, old.ParentName, cur.ParentName)
	c.ref("owner", old.OwnerUserID, cur.OwnerUserID, old.OwnerName, cur.OwnerName)
	return c
}

// methodsText is a list of emails or phones in one line per entry, the
// primary one marked.
func methodsText(list []ContactMethod) string {
	lines := make([]string, 0, len(list))
	for _, m := range list {
		lines = append(lines, primaryMark(m.Value, m.Primary))
	}
	return strings.Join(lines, "\n")
}

func contactAddressesText(list []ContactAddress) string {
	lines := make([]string, 0, len(list))
	for _, a := range list {
		lines = append(lines, primaryMark(a.Text(), a.Primary))
	}
	return strings.Join(lines, "\n")
}

func primaryMark(s string, primary bool) string {
	if primary {
		return s + " (primary)"
	}
	return s
}
