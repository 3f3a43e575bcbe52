package magento1

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"strings"
	"time"
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
	// FaultInternal is "internal": an exception the API did not catch; the
	// message is the exception's.
	FaultInternal = "1"
	// FaultInvalidData is the customer and address resources' data_invalid.
	FaultInvalidData = "100"
	// faultServer is what PHP's SoapServer answers when the script died.
	faultServer = "SOAP-ENV:Server"
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

// IsValidation reports that Magento refused the data it was sent; sending
// the same data again will not help. That is fault 100 ("Invalid customer
// data" / "Invalid address data", with Magento's reason as the message),
// or fault 1 carrying the message of an exception the API did not catch —
// customerCustomerUpdate catches none, so its "This customer email already
// exists" or "Invalid date" come as fault 1 — unless that message is a
// database failure that may pass (see IsTransient).
func IsValidation(err error) bool {
	var f *Fault
	if !errors.As(err, &f) {
		return false
	}
	return f.Code == FaultInvalidData || (f.Code == FaultInternal && !internalMayPass(f.Message))
}

// IsDuplicateEmail reports Magento 1's "This customer email already exists".
func IsDuplicateEmail(err error) bool {
	var f *Fault
	return errors.As(err, &f) && (f.Code == FaultInvalidData || f.Code == FaultInternal) &&
		strings.Contains(f.Message, "email already exists")
}

// IsTransient reports a failure that may pass if the call is made again
// later: the store could not be reached or answered with something that is
// not Magento's (a proxy's 429/502/503/504, an answer cut short), PHP died
// (a SOAP-ENV:Server fault), the database failed (fault 1 with an SQLSTATE
// other than an integrity error, or without a message), or the session
// could not be renewed. Magento's refusals (IsValidation, IsNotFound,
// IsAccessDenied) are not transient. An OutcomeUnknownError is transient
// too, but a create must not simply be repeated: see CreateCustomer.
func IsTransient(err error) bool {
	var f *Fault
	switch {
	case err == nil, errors.Is(err, context.Canceled), errors.Is(err, ErrTooMany), errors.Is(err, ErrPasswordNotUpdatable):
		return false
	case errors.As(err, &f):
		return f.Code == faultServer || f.Code == FaultSessionExpired || (f.Code == FaultInternal && internalMayPass(f.Message))
	}
	var bad *BadAnswerError
	if errors.As(err, &bad) && !IsOutcomeUnknown(err) {
		// An answer cut short, or a proxy's; not a page where the endpoint
		// should be (a wrong base URL does not pass by waiting).
		switch bad.Status {
		case 200, 500, 429, 502, 503, 504:
			return true
		}
		return false
	}
	return true
}

// internalMayPass reads a fault 1 message: a database error other than an
// integrity violation (a lost connection, a deadlock, a lock wait timeout),
// or the bare "Internal Error", may pass.
func internalMayPass(msg string) bool {
	if strings.HasPrefix(msg, "SQLSTATE[") {
		return !strings.HasPrefix(msg, "SQLSTATE[23000]")
	}
	return msg == "" || strings.HasPrefix(msg, "Internal Error")
}

// OutcomeUnknownError says a call that is not safe to repeat (a create) was
// sent but its answer was lost or broken, so the store may or may not have
// made the change.
type OutcomeUnknownError struct {
	Op  string
	Err error
}

func (e *OutcomeUnknownError) Error() string {
	return fmt.Sprintf("magento1 %s: answer lost, the change may have been made: %v", e.Op, e.Err)
}

// Unwrap returns the transport error, broken answer or PHP fault.
func (e *OutcomeUnknownError) Unwrap() error { return e.Err }

// IsOutcomeUnknown reports an OutcomeUnknownError.
func IsOutcomeUnknown(err error) bool {
	var e *OutcomeUnknownError
	return errors.As(err, &e)
}

// outcomeOf turns the failure of a call that is not safe to repeat into an
// OutcomeUnknownError unless the store surely did not act: Magento's own
// fault, a connection never made, or a proxy's 429 or 503 refusal.
func outcomeOf(op string, err error) error {
	var f *Fault
	var bad *BadAnswerError
	switch {
	case err == nil, errors.Is(err, context.Canceled), isDialError(err):
		return err
	case errors.As(err, &f) && f.Code != faultServer:
		return err
	case errors.As(err, &bad) && (bad.Status == 429 || bad.Status == 503):
		return err
	}
	return &OutcomeUnknownError{Op: op, Err: err}
}

func errBadID(s string) error { return fmt.Errorf("not an id: %q", s) }

// ErrTooMany is what a list call answers when the store ran out of PHP
// memory building the whole list; read a narrower window.
var ErrTooMany = errors.New("the list is too big for the store's PHP memory_limit")

// isMemoryFault recognises PHP's fatal "Allowed memory size of … exhausted".
func isMemoryFault(f *Fault) bool {
	return f.Code == faultServer && strings.Contains(f.Message, "Allowed memory size")
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
	// RetryAfter is the wait a 429 or 503 asked for (its Retry-After
	// header), or 0.
	RetryAfter time.Duration
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
