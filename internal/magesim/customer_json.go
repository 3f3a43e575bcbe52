package magesim

import "strconv"

// appendCustomer writes a customer as CustomerInterface is serialised: keys
// in Magento's order, ids of default addresses as strings, NULLs left out.
// withSubscribed adds extension_attributes.is_subscribed (left out of 2.3
// search results).
func appendCustomer(b []byte, c *Customer, withSubscribed bool) []byte {
	b = append(b, '{')
	b = appendIntField(b, "id", c.ID)
	b = appendIntField(b, "group_id", c.GroupID)
	if c.DefaultBilling != 0 {
		b = appendStringField(b, "default_billing", strconv.Itoa(c.DefaultBilling))
	}
	if c.DefaultShipping != 0 {
		b = appendStringField(b, "default_shipping", strconv.Itoa(c.DefaultShipping))
	}
	b = appendOptString(b, "confirmation", c.Confirmation)
	b = appendTimeField(b, "created_at", c.CreatedAt)
	b = appendTimeField(b, "updated_at", c.UpdatedAt)
	b = appendOptString(b, "created_in", c.CreatedIn)
	b = appendOptString(b, "dob", c.Dob)
	b = appendStringField(b, "email", c.Email)
	b = appendStringField(b, "firstname", c.Firstname)
	b = appendStringField(b, "lastname", c.Lastname)
	b = appendOptString(b, "middlename", c.Middlename)
	b = appendOptString(b, "prefix", c.Prefix)
	b = appendOptString(b, "suffix", c.Suffix)
	if c.Gender != 0 {
		b = appendIntField(b, "gender", c.Gender)
	}
	b = appendIntField(b, "store_id", c.StoreID)
	b = appendOptString(b, "taxvat", c.Taxvat)
	b = appendIntField(b, "website_id", c.WebsiteID)
	b = append(appendField(b, "addresses"), '[')
	for i := range c.Addresses {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendAddress(b, &c.Addresses[i], c)
	}
	b = append(b, ']')
	b = appendIntField(b, "disable_auto_group_change", c.DisableAutoGroupChange)
	if withSubscribed {
		b = append(appendField(b, "extension_attributes"), '{')
		b = appendBoolField(b, "is_subscribed", c.Subscribed)
		b = append(b, '}')
	}
	if len(c.CustomAttributes) > 0 {
		b = append(appendField(b, "custom_attributes"), '[')
		for i, a := range c.CustomAttributes {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '{')
			b = appendStringField(b, "attribute_code", a.Code)
			b = appendStringField(b, "value", a.Value)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// appendAddress writes an AddressInterface. region is always an object
// (its fields are not nullable); default flags appear only when true.
func appendAddress(b []byte, a *Address, c *Customer) []byte {
	b = append(b, '{')
	b = appendIntField(b, "id", a.ID)
	b = appendIntField(b, "customer_id", a.CustomerID)
	b = append(appendField(b, "region"), '{')
	if a.RegionCode != "" {
		b = appendStringField(b, "region_code", a.RegionCode)
	} else {
		b = append(appendField(b, "region_code"), "null"...)
	}
	if a.Region != "" {
		b = appendStringField(b, "region", a.Region)
	} else {
		b = append(appendField(b, "region"), "null"...)
	}
	b = appendIntField(b, "region_id", a.RegionID)
	b = append(b, '}')
	b = appendIntField(b, "region_id", a.RegionID)
	b = appendStringField(b, "country_id", a.CountryID)
	b = append(appendField(b, "street"), '[')
	start := 0
	for i := 0; i <= len(a.Street) && a.Street != ""; i++ {
		if i == len(a.Street) || a.Street[i] == '\n' {
			if start > 0 {
				b = append(b, ',')
			}
			b = appendString(b, a.Street[start:i])
			start = i + 1
		}
	}
	b = append(b, ']')
	b = appendOptString(b, "company", a.Company)
	b = appendOptString(b, "telephone", a.Telephone)
	b = appendOptString(b, "fax", a.Fax)
	b = appendOptString(b, "postcode", a.Postcode)
	b = appendOptString(b, "city", a.City)
	b = appendOptString(b, "firstname", a.Firstname)
	b = appendOptString(b, "lastname", a.Lastname)
	b = appendOptString(b, "middlename", a.Middlename)
	b = appendOptString(b, "prefix", a.Prefix)
	b = appendOptString(b, "suffix", a.Suffix)
	b = appendOptString(b, "vat_id", a.VatID)
	if c.DefaultShipping == a.ID {
		b = appendBoolField(b, "default_shipping", true)
	}
	if c.DefaultBilling == a.ID {
		b = appendBoolField(b, "default_billing", true)
	}
	return append(b, '}')
}
