package magesim

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// The XML-RPC side of Magento 1's v1 API (api/xmlrpc/), which shares the
// SOAP v2 API's users, roles and sessions. magesim serves what magecrm
// uses of it: login and endSession (the connection check), and call with
// customer.update to clear (or set) a customer's default_billing and
// default_shipping — the one change SOAP v2 cannot make. Any other attribute is refused with a fault saying so,
// never ignored.

// faultInvalidPath is Mage_Api's global fault 3.
var faultInvalidPath = fault(3, "Invalid api path.")

func (s *Sim) xmlrpcRoutes(mux *http.ServeMux) {
	for _, path := range []string{"/api/xmlrpc", "/api/xmlrpc/", "/index.php/api/xmlrpc", "/index.php/api/xmlrpc/"} {
		mux.HandleFunc("POST "+path, func(w http.ResponseWriter, r *http.Request) {
			s.soapFaults(w, r, http.HandlerFunc(s.xmlrpcCall))
		})
	}
}

// xmlrpcCall answers one methodCall: a value, or a fault.
func (s *Sim) xmlrpcCall(w http.ResponseWriter, r *http.Request) {
	root, err := parseXML(io.LimitReader(r.Body, maxRequestBodySize))
	if err != nil || root.name.Local != "methodCall" {
		routeOf(r).set("XMLRPC bad request")
		writeXMLRPC(w, "", fault(631, "Failed to parse request"))
		return
	}
	method, _ := root.child("methodName").str()
	var params []*xmlNode
	for _, p := range root.child("params").items() {
		params = append(params, p.child("value"))
	}
	arg := func(i int) *xmlNode {
		if i < len(params) {
			return params[i]
		}
		return nil
	}
	switch method {
	case "login":
		routeOf(r).set("XMLRPC login")
		id, f := s.soap.login(xmlrpcString(arg(0)), xmlrpcString(arg(1)))
		writeXMLRPC(w, "<string>"+id+"</string>", f)
	case "endSession":
		routeOf(r).set("XMLRPC endSession")
		id := xmlrpcString(arg(0))
		if f := s.soap.check(id); f != nil {
			writeXMLRPC(w, "", f)
			return
		}
		s.soap.end(id)
		writeXMLRPC(w, "<boolean>1</boolean>", nil)
	case "call":
		path := xmlrpcString(arg(1))
		routeOf(r).set("XMLRPC " + path)
		if f := s.soap.check(xmlrpcString(arg(0))); f != nil {
			writeXMLRPC(w, "", f)
			return
		}
		if path != "customer.update" {
			writeXMLRPC(w, "", faultInvalidPath)
			return
		}
		if s.soap.denied["customer"] || s.soap.denied["customer/update"] {
			writeXMLRPC(w, "", faultAccessDenied)
			return
		}
		out := w
		var lost *recorder
		if s.faults.takeLose() {
			lost = &recorder{header: http.Header{}, status: http.StatusOK}
			out = lost
		}
		writeXMLRPC(out, "<boolean>1</boolean>", s.xmlrpcCustomerUpdate(arg(2)))
		if lost != nil {
			cutShort(w, lost, true)
		}
	default:
		routeOf(r).set("XMLRPC unknown " + method)
		writeXMLRPC(w, "", fault(620, `Method "`+method+`" does not exist`))
	}
}

// xmlrpcCustomerUpdate is customer.update([id, {attribute: value}]) for the
// default addresses: "" clears one, an address id sets it.
func (s *Sim) xmlrpcCustomerUpdate(args *xmlNode) *soapFault {
	list := args.child("array").child("data").items()
	if len(list) < 2 {
		return faultCustomerNotExists
	}
	id, _ := strconv.Atoi(strings.TrimSpace(xmlrpcString(list[0])))
	var billing, shipping *int
	for _, m := range list[1].child("struct").items() {
		name, _ := m.child("name").str()
		v, _ := strconv.Atoi(strings.TrimSpace(xmlrpcString(m.child("value"))))
		switch name {
		case "default_billing":
			billing = &v
		case "default_shipping":
			shipping = &v
		default:
			return fault(1, "magesim serves customer.update for default_billing and default_shipping only, not "+name)
		}
	}
	if !s.Store().SetDefaultAddresses(id, billing, shipping) {
		return faultCustomerNotExists
	}
	return nil
}

// xmlrpcString is a value's text: a typed scalar's (<string>, <int>, …) or
// the value's own (an untyped value is a string).
func xmlrpcString(v *xmlNode) string {
	if v == nil {
		return ""
	}
	if len(v.kids) > 0 {
		t, _ := v.kids[0].str()
		return t
	}
	t, _ := v.str()
	return t
}

// writeXMLRPC writes a methodResponse with value, or with f as a fault.
func writeXMLRPC(w http.ResponseWriter, value string, f *soapFault) {
	w.Header().Set("Content-Type", "text/xml; charset=UTF-8")
	io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n<methodResponse>")
	if f != nil {
		var msg bytes.Buffer
		xml.EscapeText(&msg, []byte(f.message))
		fmt.Fprintf(w, "<fault><value><struct><member><name>faultCode</name><value><int>%s</int></value></member>"+
			"<member><name>faultString</name><value><string>%s</string></value></member></struct></value></fault>", f.code, msg.String())
	} else {
		io.WriteString(w, "<params><param><value>"+value+"</value></param></params>")
	}
	io.WriteString(w, "</methodResponse>")
}
