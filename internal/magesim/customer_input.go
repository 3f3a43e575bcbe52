package magesim

import (
	"fmt"
	"strconv"
)

// parseCustomerData reads a "customer" JSON object the way Magento's
// ServiceInputProcessor fills CustomerInterface: snake_case or camelCase
// keys, values converted to the getter's type, an unknown key refused.
func parseCustomerData(raw any) (CustomerData, *Error) {
	var d CustomerData
	obj, ok := raw.(map[string]any)
	if !ok {
		return d, nil
	}
	ints := map[string]**int{
		"Id": &d.ID, "WebsiteId": &d.WebsiteID, "StoreId": &d.StoreID, "GroupId": &d.GroupID,
		"Gender": &d.Gender, "DisableAutoGroupChange": &d.DisableAutoGroupChange,
	}
	strs := map[string]**string{
		"Email": &d.Email, "Firstname": &d.Firstname, "Lastname": &d.Lastname, "Middlename": &d.Middlename,
		"Prefix": &d.Prefix, "Suffix": &d.Suffix, "Dob": &d.Dob, "Taxvat": &d.Taxvat, "CreatedAt": &d.CreatedAt,
		"DefaultBilling": &d.DefaultBilling, "DefaultShipping": &d.DefaultShipping,
	}
	ignored := map[string]bool{"UpdatedAt": true, "CreatedIn": true, "Confirmation": true}
	for key, v := range obj {
		name := upperCamel(key)
		switch {
		case ints[name] != nil:
			if v == nil {
				continue
			}
			n, ok := toInt(v)
			if !ok {
				return d, wrongType(stringOf(v), "int")
			}
			*ints[name] = &n
		case strs[name] != nil:
			s, err := scalarString(v)
			if err != nil {
				return d, err
			}
			*strs[name] = &s
		case ignored[name]:
		case name == "Addresses":
			list, _ := v.([]any)
			d.Addresses = make([]AddressData, 0, len(list))
			for _, item := range list {
				a, err := parseAddressData(item)
				if err != nil {
					return d, err
				}
				d.Addresses = append(d.Addresses, a)
			}
		case name == "CustomAttributes":
			attrs, err := parseCustomAttributes(v)
			if err != nil {
				return d, err
			}
			d.CustomAttributes = attrs
		case name == "ExtensionAttributes":
			ext, _ := v.(map[string]any)
			for k, ev := range ext {
				if upperCamel(k) != "IsSubscribed" {
					return d, unknownProperty(k, `Magento\Customer\Api\Data\CustomerExtensionInterface`)
				}
				if ev != nil {
					b := truthy(ev)
					d.Subscribed = &b
				}
			}
		default:
			return d, unknownProperty(key, customerInterfaceName)
		}
	}
	return d, nil
}

func parseAddressData(raw any) (AddressData, *Error) {
	var a AddressData
	obj, ok := raw.(map[string]any)
	if !ok {
		return a, nil
	}
	strs := map[string]*string{
		"Firstname": &a.Firstname, "Lastname": &a.Lastname, "Middlename": &a.Middlename, "Prefix": &a.Prefix,
		"Suffix": &a.Suffix, "Company": &a.Company, "City": &a.City, "CountryId": &a.CountryID,
		"Postcode": &a.Postcode, "Telephone": &a.Telephone, "Fax": &a.Fax, "VatId": &a.VatID,
	}
	for key, v := range obj {
		name := upperCamel(key)
		switch {
		case strs[name] != nil:
			s, err := scalarString(v)
			if err != nil {
				return a, err
			}
			*strs[name] = s
		case name == "Id":
			if v == nil {
				continue
			}
			n, ok := toInt(v)
			if !ok {
				return a, wrongType(stringOf(v), "int")
			}
			a.ID = &n
		case name == "RegionId":
			a.RegionID, _ = toInt(v)
		case name == "Region":
			if r, ok := v.(map[string]any); ok {
				a.RegionCode, _ = scalarString(r["region_code"])
				a.RegionName, _ = scalarString(r["region"])
				if id, ok := toInt(r["region_id"]); ok && a.RegionID == 0 {
					a.RegionID = id
				}
			}
		case name == "Street":
			switch sv := v.(type) {
			case []any:
				for _, line := range sv {
					s, _ := scalarString(line)
					a.Street = append(a.Street, s)
				}
			case string:
				a.Street = []string{sv}
			}
		case name == "DefaultBilling":
			a.DefaultBilling = truthy(v)
		case name == "DefaultShipping":
			a.DefaultShipping = truthy(v)
		case name == "CustomerId", name == "CustomAttributes", name == "ExtensionAttributes":
		default:
			return a, unknownProperty(key, addressInterfaceName)
		}
	}
	return a, nil
}

// parseCustomAttributes reads [{"attribute_code","value"}], keeping the
// attributes the store defines and dropping the others as Magento does.
func parseCustomAttributes(v any) ([]CustomAttribute, *Error) {
	list, _ := v.([]any)
	var out []CustomAttribute
	for _, item := range list {
		obj, _ := item.(map[string]any)
		code, _ := scalarString(obj["attribute_code"])
		value, err := scalarString(obj["value"])
		if err != nil {
			return nil, err
		}
		if customAttributeCodes[code] {
			out = append(out, CustomAttribute{Code: code, Value: value})
		}
	}
	return out, nil
}

// scalarString converts a JSON scalar to the string PHP would see.
func scalarString(v any) (string, *Error) {
	switch v := v.(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	case bool:
		if v {
			return "1", nil
		}
		return "", nil
	case fmt.Stringer: // json.Number
		return v.String(), nil
	}
	return "", wrongType("Array", "string")
}

func stringOf(v any) string {
	s, err := scalarString(v)
	if err != nil {
		return "Array"
	}
	return s
}

func truthy(v any) bool {
	switch v := v.(type) {
	case bool:
		return v
	case string:
		return v != "" && v != "0" && v != "false"
	case fmt.Stringer:
		f, _ := strconv.ParseFloat(v.String(), 64)
		return f != 0
	}
	return false
}
