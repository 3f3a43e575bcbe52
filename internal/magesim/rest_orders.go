package magesim

import "strconv"

// searchOrders is GET /V1/orders.
func (s *Sim) searchOrders(c *call) ([]byte, *Error) {
	q, err := c.criteria()
	if err != nil {
		return nil, err
	}
	orders, total, err := c.st.SearchOrders(q, s.legacy())
	if err != nil {
		return nil, err
	}
	b := beginSearchResult(make([]byte, 0, 1024+len(orders)*1500))
	for i := range orders {
		if i > 0 {
			b = append(b, ',')
		}
		b = s.appendOrder(b, c.st, &orders[i])
	}
	return endSearchResult(b, q, total), nil
}

// getOrder is GET /V1/orders/{id}.
func (s *Sim) getOrder(c *call) ([]byte, *Error) {
	id, err := c.pathInt("id")
	if err != nil {
		return nil, err
	}
	o, ok := c.st.Order(id)
	if !ok {
		return nil, &Error{Kind: KindNoSuchEntity, Message: "The entity that was requested doesn't exist. Verify the entity and try again."}
	}
	return s.appendOrder(nil, c.st, &o), nil
}

// appendOrder writes an OrderInterface: scalar fields in alphabetical order
// as Magento's data object processor emits them, then items, billing
// address, payment and status histories.
func (s *Sim) appendOrder(b []byte, st *Store, o *Order) []byte {
	email, first, last, bill := st.orderContact(o)
	sv, _ := findStoreView(int(o.StoreID))
	sub, ship, grand := o.totals()
	st0 := orderStatuses[o.Status]
	b = append(b, '{')
	b = appendStringField(b, "base_currency_code", sv.Currency)
	b = appendCentsField(b, "base_discount_amount", 0)
	b = appendCentsField(b, "base_grand_total", grand)
	b = appendCentsField(b, "base_shipping_amount", ship)
	b = appendCentsField(b, "base_subtotal", sub)
	b = appendCentsField(b, "base_tax_amount", 0)
	b = appendTimeField(b, "created_at", o.CreatedAt)
	b = appendStringField(b, "customer_email", email)
	b = appendOptString(b, "customer_firstname", first)
	b = appendIntField(b, "customer_group_id", int(o.GroupID))
	if o.CustomerID != 0 {
		b = appendIntField(b, "customer_id", int(o.CustomerID))
	}
	b = appendIntField(b, "customer_is_guest", int(boolInt(o.CustomerID == 0)))
	b = appendOptString(b, "customer_lastname", last)
	b = appendIntField(b, "customer_note_notify", 1)
	b = appendCentsField(b, "discount_amount", 0)
	b = appendIntField(b, "entity_id", int(o.ID))
	b = appendStringField(b, "global_currency_code", sv.Currency)
	b = appendCentsField(b, "grand_total", grand)
	b = appendStringField(b, "increment_id", o.incrementID())
	b = appendStringField(b, "order_currency_code", sv.Currency)
	b = appendCentsField(b, "shipping_amount", ship)
	b = appendStringField(b, "shipping_description", "Flat Rate - Fixed")
	b = appendStringField(b, "state", st0.State)
	b = appendStringField(b, "status", st0.Status)
	b = appendStringField(b, "store_currency_code", sv.Currency)
	b = appendIntField(b, "store_id", int(o.StoreID))
	b = appendStringField(b, "store_name", storeName(int(o.StoreID)))
	b = appendCentsField(b, "subtotal", sub)
	b = appendCentsField(b, "tax_amount", 0)
	b = appendIntField(b, "total_item_count", len(o.lines()))
	b = appendFloat(appendField(b, "total_qty_ordered"), float64(o.qty()))
	b = appendTimeField(b, "updated_at", o.UpdatedAt)
	b = append(appendField(b, "items"), '[')
	for i, l := range o.lines() {
		if i > 0 {
			b = append(b, ',')
		}
		p := catalog[l.Product]
		b = append(b, '{')
		b = appendCentsField(b, "base_price", p.Price)
		b = appendCentsField(b, "base_row_total", p.Price*int64(l.Qty))
		b = appendTimeField(b, "created_at", o.CreatedAt)
		b = appendIntField(b, "item_id", int(o.ID)*10+i)
		b = appendStringField(b, "name", p.Name)
		b = appendIntField(b, "order_id", int(o.ID))
		b = appendCentsField(b, "price", p.Price)
		b = appendIntField(b, "product_id", p.ID)
		b = appendStringField(b, "product_type", "simple")
		b = appendFloat(appendField(b, "qty_ordered"), float64(l.Qty))
		b = appendCentsField(b, "row_total", p.Price*int64(l.Qty))
		b = appendStringField(b, "sku", p.SKU)
		b = appendIntField(b, "store_id", int(o.StoreID))
		b = appendTimeField(b, "updated_at", o.UpdatedAt)
		b = append(b, '}')
	}
	b = append(b, ']')
	b = append(appendField(b, "billing_address"), '{')
	b = appendStringField(b, "address_type", "billing")
	b = appendStringField(b, "city", bill.City)
	b = appendStringField(b, "country_id", bill.CountryID)
	b = appendStringField(b, "email", email)
	b = appendIntField(b, "entity_id", int(o.ID)*2)
	b = appendStringField(b, "firstname", bill.Firstname)
	b = appendStringField(b, "lastname", bill.Lastname)
	b = appendIntField(b, "parent_id", int(o.ID))
	b = appendOptString(b, "postcode", bill.Postcode)
	b = appendOptString(b, "region", bill.Region)
	b = appendOptString(b, "region_code", bill.RegionCode)
	if bill.RegionID != 0 {
		b = appendIntField(b, "region_id", bill.RegionID)
	}
	b = appendValue(appendField(b, "street"), bill.StreetLines())
	b = appendStringField(b, "telephone", bill.Telephone)
	b = append(b, '}')
	b = append(appendField(b, "payment"), '{')
	b = appendCentsField(b, "amount_ordered", grand)
	b = appendCentsField(b, "base_amount_ordered", grand)
	b = appendIntField(b, "entity_id", int(o.ID))
	b = appendStringField(b, "method", "checkmo")
	b = appendIntField(b, "parent_id", int(o.ID))
	b = append(b, '}')
	b = append(appendField(b, "status_histories"), '[', ']')
	return append(b, '}')
}

// orderContact is the email, names and billing address an order shows.
func (st *Store) orderContact(o *Order) (email, first, last string, bill Address) {
	st.mu.RLock()
	defer st.mu.RUnlock()
	email, first, last = st.contact(o)
	if c := st.slot(int(o.CustomerID)); c != nil {
		if a := st.billing(c); a != nil {
			return email, first, last, st.unpackAddress(a)
		}
		if stored := st.addrs.of(c.addresses); len(stored) > 0 {
			return email, first, last, st.unpackAddress(&stored[0])
		}
	}
	city := citiesByWebsite[1][int(o.Seed)%len(citiesByWebsite[1])]
	bill = Address{Firstname: first, Lastname: last, City: city.Name, CountryID: city.Country,
		Street:   strconv.Itoa(1+int(o.Seed%200)) + " " + usStreets[int(o.Seed)%len(usStreets)],
		Postcode: city.Postcode, Telephone: city.Phone}
	if r, ok := findRegion(city.Country, city.RegionID, ""); ok {
		bill.RegionID, bill.RegionCode, bill.Region = r.ID, r.Code, r.Name
	}
	return email, first, last, bill
}
