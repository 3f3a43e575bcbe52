package magento1

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"strconv"
	"strings"
)

// ClearDefaultAddresses leaves customer id without a default billing
// address (billing) and/or default shipping address (shipping).
//
// The SOAP v2 API cannot: its customer type has no default_billing or
// default_shipping, and customerAddressUpdate with is_default_billing
// false changes nothing (Mage_Customer_Model_Resource_Address only ever
// sets a default). The v1 API's customer.update takes any customer
// attribute, and an empty value deletes it; it is called through the
// store's XML-RPC endpoint (api/xmlrpc/) in the same API session, with the
// same role resource (customer/update). Checked against OpenMage 20.0.20.
// Like every write it is sent once: the defaults to clear were decided on a
// read, and an admin may set a new one during a wait.
func (c *Client) ClearDefaultAddresses(ctx context.Context, id int, billing, shipping bool) error {
	var fields []string
	if billing {
		fields = append(fields, "default_billing")
	}
	if shipping {
		fields = append(fields, "default_shipping")
	}
	if len(fields) == 0 {
		return nil
	}
	const op = "customer.update"
	return c.inSession(ctx, func(session string) error {
		return c.post(ctx, op, writeCall, c.base.String()+"api/xmlrpc/", "", xmlrpcCall(session, op, id, fields),
			func(status int, answer []byte) error { return decodeXMLRPC(op, status, answer) })
	})
}

// xmlrpcCall is the XML-RPC request call(session, method, [id, {field: ""…}]).
func xmlrpcCall(session, method string, id int, emptied []string) []byte {
	var b bytes.Buffer
	str := func(s string) {
		b.WriteString("<value><string>")
		xml.EscapeText(&b, []byte(s))
		b.WriteString("</string></value>")
	}
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><methodCall><methodName>call</methodName><params><param>`)
	str(session)
	b.WriteString("</param><param>")
	str(method)
	b.WriteString("</param><param><value><array><data><value><int>" + strconv.Itoa(id) + "</int></value><value><struct>")
	for _, f := range emptied {
		b.WriteString("<member><name>" + f + "</name>")
		str("")
		b.WriteString("</member>")
	}
	b.WriteString("</struct></value></data></array></value></param></params></methodCall>")
	return b.Bytes()
}

// xmlrpcAnswer is an XML-RPC methodResponse: a value, or a fault whose
// struct holds faultCode and faultString.
type xmlrpcAnswer struct {
	Params []struct {
		Value string `xml:",innerxml"`
	} `xml:"params>param>value"`
	Fault []struct {
		Name  string `xml:"name"`
		Value struct {
			Text string `xml:",chardata"`
			Int  string `xml:"int"`
			I4   string `xml:"i4"`
			Str  string `xml:"string"`
		} `xml:"value"`
	} `xml:"fault>value>struct>member"`
}

// decodeXMLRPC reads an answer that must be a value (what it is does not
// matter to the caller), or returns its fault as a *Fault.
func decodeXMLRPC(op string, status int, body []byte) error {
	var a xmlrpcAnswer
	if err := xml.Unmarshal(body, &a); err != nil {
		return &BadAnswerError{Op: op, Status: status, Err: err}
	}
	if len(a.Fault) > 0 {
		f := &Fault{Op: op}
		for _, m := range a.Fault {
			v := strings.TrimSpace(m.Value.Int + m.Value.I4 + m.Value.Str + m.Value.Text)
			switch m.Name {
			case "faultCode":
				f.Code = v
			case "faultString":
				f.Message = v
			}
		}
		return f
	}
	if len(a.Params) == 0 {
		return &BadAnswerError{Op: op, Status: status, Err: errors.New("the answer holds no value")}
	}
	return nil
}
