package magento1

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// XMLRPCURL is the address of the store's v1 API over XML-RPC.
func (c *Client) XMLRPCURL() string { return c.base.String() + "api/xmlrpc/" }

// CheckXMLRPC logs in at the store's XML-RPC endpoint and ends that
// session. The send needs the endpoint only to clear a customer's default
// billing or shipping address (ClearDefaultAddresses), so a store that
// blocks it is a warning: the step stays OK, with Warning set and Fix
// saying what to allow.
func (c *Client) CheckXMLRPC(ctx context.Context) CheckStep {
	st := CheckStep{Name: "XML-RPC", OK: true, Detail: "login and end of session at " + c.XMLRPCURL()}
	var session string
	err := c.xmlrpc(ctx, "login", &session, c.user, c.key)
	if err == nil {
		var ended string
		err = c.xmlrpc(ctx, "endSession", &ended, session)
	}
	if err != nil {
		st.Warning, st.Detail, st.Fix = true, "", xmlrpcFix(c.XMLRPCURL(), err)
	}
	return st
}

// xmlrpc makes one XML-RPC call of method with string params, once (a
// check does not retry), and puts the text of its answer in out.
func (c *Client) xmlrpc(ctx context.Context, method string, out *string, params ...string) error {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><methodCall><methodName>` + method + `</methodName><params>`)
	for _, p := range params {
		b.WriteString("<param><value><string>")
		xml.EscapeText(&b, []byte(p))
		b.WriteString("</string></value></param>")
	}
	b.WriteString("</params></methodCall>")
	_, err := c.attempt(ctx, method, c.XMLRPCURL(), "", b.Bytes(), func(status int, answer []byte) error {
		if err := decodeXMLRPC(method, status, answer); err != nil {
			return err
		}
		var a struct {
			Value struct {
				Text string `xml:",chardata"`
				Str  string `xml:"string"`
			} `xml:"params>param>value"`
		}
		if err := xml.Unmarshal(answer, &a); err != nil {
			return &BadAnswerError{Op: method, Status: status, Err: err}
		}
		*out = strings.TrimSpace(a.Value.Str + a.Value.Text)
		return nil
	})
	return err
}

// xmlrpcFix says why the XML-RPC endpoint at u did not work and what to
// do about it.
func xmlrpcFix(u string, err error) string {
	const why = " magecrm uses it only to clear a customer's default billing or shipping address (SOAP v2 has no place for that); " +
		"while it is blocked, such a send fails with an error shown on the customer. Everything else works without it."
	var bad *BadAnswerError
	var f *Fault
	var uerr *url.Error
	switch {
	case IsAccessDenied(err):
		return "Magento refused the API user over XML-RPC (fault 2 \"Access denied.\"): check the user and its key under System → Web Services → SOAP/XML-RPC Users." + why
	case errors.As(err, &f):
		return fmt.Sprintf("%s answered with fault %s %q: allow the v1 API there (System → Web Services).%s", u, f.Code, f.Message, why)
	case errors.As(err, &bad) && bad.Status != 200:
		return fmt.Sprintf("%s answered HTTP %d, not XML-RPC: the web server or a firewall blocks it. Allow POST requests to /api/xmlrpc/ from magecrm's address.%s", u, bad.Status, why)
	case errors.As(err, &bad):
		return fmt.Sprintf("%s answered something other than XML-RPC: the web server or a firewall rewrites it. Allow POST requests to /api/xmlrpc/ from magecrm's address.%s", u, why)
	case errors.As(err, &uerr):
		return fmt.Sprintf("%s could not be reached (%v): allow POST requests to /api/xmlrpc/ from magecrm's address.%s", u, uerr.Err, why)
	}
	return fmt.Sprintf("%s did not work (%v): allow POST requests to /api/xmlrpc/ from magecrm's address.%s", u, err, why)
}
