package magento1

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"strings"
)

// Fault is a SOAP fault: Magento's numeric code ("2", "5", "101", …) or a
// PHP SoapServer code ("SOAP-ENV:Server") and the fault string.
type Fault struct {
	Op      string // the operation called
	Code    string
	Message string
}

func (f *Fault) Error() string {
	return fmt.Sprintf("magento1 %s: fault %s: %s", f.Op, f.Code, f.Message)
}

// Magento's global fault codes (Mage/Api/etc/api.xml).
const (
	FaultAccessDenied   = "2" // wrong user or key, or the role lacks the resource
	FaultSessionExpired = "5"
)

// IsAccessDenied reports fault 2 "Access denied.": a wrong API user or key,
// or a role without the resource the call needs.
func IsAccessDenied(err error) bool { return faultCode(err) == FaultAccessDenied }

// IsNotFound reports the "… not exists." faults (102, and 101 of the address
// resource): the customer or address is gone.
func IsNotFound(err error) bool {
	var f *Fault
	return errors.As(err, &f) && strings.HasSuffix(f.Message, "not exists.")
}

// IsInvalidData reports fault 100: Magento refused the data it was sent.
func IsInvalidData(err error) bool { return faultCode(err) == "100" }

// IsDuplicateEmail reports Magento 1's "This customer email already exists".
func IsDuplicateEmail(err error) bool {
	var f *Fault
	return errors.As(err, &f) && f.Code == "100" && strings.Contains(f.Message, "email already exists")
}

// ErrTooMany is what a list call answers when the store ran out of PHP
// memory building the whole list; read a narrower window.
var ErrTooMany = errors.New("the list is too big for the store's PHP memory_limit")

// isMemoryFault recognises PHP's fatal "Allowed memory size of … exhausted".
func isMemoryFault(f *Fault) bool {
	return f.Code == "SOAP-ENV:Server" && strings.Contains(f.Message, "Allowed memory size")
}

func faultCode(err error) string {
	var f *Fault
	if errors.As(err, &f) {
		return f.Code
	}
	return ""
}

// BadAnswerError is an answer that is not the SOAP envelope expected:
// cut short, HTML from a proxy, or a page where the endpoint should be.
type BadAnswerError struct {
	Op     string
	Status int
	Err    error
}

func (e *BadAnswerError) Error() string {
	return fmt.Sprintf("magento1 %s: HTTP %d: not a SOAP answer: %v", e.Op, e.Status, e.Err)
}

func (e *BadAnswerError) Unwrap() error { return e.Err }

// answer is a response envelope whose one part decodes into T. Elements are
// matched by local name, so urn:Magento and urn:OpenMage read alike, and
// the part is taken whatever its name (storeView, result, loginReturn …).
type answer[T any] struct {
	Body struct {
		Fault    *wireFault `xml:"Fault"`
		Response *struct {
			Part T `xml:",any"`
		} `xml:",any"`
	} `xml:"Body"`
}

type wireFault struct {
	Code    string `xml:"faultcode"`
	Message string `xml:"faultstring"`
}

// list is an array part: every child element is an item (item in RPC,
// complexObjectArray in WS-I).
type list[T any] struct {
	Items []T `xml:",any"`
}

// scalar is a scalar part.
type scalar struct {
	Text string `xml:",chardata"`
}

// decodeAnswer reads a response body into T, or returns its Fault.
func decodeAnswer[T any](op string, status int, body []byte, out *T) error {
	var a answer[T]
	if err := xml.NewDecoder(bytes.NewReader(body)).Decode(&a); err != nil {
		return &BadAnswerError{Op: op, Status: status, Err: err}
	}
	if f := a.Body.Fault; f != nil {
		fault := &Fault{Op: op, Code: strings.TrimSpace(f.Code), Message: strings.TrimSpace(f.Message)}
		if isMemoryFault(fault) {
			return fmt.Errorf("magento1 %s: %w (%s)", op, ErrTooMany, fault.Message)
		}
		return fault
	}
	if a.Body.Response == nil {
		return &BadAnswerError{Op: op, Status: status, Err: errors.New("the body holds no answer")}
	}
	*out = a.Body.Response.Part
	return nil
}
