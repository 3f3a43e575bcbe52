package magento1

import (
	"bytes"
	"encoding/xml"
	"strconv"
)

// value is one element of a request: a typed scalar, a struct of fields,
// or an array of items. Type and ArrayType are left empty in WS-I mode,
// where values carry no xsi:type and arrays are runs of complexObjectArray.
type value struct {
	XMLName   xml.Name
	ArrayType string  `xml:"SOAP-ENC:arrayType,attr,omitempty"`
	Type      string  `xml:"xsi:type,attr,omitempty"`
	Text      string  `xml:",chardata"`
	Kids      []value `xml:",omitempty"`
}

// rpcEnvelope is a SOAP 1.1 RPC/encoded request as PHP's SoapClient sends it.
type rpcEnvelope struct {
	XMLName  xml.Name `xml:"SOAP-ENV:Envelope"`
	Env      string   `xml:"xmlns:SOAP-ENV,attr"`
	NS1      string   `xml:"xmlns:ns1,attr"`
	XSD      string   `xml:"xmlns:xsd,attr"`
	XSI      string   `xml:"xmlns:xsi,attr"`
	Enc      string   `xml:"xmlns:SOAP-ENC,attr"`
	Encoding string   `xml:"SOAP-ENV:encodingStyle,attr"`
	Call     value    `xml:"SOAP-ENV:Body>call"`
}

// wsiEnvelope is a document/literal request.
type wsiEnvelope struct {
	XMLName xml.Name `xml:"SOAP-ENV:Envelope"`
	Env     string   `xml:"xmlns:SOAP-ENV,attr"`
	NS1     string   `xml:"xmlns:ns1,attr"`
	Call    value    `xml:"SOAP-ENV:Body>call"`
}

// encoder builds the values of one request in the client's style.
type encoder struct{ wsi bool }

func (e encoder) typed(name, typ, text string) value {
	v := value{XMLName: xml.Name{Local: name}, Text: text}
	if !e.wsi {
		v.Type = typ
	}
	return v
}

func (e encoder) str(name, s string) value { return e.typed(name, "xsd:string", s) }

func (e encoder) int(name string, n int) value { return e.typed(name, "xsd:int", strconv.Itoa(n)) }

func (e encoder) bool(name string, b bool) value {
	return e.typed(name, "xsd:boolean", strconv.FormatBool(b))
}

// strct is a value of a complex WSDL type.
func (e encoder) strct(name, typ string, fields ...value) value {
	v := e.typed(name, "ns1:"+typ, "")
	v.Kids = fields
	return v
}

// array is a SOAP-ENC array (RPC) or a complexObjectArray run (WS-I);
// items are renamed accordingly.
func (e encoder) array(name, typ, itemType string, items ...value) value {
	v := e.typed(name, "ns1:"+typ, "")
	for _, it := range items {
		it.XMLName.Local = "complexObjectArray"
		if !e.wsi {
			it.XMLName.Local = "item"
			v.ArrayType = itemType + "[" + strconv.Itoa(len(items)) + "]"
		}
		v.Kids = append(v.Kids, it)
	}
	return v
}

// envelope renders a call of operation op with its parts. ns is the
// namespace of the operation element (urn:OpenMage or urn:Magento).
func (e encoder) envelope(ns, op string, parts ...value) []byte {
	call := value{Kids: parts}
	var doc any
	if e.wsi {
		call.XMLName.Local = "ns1:" + wsiRequestElement(op)
		doc = wsiEnvelope{Env: nsEnvelope, NS1: ns, Call: call}
	} else {
		call.XMLName.Local = "ns1:" + op
		doc = rpcEnvelope{Env: nsEnvelope, NS1: ns, XSD: "http://www.w3.org/2001/XMLSchema",
			XSI: "http://www.w3.org/2001/XMLSchema-instance", Enc: "http://schemas.xmlsoap.org/soap/encoding/",
			Encoding: "http://schemas.xmlsoap.org/soap/encoding/", Call: call}
	}
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	enc := xml.NewEncoder(&b)
	if err := enc.Encode(doc); err != nil {
		panic("magento1: encoding a request: " + err.Error()) // only strings and ints: cannot fail
	}
	b.WriteByte('\n')
	return b.Bytes()
}

// wsiRequestElement is the WS-I wrapper element of an operation's request.
func wsiRequestElement(op string) string {
	if op == "login" || op == "endSession" {
		return op + "Param"
	}
	return op + "RequestParam"
}

const nsEnvelope = "http://schemas.xmlsoap.org/soap/envelope/"

// Condition is one complex_filter entry: field, operator and value.
// Several conditions on one field are merged by Magento into one condition
// array, where only from and to combine; any other pair keeps only its
// first operator. Use From and To for ranges.
type Condition struct {
	Field, Op, Value string
}

// Filters is the `filters` argument of the list operations: equalities
// (filter) and conditions (complex_filter).
type Filters struct {
	Equal      []Condition // Op is ignored: field = value
	Conditions []Condition
}

func (e encoder) filters(f Filters) value {
	var simple, complex []value
	for _, c := range f.Equal {
		simple = append(simple, e.strct("", "associativeEntity", e.str("key", c.Field), e.str("value", c.Value)))
	}
	for _, c := range f.Conditions {
		complex = append(complex, e.strct("", "complexFilter", e.str("key", c.Field),
			e.strct("value", "associativeEntity", e.str("key", c.Op), e.str("value", c.Value))))
	}
	var parts []value
	if len(simple) > 0 {
		parts = append(parts, e.array("filter", "associativeArray", "ns1:associativeEntity", simple...))
	}
	if len(complex) > 0 {
		parts = append(parts, e.array("complex_filter", "complexFilterArray", "ns1:complexFilter", complex...))
	}
	return e.strct("filters", "filters", parts...)
}
