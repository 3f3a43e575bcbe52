package magesim

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// soapHandlers answer the operations once the session and the role's
// resource were checked; each writes its answer into c.out.
var soapHandlers = map[string]func(c *soapCall, op soapOperation) *soapFault{
	"login":                  soapLogin,
	"endSession":             soapEndSession,
	"storeList":              soapStoreList,
	"directoryCountryList":   soapCountryList,
	"directoryRegionList":    soapRegionList,
	"customerGroupList":      soapGroupList,
	"customerCustomerList":   soapCustomerList,
	"customerCustomerInfo":   soapCustomerInfo,
	"customerCustomerCreate": soapCustomerCreate,
	"customerCustomerUpdate": soapCustomerUpdate,
	"customerCustomerDelete": soapCustomerDelete,
	"customerAddressList":    soapAddressList,
	"customerAddressInfo":    soapAddressInfo,
	"customerAddressCreate":  soapAddressCreate,
	"customerAddressUpdate":  soapAddressUpdate,
	"customerAddressDelete":  soapAddressDelete,
	"salesOrderList":         soapOrderList,
}

// Faults of the customer, address and order resources (their api.xml).
var (
	faultCustomerFilters    = fault(101, "Invalid filters specified. Details in error message.")
	faultCustomerNotExists  = fault(102, "Customer not exists.")
	faultAddressCustomer    = fault(101, "Customer not exists.")
	faultAddressNotExists   = fault(102, "Address not exists.")
	faultMemoryExhausted    = &soapFault{"SOAP-ENV:Server", "Allowed memory size of 268435456 bytes exhausted (tried to allocate 20480 bytes)"}
	customerFilterFieldsMap = map[string]string{"customer_id": "entity_id"}
	orderFilterFieldsMap    = map[string]string{"order_id": "entity_id"}
)

// intArg reads an xsd:int argument as PHP casts it: absent or not a number is 0.
func (c *soapCall) intArg(name string) int {
	s, _ := c.args.child(name).str()
	n, _ := strconv.Atoi(strings.TrimSpace(s))
	return n
}

func soapLogin(c *soapCall, op soapOperation) *soapFault {
	user, _ := c.args.child("username").str()
	key, _ := c.args.child("apiKey").str()
	id, f := c.sim.soap.login(user, key)
	if f != nil {
		return f
	}
	part := c.out.openResponse(op)
	c.out.scalar(part, "xsd:string", id)
	c.out.closeResponse(op)
	return nil
}

func soapEndSession(c *soapCall, op soapOperation) *soapFault {
	id, _ := c.args.child("sessionId").str()
	if f := c.sim.soap.check(id); f != nil {
		return f
	}
	c.sim.soap.end(id)
	part := c.out.openResponse(op)
	c.out.bool(part, true)
	c.out.closeResponse(op)
	return nil
}

// writeList writes an array answer of n entities of the named WSDL type.
func writeList(c *soapCall, op soapOperation, itemType string, n int, get func(i int) func(string) (string, bool)) {
	part := c.out.openResponse(op)
	c.out.openArray(part, op.out.typ, itemType, n)
	for i := range n {
		writeEntity(c.out, c.out.itemName(), itemType, get(i))
	}
	c.out.close(part)
	c.out.closeResponse(op)
}

// writeEntity writes a struct of a WSDL type in the type's field order,
// leaving out the fields get reports absent (PHP drops nulls).
func writeEntity(w *soapWriter, name, typ string, get func(field string) (string, bool)) {
	var t soapType
	for _, st := range soapTypes {
		if st.name == typ {
			t = st
		}
	}
	w.openStruct(name, typ)
	for _, f := range t.fields {
		if v, ok := get(f.name); ok {
			w.scalar(f.name, f.typ, v)
		}
	}
	w.close(name)
}

func soapStoreList(c *soapCall, op soapOperation) *soapFault {
	var views []StoreView
	for _, v := range storeViews {
		if v.ID != 0 {
			views = append(views, v)
		}
	}
	writeList(c, op, "storeEntity", len(views), func(i int) func(string) (string, bool) {
		v := views[i]
		return func(f string) (string, bool) {
			switch f {
			case "store_id":
				return strconv.Itoa(v.ID), true
			case "code":
				return v.Code, true
			case "website_id":
				return strconv.Itoa(v.WebsiteID), true
			case "group_id":
				return strconv.Itoa(v.GroupID), true
			case "name":
				return v.Name, true
			case "sort_order":
				return "0", true
			case "is_active":
				return strconv.Itoa(int(boolInt(v.Active))), true
			}
			return "", false
		}
	})
	return nil
}

func soapGroupList(c *soapCall, op soapOperation) *soapFault {
	writeList(c, op, "customerGroupEntity", len(customerGroups), func(i int) func(string) (string, bool) {
		g := customerGroups[i]
		return func(f string) (string, bool) {
			if f == "customer_group_id" {
				return strconv.Itoa(g.ID), true
			}
			return g.Code, f == "customer_group_code"
		}
	})
	return nil
}

// customerValues reads a customer as Magento 1's customer API answers it:
// dob is a datetime, confirmation a boolean, empty attributes left out.
func customerValues(c *Customer) func(string) (string, bool) {
	return func(f string) (string, bool) {
		switch f {
		case "customer_id":
			return strconv.Itoa(c.ID), true
		case "created_at":
			return formatTime(c.CreatedAt), true
		case "updated_at":
			return formatTime(c.UpdatedAt), true
		case "store_id":
			return strconv.Itoa(c.StoreID), true
		case "website_id":
			return strconv.Itoa(c.WebsiteID), true
		case "group_id":
			return strconv.Itoa(c.GroupID), true
		case "dob":
			return c.Dob + " 00:00:00", c.Dob != ""
		case "confirmation":
			return "true", c.Confirmation != ""
		}
		v := map[string]string{"created_in": c.CreatedIn, "email": c.Email, "firstname": c.Firstname,
			"middlename": c.Middlename, "lastname": c.Lastname, "prefix": c.Prefix, "suffix": c.Suffix,
			"taxvat": c.Taxvat, "password_hash": c.PasswordHash}[f]
		return v, v != ""
	}
}

// soapCustomerList is customerCustomerList: no paging, every match in one
// answer — or PHP's memory_limit fatal when the match is too big.
func soapCustomerList(c *soapCall, op soapOperation) *soapFault {
	q := soapQuery(parseSOAPFilters(c.args.child("filters"), customerFilterFieldsMap))
	list, ok, err := c.st.ListCustomers(q, c.sim.soap.listLimit)
	if err != nil {
		return &soapFault{faultCustomerFilters.code, err.Rendered()}
	}
	if !ok {
		return faultMemoryExhausted
	}
	writeList(c, op, "customerCustomerEntity", len(list), func(i int) func(string) (string, bool) {
		return customerValues(&list[i])
	})
	return nil
}

// soapCustomerInfo is customerCustomerInfo. Unlike the list it answers
// created_at in ISO 8601 with the offset (OpenMage 20's created-time
// backend formats it on load): "2024-05-01T10:00:00+00:00".
func soapCustomerInfo(c *soapCall, op soapOperation) *soapFault {
	cust, ok := c.st.Customer(c.intArg("customerId"))
	if !ok {
		return faultCustomerNotExists
	}
	part := c.out.openResponse(op)
	values := customerValues(&cust)
	writeEntity(c.out, part, "customerCustomerEntity", func(f string) (string, bool) {
		if f == "created_at" {
			return time.Unix(cust.CreatedAt, 0).UTC().Format("2006-01-02T15:04:05-07:00"), true
		}
		return values(f)
	})
	c.out.closeResponse(op)
	return nil
}

// customerFields reads a customerCustomerEntityToCreate: only sent fields.
func customerFields(n *xmlNode) CustomerFields {
	var f CustomerFields
	str := func(name string) *string {
		if v, ok := n.child(name).str(); ok {
			return &v
		}
		return nil
	}
	num := func(name string) *int {
		if v, ok := n.child(name).str(); ok {
			i, _ := strconv.Atoi(strings.TrimSpace(v))
			return &i
		}
		return nil
	}
	f.Email, f.Firstname, f.Lastname, f.Middlename = str("email"), str("firstname"), str("lastname"), str("middlename")
	f.Prefix, f.Suffix, f.Dob, f.Taxvat, f.Password = str("prefix"), str("suffix"), str("dob"), str("taxvat"), str("password")
	f.WebsiteID, f.StoreID, f.GroupID, f.Gender = num("website_id"), num("store_id"), num("group_id"), num("gender")
	return f
}

func soapCustomerCreate(c *soapCall, op soapOperation) *soapFault {
	id, r := c.st.CreateM1Customer(customerFields(c.args.child("customerData")))
	if r != nil {
		return fault(r.Code, r.Message)
	}
	part := c.out.openResponse(op)
	c.out.int(part, id)
	c.out.closeResponse(op)
	return nil
}

func soapCustomerUpdate(c *soapCall, op soapOperation) *soapFault {
	found, r := c.st.UpdateM1Customer(c.intArg("customerId"), customerFields(c.args.child("customerData")))
	switch {
	case !found:
		return faultCustomerNotExists
	case r != nil:
		return fault(r.Code, r.Message)
	}
	part := c.out.openResponse(op)
	c.out.bool(part, true)
	c.out.closeResponse(op)
	return nil
}

func soapCustomerDelete(c *soapCall, op soapOperation) *soapFault {
	if err := c.st.DeleteCustomer(c.intArg("customerId")); err != nil {
		return faultCustomerNotExists
	}
	part := c.out.openResponse(op)
	c.out.bool(part, true)
	c.out.closeResponse(op)
	return nil
}

func addressValues(a *Address, cust *Customer) func(string) (string, bool) {
	return func(f string) (string, bool) {
		switch f {
		case "customer_address_id":
			return strconv.Itoa(a.ID), true
		case "region_id":
			return strconv.Itoa(a.RegionID), a.RegionID != 0
		case "is_default_billing":
			return strconv.FormatBool(cust.DefaultBilling == a.ID), true
		case "is_default_shipping":
			return strconv.FormatBool(cust.DefaultShipping == a.ID), true
		}
		v := map[string]string{"city": a.City, "company": a.Company, "country_id": a.CountryID, "fax": a.Fax,
			"firstname": a.Firstname, "lastname": a.Lastname, "middlename": a.Middlename, "postcode": a.Postcode,
			"prefix": a.Prefix, "region": a.Region, "street": a.Street, "suffix": a.Suffix, "telephone": a.Telephone}[f]
		return v, v != ""
	}
}

func soapAddressList(c *soapCall, op soapOperation) *soapFault {
	cust, ok := c.st.Customer(c.intArg("customerId"))
	if !ok {
		return faultAddressCustomer
	}
	writeList(c, op, "customerAddressEntityItem", len(cust.Addresses), func(i int) func(string) (string, bool) {
		return addressValues(&cust.Addresses[i], &cust)
	})
	return nil
}

func soapAddressInfo(c *soapCall, op soapOperation) *soapFault {
	a, cust, ok := c.st.FindAddress(c.intArg("addressId"))
	if !ok {
		return faultAddressNotExists
	}
	part := c.out.openResponse(op)
	writeEntity(c.out, part, "customerAddressEntityItem", addressValues(&a, &cust))
	c.out.closeResponse(op)
	return nil
}

// addressFields reads a customerAddressEntityCreate: only sent fields.
func addressFields(n *xmlNode) AddressFields {
	var f AddressFields
	str := func(name string) *string {
		if v, ok := n.child(name).str(); ok {
			return &v
		}
		return nil
	}
	f.Firstname, f.Lastname, f.Middlename, f.Prefix, f.Suffix = str("firstname"), str("lastname"), str("middlename"), str("prefix"), str("suffix")
	f.Company, f.City, f.CountryID, f.Postcode = str("company"), str("city"), str("country_id"), str("postcode")
	f.Telephone, f.Fax, f.Region = str("telephone"), str("fax"), str("region")
	if v := str("region_id"); v != nil {
		id, _ := strconv.Atoi(strings.TrimSpace(*v))
		f.RegionID = &id
	}
	if s := n.child("street"); s != nil && !s.nil {
		f.Street = []string{}
		for _, line := range s.items() {
			f.Street = append(f.Street, line.text)
		}
	}
	for _, b := range []struct {
		name string
		dst  **bool
	}{{"is_default_billing", &f.DefaultBilling}, {"is_default_shipping", &f.DefaultShipping}} {
		if v := str(b.name); v != nil {
			t := *v == "true" || *v == "1"
			*b.dst = &t
		}
	}
	return f
}

func soapAddressCreate(c *soapCall, op soapOperation) *soapFault {
	id, msgs, ok := c.st.AddAddress(c.intArg("customerId"), addressFields(c.args.child("addressData")))
	switch {
	case !ok:
		return faultAddressCustomer
	case msgs != nil:
		return &soapFault{"100", strings.Join(msgs, "\n")}
	}
	part := c.out.openResponse(op)
	c.out.int(part, id)
	c.out.closeResponse(op)
	return nil
}

func soapAddressUpdate(c *soapCall, op soapOperation) *soapFault {
	msgs, ok := c.st.ChangeAddress(c.intArg("addressId"), addressFields(c.args.child("addressData")))
	switch {
	case !ok:
		return faultAddressNotExists
	case msgs != nil:
		return &soapFault{"100", strings.Join(msgs, "\n")}
	}
	part := c.out.openResponse(op)
	c.out.bool(part, true)
	c.out.closeResponse(op)
	return nil
}

func soapAddressDelete(c *soapCall, op soapOperation) *soapFault {
	if err := c.st.DeleteAddress(c.intArg("addressId")); err != nil {
		return faultAddressNotExists
	}
	part := c.out.openResponse(op)
	c.out.bool(part, true)
	c.out.closeResponse(op)
	return nil
}

// m1Decimal formats cents as Magento 1's decimal(12,4) columns read.
func m1Decimal(cents int64) string { return fmt.Sprintf("%d.%02d00", cents/100, cents%100) }

func soapOrderList(c *soapCall, op soapOperation) *soapFault {
	q := soapQuery(parseSOAPFilters(c.args.child("filters"), orderFilterFieldsMap))
	orders, _, err := c.st.SearchOrders(q, false)
	if err != nil {
		return fault(101, err.Rendered())
	}
	writeList(c, op, "salesOrderListEntity", len(orders), func(i int) func(string) (string, bool) {
		o := &orders[i]
		email, first, last, bill := c.st.orderContact(o)
		sub, ship, grand := o.totals()
		sv, _ := findStoreView(int(o.StoreID))
		st := orderStatuses[o.Status]
		name := bill.Firstname + " " + bill.Lastname
		v := map[string]string{"increment_id": o.incrementID(), "store_id": strconv.Itoa(int(o.StoreID)),
			"created_at": formatTime(o.CreatedAt), "updated_at": formatTime(o.UpdatedAt),
			"tax_amount": m1Decimal(0), "shipping_amount": m1Decimal(ship), "discount_amount": m1Decimal(0),
			"subtotal": m1Decimal(sub), "grand_total": m1Decimal(grand), "base_grand_total": m1Decimal(grand),
			"total_qty_ordered": m1Decimal(int64(o.qty()) * 100), "billing_name": name, "shipping_name": name,
			"status": st.Status, "state": st.State, "order_currency_code": sv.Currency, "base_currency_code": sv.Currency,
			"customer_email": email, "customer_firstname": first, "customer_lastname": last,
			"customer_group_id": strconv.Itoa(int(o.GroupID)), "customer_is_guest": strconv.Itoa(int(boolInt(o.CustomerID == 0))),
			"order_id": strconv.Itoa(int(o.ID))}
		if o.CustomerID != 0 {
			v["customer_id"] = strconv.Itoa(int(o.CustomerID))
		}
		return func(f string) (string, bool) { s, ok := v[f]; return s, ok && s != "" }
	})
	return nil
}
