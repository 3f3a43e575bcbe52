package web

import (
	"magecrm/internal/crm"
	"net/url"
	"strconv"

	"magecrm/internal/model"
)

// filterChip is one active filter shown above the grid, with the link
// that removes it.
type filterChip struct {
	Label, RemoveURL string
}

// filterLabels names the grid's filters on their chips.
var filterLabels = map[string]string{
	"channel": "Channel", "website": "Website", "store": "Store", "group": "Customer group",
	"first_name": "First name starts with", "last_name": "Last name starts with", "country": "Billing country",
	"region": "Billing region", "lifetime_min": "Lifetime value from", "lifetime_max": "Lifetime value to",
	"created_from": "Created from", "created_to": "Created to", "updated_from": "Updated from",
	"updated_to": "Updated to", "newsletter": "Newsletter", "sync": "Sync state", "owner": "Owner",
}

// choiceLabels says the newsletter and sync state choices in words.
var choiceLabels = map[string]map[string]string{
	"newsletter": {"yes": "Subscribed", "no": "Not subscribed", "unknown": "Unknown"},
	"sync": {"in_sync": "In sync", "pending": "Waiting to be sent to Magento", "conflict": "Conflict",
		"removed": "Removed in Magento"},
}

// Chips lists the grid's active filters in the filter form's order, each
// with its value in words.
func (g *customerGrid) Chips(m *crm.MagentoStructure, owners []model.User) []filterChip {
	var out []filterChip
	for _, k := range gridFilterKeys {
		for _, v := range g.values[k] {
			label := filterLabels[k]
			if k == "email" {
				label = "Email starts with"
				if g.values.Get("email_match") == "contains" {
					label = "Email contains"
				}
			}
			if label == "" {
				continue // email_match belongs to the email chip
			}
			out = append(out, filterChip{Label: label + ": " + filterValueName(k, v, m, owners), RemoveURL: g.without(k, v)})
		}
	}
	return out
}

// filterValueName shows a filter's value as people know it: names, not ids.
func filterValueName(key, v string, m *crm.MagentoStructure, owners []model.User) string {
	id, _ := strconv.ParseInt(v, 10, 64)
	switch key {
	case "channel":
		if c := m.Channel(id); c != nil {
			return c.Name
		}
	case "website":
		if w := m.Website(id); w != nil {
			return w.Name
		}
	case "store":
		if s := m.Store(id); s != nil {
			return s.Name
		}
	case "group":
		if gr := m.Group(id); gr != nil {
			return gr.Code
		}
	case "owner":
		for _, u := range owners {
			if u.ID == id {
				return u.DisplayName()
			}
		}
	case "country":
		return model.CountryName(v)
	case "newsletter", "sync":
		if s := choiceLabels[key][v]; s != "" {
			return s
		}
	}
	return v
}

// without is the grid's URL with one filter value removed, on page one.
func (g *customerGrid) without(key, value string) string {
	v := url.Values{}
	for k, vs := range g.values {
		if k == "page" {
			continue
		}
		for _, s := range vs {
			if k != key || s != value {
				v.Add(k, s)
			}
		}
	}
	if key == "email" {
		v.Del("email_match")
	}
	if len(v) == 0 {
		return "/customers"
	}
	return "/customers?" + v.Encode()
}
