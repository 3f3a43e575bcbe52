package magesim

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
)

// Namespaces of a SOAP 1.1 envelope.
const (
	nsEnvelope = "http://schemas.xmlsoap.org/soap/envelope/"
	nsXSI      = "http://www.w3.org/2001/XMLSchema-instance"
)

// xmlNode is a request element as PHP's SoapServer sees it before it maps
// it to PHP values: a name, text, children and whether xsi:nil was set.
type xmlNode struct {
	name xml.Name
	text string
	nil  bool
	kids []*xmlNode
}

// child returns the first child element with this local name.
func (n *xmlNode) child(local string) *xmlNode {
	if n == nil {
		return nil
	}
	for _, k := range n.kids {
		if k.name.Local == local {
			return k
		}
	}
	return nil
}

// str is the element's text; ok is false when the element is absent or nil.
func (n *xmlNode) str() (string, bool) {
	if n == nil || n.nil {
		return "", false
	}
	return n.text, true
}

// items are the members of an array: every child element, whatever its
// name (item in RPC/encoded, complexObjectArray in WS-I).
func (n *xmlNode) items() []*xmlNode {
	if n == nil {
		return nil
	}
	return n.kids
}

// parseXML reads a whole document into a node tree.
func parseXML(r io.Reader) (*xmlNode, error) {
	dec := xml.NewDecoder(r)
	var stack []*xmlNode
	var root *xmlNode
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := &xmlNode{name: t.Name}
			for _, a := range t.Attr {
				if a.Name.Space == nsXSI && a.Name.Local == "nil" && (a.Value == "true" || a.Value == "1") {
					n.nil = true
				}
			}
			if len(stack) > 0 {
				parent := stack[len(stack)-1]
				parent.kids = append(parent.kids, n)
			} else if root == nil {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(t)
			}
		}
	}
	if root == nil {
		return nil, errors.New("empty document")
	}
	return root, nil
}

// soapWriter writes an answer envelope in either style: RPC/encoded (every
// value typed with xsi:type, arrays as SOAP-ENC arrays of <item>) or WS-I
// document/literal (untyped values, arrays as <complexObjectArray> runs).
type soapWriter struct {
	b   bytes.Buffer
	wsi bool
}

func newSOAPWriter(ns string, wsi bool) *soapWriter {
	w := &soapWriter{wsi: wsi}
	w.b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	if wsi {
		w.b.WriteString(`<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="`)
		xml.EscapeText(&w.b, []byte(ns))
		w.b.WriteString(`"><SOAP-ENV:Body>`)
		return w
	}
	w.b.WriteString(`<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="`)
	xml.EscapeText(&w.b, []byte(ns))
	w.b.WriteString(`" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/" SOAP-ENV:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><SOAP-ENV:Body>`)
	return w
}

// bytes closes the envelope and returns it.
func (w *soapWriter) bytes() []byte {
	w.b.WriteString("</SOAP-ENV:Body></SOAP-ENV:Envelope>\n")
	return w.b.Bytes()
}

func (w *soapWriter) open(name string) {
	w.b.WriteByte('<')
	w.b.WriteString(name)
	w.b.WriteByte('>')
}

func (w *soapWriter) close(name string) {
	w.b.WriteString("</")
	w.b.WriteString(name)
	w.b.WriteByte('>')
}

// scalar writes <name xsi:type="xsd:…">value</name>.
func (w *soapWriter) scalar(name, xsdType, value string) {
	w.b.WriteByte('<')
	w.b.WriteString(name)
	if !w.wsi {
		w.b.WriteString(` xsi:type="`)
		w.b.WriteString(xsdType)
		w.b.WriteByte('"')
	}
	w.b.WriteByte('>')
	xml.EscapeText(&w.b, []byte(value))
	w.close(name)
}

func (w *soapWriter) int(name string, v int) { w.scalar(name, "xsd:int", strconv.Itoa(v)) }

func (w *soapWriter) bool(name string, v bool) {
	w.scalar(name, "xsd:boolean", strconv.FormatBool(v))
}

// openStruct starts a struct value of a WSDL type.
func (w *soapWriter) openStruct(name, typ string) {
	if w.wsi {
		w.open(name)
		return
	}
	w.b.WriteString("<" + name + ` xsi:type="ns1:` + typ + `">`)
}

// openArray starts an array of n items; item opens each member.
func (w *soapWriter) openArray(name, arrayType, itemType string, n int) {
	if w.wsi {
		w.open(name)
		return
	}
	w.b.WriteString("<" + name + ` SOAP-ENC:arrayType="ns1:` + itemType + "[" + strconv.Itoa(n) + `]" xsi:type="ns1:` + arrayType + `">`)
}

// itemName is the element name of an array member.
func (w *soapWriter) itemName() string {
	if w.wsi {
		return "complexObjectArray"
	}
	return "item"
}

// openResponse starts the operation's answer wrapper and returns the name
// of the part to write inside it.
func (w *soapWriter) openResponse(op soapOperation) string {
	if w.wsi {
		w.open("ns1:" + wsiResponseElement(op.name))
		return "result"
	}
	w.open("ns1:" + op.name + "Response")
	return op.out.name
}

func (w *soapWriter) closeResponse(op soapOperation) {
	if w.wsi {
		w.close("ns1:" + wsiResponseElement(op.name))
		return
	}
	w.close("ns1:" + op.name + "Response")
}

// faultEnvelope is a SOAP 1.1 fault as PHP's SoapServer writes it.
func faultEnvelope(code, message string) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>`)
	xml.EscapeText(&b, []byte(code))
	b.WriteString("</faultcode><faultstring>")
	xml.EscapeText(&b, []byte(message))
	b.WriteString("</faultstring></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>\n")
	return b.Bytes()
}
