package web

import (
	"magecrm/internal/acl"
	"magecrm/internal/crm"
)

// navSection is one menu of the top navigation.
type navSection struct {
	Label string
	Items []navItem
}

// navItem is one entry of a menu.
type navItem struct {
	Label, Href string
}

// navEntry is a menu entry and what the user needs to see it.
type navEntry struct {
	section, label, href string
	entity               acl.Entity
}

// navEntries lists every page in the menus, in order. Entries appear only
// to users who may view the entity; those without one, to administrators.
var navEntries = []navEntry{
	{"Customers", "Magento Customers", "/customers", acl.MagentoCustomer},
	{"Customers", "Contacts", "/contacts", acl.Contact},
	{"Customers", "Accounts", "/accounts", acl.Account},
	{"Activities", "My tasks and calendar", "/my/tasks", acl.Activity},
	{"System", "Users", "/system/users", acl.User},
	{"System", "Business Units", "/system/business-units", acl.BusinessUnitE},
	{"System", "Roles", "/system/roles", acl.Role},
	{"System", "Entities", "/system/entities", acl.Role},
	{"System", "Email settings", "/system/email", acl.Role},
	{"System", "Channels", "/channels", acl.Channel},
	{"System", "API tokens", "/system/api-tokens", ""},
	{"System", "Webhooks", "/system/webhooks", ""},
}

func navigation(sess *crm.Session) []navSection {
	if sess == nil {
		return nil
	}
	var out []navSection
	for _, e := range navEntries {
		if e.entity == "" && !crm.IsAdministrator(sess) || e.entity != "" && !sess.Actor.Can(e.entity, acl.View) {
			continue
		}
		if len(out) == 0 || out[len(out)-1].Label != e.section {
			out = append(out, navSection{Label: e.section})
		}
		last := &out[len(out)-1]
		last.Items = append(last.Items, navItem{Label: e.label, Href: e.href})
	}
	return out
}
