package magento

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Error is an error answer from Magento: the HTTP status and the body's
// message template with its parameters. Error() renders the template the way
// Magento's Phrase renderer does, so the text reads like Magento's own.
type Error struct {
	Method string // HTTP method of the request
	Path   string // request path, without the query string
	Status int    // HTTP status code

	// Message is the raw template, e.g. "No such entity with %fieldName = %fieldValue".
	Message string
	// Parameters fill the template: named parameters under their names,
	// positional ones under "1", "2", … (rendered as %1, %2, …).
	Parameters map[string]string
	// Errors lists the single messages of an aggregate validation error.
	Errors []Message
	// Code is Magento's exception code when it is not zero.
	Code int
	// RetryAfter is the delay asked for by a Retry-After header, if any.
	RetryAfter time.Duration
	// NotMagento is set when the body was not a Magento error object (an
	// HTML page from a web server or proxy): the URL may not be Magento's.
	NotMagento bool
}

// Message is one message template with its parameters.
type Message struct {
	Message    string
	Parameters map[string]string
}

// Text renders the template with its parameters.
func (m Message) Text() string { return render(m.Message, m.Parameters) }

// Text renders Magento's message with its parameters, without the request.
func (e *Error) Text() string {
	if e.NotMagento {
		return http.StatusText(e.Status) + " (not a Magento REST answer)"
	}
	return render(e.Message, e.Parameters)
}

// Error returns "magento: METHOD /path: status: rendered message".
func (e *Error) Error() string {
	return fmt.Sprintf("magento: %s %s: %d: %s", e.Method, e.Path, e.Status, e.Text())
}

// render replaces %name and %1 placeholders like PHP's strtr, which Magento's
// Placeholder renderer uses: at each position the longest matching key wins
// and replaced text is never scanned again.
func render(template string, params map[string]string) string {
	if len(params) == 0 || !strings.Contains(template, "%") {
		return template
	}
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return len(keys[i]) > len(keys[j]) })
	var b strings.Builder
	for i := 0; i < len(template); i++ {
		if template[i] != '%' {
			b.WriteByte(template[i])
			continue
		}
		rest := template[i+1:]
		matched := false
		for _, k := range keys {
			if strings.HasPrefix(rest, k) {
				b.WriteString(params[k])
				i += len(k)
				matched = true
				break
			}
		}
		if !matched {
			b.WriteByte('%')
		}
	}
	return b.String()
}

// Templates Magento uses for the conditions the helpers below recognise.
const (
	msgNotAuthorized = "The consumer isn't authorized to access %resources."
	msgNoRoute       = "Request does not match any route."
)

// IsNotFound reports whether err is Magento's 404 for a missing record
// (NoSuchEntityException). A 404 for an unknown route or from something that
// is not Magento is not "not found": a wrong base URL must never make
// records look deleted.
func IsNotFound(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Status == http.StatusNotFound && !e.NotMagento && e.Message != msgNoRoute
}

// IsNoRoute reports whether Magento knows no such route: a wrong store code
// in the URL, or a module (and its API) that is not installed.
func IsNoRoute(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Status == http.StatusNotFound && e.Message == msgNoRoute
}

// IsAuth reports whether err is a 401: bad credentials, a refused token or a
// missing ACL grant (Magento answers all three alike).
func IsAuth(err error) bool { return hasStatus(err, http.StatusUnauthorized) }

// IsValidation reports whether err is a 400: Magento rejected the input.
func IsValidation(err error) bool { return hasStatus(err, http.StatusBadRequest) }

// IsTransient reports a failure that may pass when the call is made again
// later: a 5xx or 429 answer, an answer cut short or unreadable, a lost
// answer (OutcomeUnknownError: look a create up before repeating it), or
// a connection that failed. Magento's refusals (IsValidation, IsNotFound,
// IsAuth), a 404 from something that is not Magento, certificate errors and
// a cancelled context are not transient.
func IsTransient(err error) bool {
	var e *Error
	var bad *BadBodyError
	switch {
	case err == nil, errors.Is(err, context.Canceled), isCertificateError(err):
		return false
	case errors.As(err, &e):
		return e.Status >= 500 || e.Status == http.StatusTooManyRequests
	case errors.As(err, &bad), IsOutcomeUnknown(err):
		return true
	}
	var invalid *InvalidRecordError
	return !errors.As(err, &invalid)
}

// IsDuplicateEmail reports whether err says a customer with the same email
// already exists in the website (400, not 409, in every Magento release).
func IsDuplicateEmail(err error) bool {
	var e *Error
	if !errors.As(err, &e) || e.Status != http.StatusBadRequest {
		return false
	}
	m := strings.ToLower(e.Message)
	return strings.Contains(m, "same email") && strings.Contains(m, "already exists")
}

// IsTwoFactorRequired reports whether Magento refused an admin token because
// Magento_TwoFactorAuth is enabled.
func IsTwoFactorRequired(err error) bool {
	var e *Error
	return errors.As(err, &e) && strings.Contains(e.Message, "2fa provider")
}

// MissingResources returns the ACL resources named by a 401 "The consumer
// isn't authorized to access %resources." answer, or "".
func MissingResources(err error) string {
	var e *Error
	if !errors.As(err, &e) || e.Status != http.StatusUnauthorized || e.Message != msgNotAuthorized {
		return ""
	}
	return e.Parameters["resources"]
}

func hasStatus(err error, status int) bool {
	var e *Error
	return errors.As(err, &e) && e.Status == status
}

// OutcomeUnknownError says a request that is not safe to repeat (creating a
// customer) was sent but its answer was lost, so Magento may or may not have
// applied it. After CreateCustomer, look the customer up by email and website.
type OutcomeUnknownError struct {
	Method, Path string
	Err          error
}

// Error describes the lost answer.
func (e *OutcomeUnknownError) Error() string {
	return fmt.Sprintf("magento: %s %s: answer lost, the change may have been applied: %v", e.Method, e.Path, e.Err)
}

// Unwrap returns the transport or server error.
func (e *OutcomeUnknownError) Unwrap() error { return e.Err }

// IsOutcomeUnknown reports whether err is an OutcomeUnknownError.
func IsOutcomeUnknown(err error) bool {
	var e *OutcomeUnknownError
	return errors.As(err, &e)
}

// BadBodyError says an answer could not be read as a whole (truncated or not
// JSON). Safe calls retry it; it reaches the caller once retries are spent.
type BadBodyError struct {
	Method, Path string
	Status       int
	Err          error
}

// Error describes the unreadable body.
func (e *BadBodyError) Error() string {
	return fmt.Sprintf("magento: %s %s: %d: unreadable answer: %v", e.Method, e.Path, e.Status, e.Err)
}

// Unwrap returns the decoding error.
func (e *BadBodyError) Unwrap() error { return e.Err }

// paramText renders one parameter value as PHP would print it.
func paramText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case bool:
		if v {
			return "1"
		}
		return ""
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	default:
		return fmt.Sprint(v)
	}
}
