package magento1

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
)

// CheckStep is one step of CheckConnection: what was checked, whether it
// passed, what was found, and if not, a sentence saying what to fix. A
// warning passed (the channel works) but for one feature: Fix says what
// to change for it.
type CheckStep struct {
	Name    string // WSDL, login, store views, customers
	OK      bool
	Warning bool // OK, but Fix says what one feature needs
	Detail  string
	Fix     string
}

// String renders the step for a person.
func (s CheckStep) String() string {
	switch {
	case s.Warning:
		return s.Name + ": warning: " + s.Fix
	case s.OK:
		return s.Name + ": OK " + s.Detail
	}
	return s.Name + ": " + s.Fix
}

// CheckConnection tries the channel step by step — the WSDL, login,
// storeList, a customer list, then the XML-RPC endpoint (CheckXMLRPC) —
// and stops at the first step that fails.
func (c *Client) CheckConnection(ctx context.Context) []CheckStep {
	w, err := c.FetchWSDL(ctx)
	ws := CheckStep{Name: "WSDL", OK: err == nil}
	switch {
	case err != nil:
		ws.Fix = wsdlFix(c.WSDLURL(), err)
	case w.WSI != c.wsi:
		ws.OK = false
		ws.Fix = fmt.Sprintf("The store answers with WS-I compliance %s, but the channel has it %s: set the channel's WS-I setting to match System → Configuration → Services → Magento Core API → WS-I Compliance.", onOff(w.WSI), onOff(c.wsi))
	default:
		ws.Detail = fmt.Sprintf("namespace %s, WS-I %s", w.Namespace, onOff(w.WSI))
		c.mu.Lock()
		if c.ns == "" {
			c.ns = w.Namespace
		}
		c.mu.Unlock()
	}
	steps := []CheckStep{ws}
	if !ws.OK {
		return steps
	}
	ls := CheckStep{Name: "login", OK: true, Detail: "as " + c.user}
	if err := c.Login(ctx); err != nil {
		ls = CheckStep{Name: "login", Fix: callFix(err, "")}
		if IsAccessDenied(err) {
			ls.Fix = "Magento refused the API user or key (fault 2 \"Access denied.\"): check them under System → Web Services → SOAP/XML-RPC Users, and that the user is active."
		}
		return append(steps, ls)
	}
	steps = append(steps, ls)
	views, err := c.StoreViews(ctx)
	vs := CheckStep{Name: "store views", OK: err == nil}
	if err == nil {
		vs.Detail = fmt.Sprintf("%d store views", len(views))
	} else {
		vs.Fix = callFix(err, "Store → Store Views → List (core/store/list)")
	}
	steps = append(steps, vs)
	if !vs.OK {
		return steps
	}
	_, err = c.Customers(ctx, Filters{Conditions: rangeConds("customer_id", "1", "100")})
	cs := CheckStep{Name: "customers", OK: err == nil, Detail: "customer list readable"}
	if err != nil {
		cs.Detail, cs.Fix = "", callFix(err, "Customers → Retrieve customer info (customer/info) and Customers → Addresses (customer/address)")
		return append(steps, cs)
	}
	return append(steps, cs, c.CheckXMLRPC(ctx))
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

func wsdlFix(u string, err error) string {
	var dns *net.DNSError
	var bad *BadAnswerError
	var uerr *url.Error
	switch {
	case errors.As(err, &dns):
		return "The store's host name cannot be found: check the base URL."
	case errors.As(err, &bad):
		return fmt.Sprintf("%s did not answer with a WSDL (HTTP %d): check the base URL; without URL rewrites it ends in index.php/.", u, bad.Status)
	case errors.As(err, &uerr):
		return fmt.Sprintf("The store could not be reached at %s (%v): check the base URL and that the store is up.", u, uerr.Err)
	}
	return fmt.Sprintf("The WSDL at %s could not be read (%v): check the base URL.", u, err)
}

// callFix says what to do about a failed call; resource names what the
// API role needs for it.
func callFix(err error, resource string) string {
	var f *Fault
	switch {
	case IsAccessDenied(err) && resource != "":
		return "Magento refused the call (fault 2 \"Access denied.\"): give the user's API role the resource " + resource + " under System → Web Services → SOAP/XML-RPC Roles."
	case errors.Is(err, ErrTooMany):
		return "The store ran out of PHP memory answering: raise memory_limit for the API, or ask the CRM for smaller windows."
	case errors.As(err, &f) && f.Code == "SOAP-ENV:Server" && f.Message != "":
		return "The store failed answering (" + f.Message + "): see its PHP error log, then check again."
	case errors.As(err, &f):
		return fmt.Sprintf("Magento answered fault %s %q.", f.Code, f.Message)
	}
	return "The call failed (" + err.Error() + "): check that the store is up, then check again."
}
