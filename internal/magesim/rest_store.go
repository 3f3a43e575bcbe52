package magesim

import (
	"strings"
)

// listWebsites is GET /V1/store/websites: a plain array, admin website 0 included.
func (s *Sim) listWebsites(c *call) ([]byte, *Error) {
	b := []byte{'['}
	for i, w := range websites {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		b = appendIntField(b, "id", w.ID)
		b = appendStringField(b, "code", w.Code)
		b = appendStringField(b, "name", w.Name)
		b = appendIntField(b, "default_group_id", w.DefaultGroupID)
		b = append(b, '}')
	}
	return append(b, ']'), nil
}

// listStoreGroups is GET /V1/store/storeGroups, group 0 included.
func (s *Sim) listStoreGroups(c *call) ([]byte, *Error) {
	b := []byte{'['}
	for i, g := range storeGroups {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		b = appendIntField(b, "id", g.ID)
		b = appendIntField(b, "website_id", g.WebsiteID)
		b = appendIntField(b, "root_category_id", g.RootCategoryID)
		b = appendIntField(b, "default_store_id", g.DefaultStoreID)
		b = appendStringField(b, "name", g.Name)
		b = appendStringField(b, "code", g.Code)
		b = append(b, '}')
	}
	return append(b, ']'), nil
}

// listStoreViews is GET /V1/store/storeViews, admin store 0 included.
func (s *Sim) listStoreViews(c *call) ([]byte, *Error) {
	b := []byte{'['}
	for i, v := range storeViews {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		b = appendIntField(b, "id", v.ID)
		b = appendStringField(b, "code", v.Code)
		b = appendStringField(b, "name", v.Name)
		b = appendIntField(b, "website_id", v.WebsiteID)
		b = appendIntField(b, "store_group_id", v.GroupID)
		b = appendIntField(b, "is_active", int(boolInt(v.Active)))
		b = append(b, '}')
	}
	return append(b, ']'), nil
}

// listStoreConfigs is GET /V1/store/storeConfigs[?storeCodes[]=…]. It comes
// from the store collection, which leaves out admin store 0.
func (s *Sim) listStoreConfigs(c *call) ([]byte, *Error) {
	var codes map[string]bool
	if sc := c.query.kids["storeCodes"]; sc != nil {
		codes = map[string]bool{}
		if sc.isArray() {
			for _, k := range sc.keys {
				codes[sc.kids[k].str] = true
			}
		} else {
			codes[sc.str] = true
		}
	}
	base := "http://" + c.r.Host + "/"
	secure := "https://" + c.r.Host + "/"
	b := []byte{'['}
	for _, v := range storeViews {
		if v.ID == 0 || (codes != nil && !codes[v.Code]) {
			continue
		}
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = append(b, '{')
		b = appendIntField(b, "id", v.ID)
		b = appendStringField(b, "code", v.Code)
		b = appendIntField(b, "website_id", v.WebsiteID)
		b = appendStringField(b, "locale", v.Locale)
		b = appendStringField(b, "base_currency_code", v.Currency)
		b = appendStringField(b, "default_display_currency_code", v.Currency)
		b = appendStringField(b, "timezone", v.Timezone)
		b = appendStringField(b, "weight_unit", map[bool]string{true: "lbs", false: "kgs"}[v.Currency == "USD"])
		for _, u := range []struct{ prefix, root string }{{"", base}, {"secure_", secure}} {
			b = appendStringField(b, u.prefix+"base_url", u.root)
			b = appendStringField(b, u.prefix+"base_link_url", u.root)
			b = appendStringField(b, u.prefix+"base_static_url", u.root+"static/version1/")
			b = appendStringField(b, u.prefix+"base_media_url", u.root+"media/")
		}
		b = append(b, '}')
	}
	return append(b, ']'), nil
}

func appendGroup(b []byte, g *CustomerGroup) []byte {
	b = append(b, '{')
	b = appendIntField(b, "id", g.ID)
	b = appendStringField(b, "code", g.Code)
	b = appendIntField(b, "tax_class_id", g.TaxClassID)
	b = appendStringField(b, "tax_class_name", g.TaxClassName)
	return append(b, '}')
}

// getGroup is GET /V1/customerGroups/{id}.
func (s *Sim) getGroup(c *call) ([]byte, *Error) {
	id, err := c.pathInt("id")
	if err != nil {
		return nil, err
	}
	g, ok := findGroup(id)
	if !ok {
		return nil, noSuchEntity("id", id)
	}
	return appendGroup(nil, &g), nil
}

// defaultGroup is GET /V1/customerGroups/default[/{storeId}].
func (s *Sim) defaultGroup(c *call) ([]byte, *Error) {
	if c.r.PathValue("storeId") != "" {
		id, err := c.pathInt("storeId")
		if err != nil {
			return nil, err
		}
		if _, ok := findStoreView(id); !ok {
			return nil, &Error{Kind: KindNoSuchEntity, Message: msgStoreNotFound}
		}
	}
	g, _ := findGroup(defaultGroupID)
	return appendGroup(nil, &g), nil
}

// searchGroups is GET /V1/customerGroups/search.
func (s *Sim) searchGroups(c *call) ([]byte, *Error) {
	q, err := c.criteria()
	if err != nil {
		return nil, err
	}
	groups := customerGroups
	idx := &sortedIndex{}
	for _, g := range groups {
		idx.keys = append(idx.keys, indexKey{int64(g.ID), int64(g.ID)})
	}
	id := intColumn(func(g *CustomerGroup) int64 { return int64(g.ID) }, false)
	code := stringColumn(func(g *CustomerGroup) string { return g.Code })
	t := table[CustomerGroup]{
		columns: map[string]column[CustomerGroup]{
			"id": id, "customer_group_id": id, "code": code, "customer_group_code": code,
			"tax_class_id": intColumn(func(g *CustomerGroup) int64 { return int64(g.TaxClassID) }, false),
		},
		index: func(field string, scope int) *sortedIndex {
			if field == "entity_id" && scope == 0 {
				return idx
			}
			return nil
		},
		record: func(id int64) *CustomerGroup {
			for i := range groups {
				if int64(groups[i].ID) == id {
					return &groups[i]
				}
			}
			return nil
		},
	}
	res, err := t.run(q, s.legacy())
	if err != nil {
		return nil, err
	}
	b := beginSearchResult(nil)
	for i, id := range res.IDs {
		if i > 0 {
			b = append(b, ',')
		}
		g, _ := findGroup(int(id))
		b = appendGroup(b, &g)
	}
	return endSearchResult(b, q, res.Total), nil
}

// storeName is how an order shows its store: website, group and view names.
func storeName(storeID int) string {
	sv, _ := findStoreView(storeID)
	w, _ := findWebsite(sv.WebsiteID)
	var g StoreGroup
	for _, sg := range storeGroups {
		if sg.ID == sv.GroupID {
			g = sg
		}
	}
	return strings.Join([]string{w.Name, g.Name, sv.Name}, "\n")
}
