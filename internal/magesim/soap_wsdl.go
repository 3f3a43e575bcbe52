package magesim

import (
	"fmt"
	"strings"
)

// The part of Magento 1 / OpenMage's SOAP v2 contract the simulator serves,
// as its merged WSDL declares it (Mage/Api/etc/wsdl2.xml, wsi.xml and the
// wsdl.xml / wsi.xml of Core, Directory, Customer and Sales). One table drives the
// WSDL in both styles and the names the answers use.

// soapField is one element of a complex type; typ is "xsd:…" or the name
// of another type of the table.
type soapField struct{ name, typ string }

// soapType is a complex type: a struct (fields) or an array of item.
type soapType struct {
	name   string
	fields []soapField
	item   string // array element type; "" for a struct
}

func strFields(names ...string) []soapField {
	out := make([]soapField, len(names))
	for i, n := range names {
		out[i] = soapField{n, "xsd:string"}
	}
	return out
}

// salesOrderListFields are the salesOrderListEntity fields the simulator fills.
var salesOrderListFields = []string{"increment_id", "store_id", "created_at", "updated_at", "customer_id",
	"tax_amount", "shipping_amount", "discount_amount", "subtotal", "grand_total", "total_qty_ordered",
	"base_grand_total", "billing_name", "shipping_name", "status", "state", "order_currency_code",
	"base_currency_code", "customer_email", "customer_firstname", "customer_lastname", "customer_group_id",
	"customer_is_guest", "order_id"}

var soapTypes = []soapType{
	{name: "associativeEntity", fields: strFields("key", "value")},
	{name: "associativeArray", item: "associativeEntity"},
	{name: "complexFilter", fields: []soapField{{"key", "xsd:string"}, {"value", "associativeEntity"}}},
	{name: "complexFilterArray", item: "complexFilter"},
	{name: "filters", fields: []soapField{{"filter", "associativeArray"}, {"complex_filter", "complexFilterArray"}}},
	{name: "ArrayOfString", item: "xsd:string"},
	{name: "storeEntity", fields: []soapField{{"store_id", "xsd:int"}, {"code", "xsd:string"}, {"website_id", "xsd:int"},
		{"group_id", "xsd:int"}, {"name", "xsd:string"}, {"sort_order", "xsd:int"}, {"is_active", "xsd:int"}}},
	{name: "storeEntityArray", item: "storeEntity"},
	{name: "directoryCountryEntity", fields: strFields("country_id", "iso2_code", "iso3_code", "name")},
	{name: "directoryCountryEntityArray", item: "directoryCountryEntity"},
	{name: "directoryRegionEntity", fields: strFields("region_id", "code", "name")},
	{name: "directoryRegionEntityArray", item: "directoryRegionEntity"},
	{name: "customerCustomerEntityToCreate", fields: []soapField{{"customer_id", "xsd:int"}, {"email", "xsd:string"},
		{"firstname", "xsd:string"}, {"lastname", "xsd:string"}, {"middlename", "xsd:string"}, {"password", "xsd:string"},
		{"website_id", "xsd:int"}, {"store_id", "xsd:int"}, {"group_id", "xsd:int"}, {"prefix", "xsd:string"},
		{"suffix", "xsd:string"}, {"dob", "xsd:string"}, {"taxvat", "xsd:string"}, {"gender", "xsd:int"}}},
	{name: "customerCustomerEntity", fields: []soapField{{"customer_id", "xsd:int"}, {"created_at", "xsd:string"},
		{"updated_at", "xsd:string"}, {"increment_id", "xsd:string"}, {"store_id", "xsd:int"}, {"website_id", "xsd:int"},
		{"created_in", "xsd:string"}, {"email", "xsd:string"}, {"firstname", "xsd:string"}, {"middlename", "xsd:string"},
		{"lastname", "xsd:string"}, {"group_id", "xsd:int"}, {"prefix", "xsd:string"}, {"suffix", "xsd:string"},
		{"dob", "xsd:string"}, {"taxvat", "xsd:string"}, {"confirmation", "xsd:boolean"}, {"password_hash", "xsd:string"}}},
	{name: "customerCustomerEntityArray", item: "customerCustomerEntity"},
	{name: "customerGroupEntity", fields: []soapField{{"customer_group_id", "xsd:int"}, {"customer_group_code", "xsd:string"}}},
	{name: "customerGroupEntityArray", item: "customerGroupEntity"},
	{name: "customerAddressEntityCreate", fields: []soapField{{"city", "xsd:string"}, {"company", "xsd:string"},
		{"country_id", "xsd:string"}, {"fax", "xsd:string"}, {"firstname", "xsd:string"}, {"lastname", "xsd:string"},
		{"middlename", "xsd:string"}, {"postcode", "xsd:string"}, {"prefix", "xsd:string"}, {"region_id", "xsd:int"},
		{"region", "xsd:string"}, {"street", "ArrayOfString"}, {"suffix", "xsd:string"}, {"telephone", "xsd:string"},
		{"is_default_billing", "xsd:boolean"}, {"is_default_shipping", "xsd:boolean"}}},
	{name: "customerAddressEntityItem", fields: []soapField{{"customer_address_id", "xsd:int"}, {"created_at", "xsd:string"},
		{"updated_at", "xsd:string"}, {"increment_id", "xsd:string"}, {"city", "xsd:string"}, {"company", "xsd:string"},
		{"country_id", "xsd:string"}, {"fax", "xsd:string"}, {"firstname", "xsd:string"}, {"lastname", "xsd:string"},
		{"middlename", "xsd:string"}, {"postcode", "xsd:string"}, {"prefix", "xsd:string"}, {"region", "xsd:string"},
		{"region_id", "xsd:int"}, {"street", "xsd:string"}, {"suffix", "xsd:string"}, {"telephone", "xsd:string"},
		{"is_default_billing", "xsd:boolean"}, {"is_default_shipping", "xsd:boolean"}}},
	{name: "customerAddressEntityArray", item: "customerAddressEntityItem"},
	{name: "salesOrderListEntity", fields: strFields(salesOrderListFields...)},
	{name: "salesOrderListEntityArray", item: "salesOrderListEntity"},
}

// soapOperation is one operation: its input parts and its one output part.
// The RPC answer names the output part as the WSDL does (customerCustomerList
// answers "storeView"); the WS-I answer always names it "result".
type soapOperation struct {
	name     string
	doc      string
	in       []soapField
	out      soapField
	resource string // the API ACL resource a role needs; "" for login and endSession
}

// writes reports whether the operation changes the store.
func (op soapOperation) writes() bool {
	for _, verb := range []string{"Create", "Update", "Delete"} {
		if strings.HasSuffix(op.name, verb) {
			return true
		}
	}
	return false
}

var session = soapField{"sessionId", "xsd:string"}

var soapOperations = []soapOperation{
	{"login", "Login user and retrieve session id",
		[]soapField{{"username", "xsd:string"}, {"apiKey", "xsd:string"}}, soapField{"loginReturn", "xsd:string"}, ""},
	{"endSession", "End web service session", []soapField{session}, soapField{"endSessionReturn", "xsd:boolean"}, ""},
	{"storeList", "List of stores", []soapField{session}, soapField{"stores", "storeEntityArray"}, "core/store/list"},
	{"directoryCountryList", "List of countries", []soapField{session},
		soapField{"countries", "directoryCountryEntityArray"}, "directory/country"},
	{"directoryRegionList", "List of regions in specified country", []soapField{session, {"country", "xsd:string"}},
		soapField{"countries", "directoryRegionEntityArray"}, "directory/region"},
	{"customerGroupList", "Retrieve customer groups", []soapField{session},
		soapField{"result", "customerGroupEntityArray"}, "customer"},
	{"customerCustomerList", "Retrieve customers", []soapField{session, {"filters", "filters"}},
		soapField{"storeView", "customerCustomerEntityArray"}, "customer/info"},
	{"customerCustomerInfo", "Retrieve customer data",
		[]soapField{session, {"customerId", "xsd:int"}, {"attributes", "ArrayOfString"}},
		soapField{"customerInfo", "customerCustomerEntity"}, "customer/info"},
	{"customerCustomerCreate", "Create customer", []soapField{session, {"customerData", "customerCustomerEntityToCreate"}},
		soapField{"result", "xsd:int"}, "customer/create"},
	{"customerCustomerUpdate", "Update customer data",
		[]soapField{session, {"customerId", "xsd:int"}, {"customerData", "customerCustomerEntityToCreate"}},
		soapField{"result", "xsd:boolean"}, "customer/update"},
	{"customerCustomerDelete", "Delete customer", []soapField{session, {"customerId", "xsd:int"}},
		soapField{"result", "xsd:boolean"}, "customer/delete"},
	{"customerAddressList", "Retrieve customer addresses", []soapField{session, {"customerId", "xsd:int"}},
		soapField{"result", "customerAddressEntityArray"}, "customer/address/info"},
	{"customerAddressCreate", "Create customer address",
		[]soapField{session, {"customerId", "xsd:int"}, {"addressData", "customerAddressEntityCreate"}},
		soapField{"result", "xsd:int"}, "customer/address/create"},
	{"customerAddressInfo", "Retrieve customer address data", []soapField{session, {"addressId", "xsd:int"}},
		soapField{"info", "customerAddressEntityItem"}, "customer/address/info"},
	{"customerAddressUpdate", "Update customer address data",
		[]soapField{session, {"addressId", "xsd:int"}, {"addressData", "customerAddressEntityCreate"}},
		soapField{"info", "xsd:boolean"}, "customer/address/update"},
	{"customerAddressDelete", "Delete customer address", []soapField{session, {"addressId", "xsd:int"}},
		soapField{"info", "xsd:boolean"}, "customer/address/delete"},
	{"salesOrderList", "Retrieve list of orders using filters", []soapField{session, {"filters", "filters"}},
		soapField{"result", "salesOrderListEntityArray"}, "sales/order/info"},
}

func findOperation(name string) (soapOperation, bool) {
	for _, op := range soapOperations {
		if op.name == name {
			return op, true
		}
	}
	return soapOperation{}, false
}

// wsiRequestElement and wsiResponseElement are the WS-I wrapper element
// names: loginParam / loginResponseParam for the session calls,
// {op}RequestParam / {op}ResponseParam for the others.
func wsiRequestElement(op string) string {
	if op == "login" || op == "endSession" {
		return op + "Param"
	}
	return op + "RequestParam"
}

func wsiResponseElement(op string) string { return op + "ResponseParam" }

// operationOfElement maps a request's body element to its operation.
func operationOfElement(local string, wsi bool) (soapOperation, bool) {
	if !wsi {
		return findOperation(local)
	}
	for _, op := range soapOperations {
		if wsiRequestElement(op.name) == local {
			return op, true
		}
	}
	return soapOperation{}, false
}

// wsdl renders the merged WSDL the way Mage_Api_Model_Wsdl_Config serves it:
// RPC/encoded with soapenc arrays, or (WS-I) document/literal with
// complexObjectArray sequences and …Param wrapper elements.
func wsdl(ns, location string, wsi bool) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	if wsi {
		writeWSIDefinitions(&b, ns, location)
	} else {
		writeRPCDefinitions(&b, ns, location)
	}
	return b.String()
}

func writeRPCDefinitions(b *strings.Builder, ns, location string) {
	fmt.Fprintf(b, `<definitions xmlns:typens="%s" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns="http://schemas.xmlsoap.org/wsdl/" name="Magento" targetNamespace="%s">`+"\n", ns, ns)
	fmt.Fprintf(b, "<types><schema xmlns=\"http://www.w3.org/2001/XMLSchema\" targetNamespace=\"%s\">\n", ns)
	b.WriteString(`<import namespace="http://schemas.xmlsoap.org/soap/encoding/" schemaLocation="http://schemas.xmlsoap.org/soap/encoding/"/>` + "\n")
	for _, t := range soapTypes {
		if t.item != "" {
			item := t.item
			if !strings.HasPrefix(item, "xsd:") {
				item = "typens:" + item
			}
			fmt.Fprintf(b, `<complexType name="%s"><complexContent><restriction base="soapenc:Array"><attribute ref="soapenc:arrayType" wsdl:arrayType="%s[]"/></restriction></complexContent></complexType>`+"\n", t.name, item)
			continue
		}
		fmt.Fprintf(b, `<complexType name="%s"><all>`, t.name)
		for _, f := range t.fields {
			fmt.Fprintf(b, `<element name="%s" type="%s" minOccurs="0"/>`, f.name, qualify(f.typ))
		}
		b.WriteString("</all></complexType>\n")
	}
	b.WriteString("</schema></types>\n")
	for _, op := range soapOperations {
		fmt.Fprintf(b, `<message name="%sRequest">`, op.name)
		for _, p := range op.in {
			fmt.Fprintf(b, `<part name="%s" type="%s"/>`, p.name, qualify(p.typ))
		}
		fmt.Fprintf(b, "</message>\n<message name=\"%sResponse\"><part name=\"%s\" type=\"%s\"/></message>\n", op.name, op.out.name, qualify(op.out.typ))
	}
	writePortType(b, "")
	b.WriteString(`<binding name="Mage_Api_Model_Server_V2_HandlerBinding" type="typens:Mage_Api_Model_Server_V2_HandlerPortType"><soap:binding style="rpc" transport="http://schemas.xmlsoap.org/soap/http"/>` + "\n")
	for _, op := range soapOperations {
		body := fmt.Sprintf(`<soap:body namespace="%s" use="encoded" encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"/>`, ns)
		fmt.Fprintf(b, `<operation name="%s"><soap:operation soapAction="urn:Mage_Api_Model_Server_V2_HandlerAction"/><input>%s</input><output>%s</output></operation>`+"\n", op.name, body, body)
	}
	b.WriteString("</binding>\n")
	fmt.Fprintf(b, `<service name="MagentoService"><port name="Mage_Api_Model_Server_V2_HandlerPort" binding="typens:Mage_Api_Model_Server_V2_HandlerBinding"><soap:address location="%s"/></port></service>`+"\n</definitions>\n", location)
}

func writeWSIDefinitions(b *strings.Builder, ns, location string) {
	fmt.Fprintf(b, `<wsdl:definitions xmlns:typens="%s" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" name="Magento" targetNamespace="%s">`+"\n", ns, ns)
	fmt.Fprintf(b, "<wsdl:types><xsd:schema xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" targetNamespace=\"%s\">\n", ns)
	for _, t := range soapTypes {
		fmt.Fprintf(b, `<xsd:complexType name="%s"><xsd:sequence>`, t.name)
		if t.item != "" {
			fmt.Fprintf(b, `<xsd:element minOccurs="0" maxOccurs="unbounded" name="complexObjectArray" type="%s"/>`, qualify(t.item))
		}
		for _, f := range t.fields {
			fmt.Fprintf(b, `<xsd:element name="%s" type="%s" minOccurs="0"/>`, f.name, qualify(f.typ))
		}
		b.WriteString("</xsd:sequence></xsd:complexType>\n")
	}
	for _, op := range soapOperations {
		fmt.Fprintf(b, `<xsd:element name="%s"><xsd:complexType><xsd:sequence>`, wsiRequestElement(op.name))
		for _, p := range op.in {
			fmt.Fprintf(b, `<xsd:element minOccurs="1" maxOccurs="1" name="%s" type="%s"/>`, p.name, qualify(p.typ))
		}
		fmt.Fprintf(b, "</xsd:sequence></xsd:complexType></xsd:element>\n")
		fmt.Fprintf(b, `<xsd:element name="%s"><xsd:complexType><xsd:sequence><xsd:element minOccurs="1" maxOccurs="1" name="result" type="%s"/></xsd:sequence></xsd:complexType></xsd:element>`+"\n",
			wsiResponseElement(op.name), qualify(op.out.typ))
	}
	b.WriteString("</xsd:schema></wsdl:types>\n")
	for _, op := range soapOperations {
		fmt.Fprintf(b, `<wsdl:message name="%sRequest"><wsdl:part name="parameters" element="typens:%s"/></wsdl:message>`+"\n", op.name, wsiRequestElement(op.name))
		fmt.Fprintf(b, `<wsdl:message name="%sResponse"><wsdl:part name="parameters" element="typens:%s"/></wsdl:message>`+"\n", op.name, wsiResponseElement(op.name))
	}
	writePortType(b, "wsdl:")
	b.WriteString(`<wsdl:binding name="Mage_Api_Model_Server_Wsi_HandlerBinding" type="typens:Mage_Api_Model_Server_V2_HandlerPortType"><soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>` + "\n")
	for _, op := range soapOperations {
		fmt.Fprintf(b, `<wsdl:operation name="%s"><soap:operation soapAction=""/><wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>`+"\n", op.name)
	}
	b.WriteString("</wsdl:binding>\n")
	fmt.Fprintf(b, `<wsdl:service name="MagentoService"><wsdl:port name="Mage_Api_Model_Server_Wsi_HandlerPort" binding="typens:Mage_Api_Model_Server_Wsi_HandlerBinding"><soap:address location="%s"/></wsdl:port></wsdl:service>`+"\n</wsdl:definitions>\n", location)
}

func writePortType(b *strings.Builder, prefix string) {
	fmt.Fprintf(b, "<%sportType name=\"Mage_Api_Model_Server_V2_HandlerPortType\">\n", prefix)
	for _, op := range soapOperations {
		fmt.Fprintf(b, `<%[1]soperation name="%[2]s"><%[1]sdocumentation>%[3]s</%[1]sdocumentation><%[1]sinput message="typens:%[2]sRequest"/><%[1]soutput message="typens:%[2]sResponse"/></%[1]soperation>`+"\n",
			prefix, op.name, op.doc)
	}
	fmt.Fprintf(b, "</%sportType>\n", prefix)
}

func qualify(typ string) string {
	if strings.HasPrefix(typ, "xsd:") {
		return typ
	}
	return "typens:" + typ
}
