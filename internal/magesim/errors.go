package magesim

import (
	"fmt"
	"strconv"
	"strings"
)

// ErrorKind is the Magento exception class an Error stands for; it decides the
// HTTP status the REST layer answers with.
type ErrorKind int

// Magento exception kinds, mapped to statuses by the REST error processor.
const (
	// KindInput is InputException, InputMismatchException, AlreadyExistsException,
	// ValidatorException and any other LocalizedException: 400.
	KindInput ErrorKind = iota
	// KindNoSuchEntity is NoSuchEntityException: 404.
	KindNoSuchEntity
	// KindAuth is AuthenticationException or AuthorizationException: 401.
	KindAuth
	// KindRoute is the web API router's "no route" error: 404.
	KindRoute
	// KindInternal is any other exception, masked as "Internal Error": 500.
	KindInternal
)

// Param is one phrase parameter. Named parameters render as a JSON object,
// positional ones (empty Name) as a JSON array, as Magento does.
type Param struct {
	Name  string
	Value any
}

// Error is a Magento exception: a phrase template with %placeholders, its
// parameters, and for aggregate validation errors the single errors.
type Error struct {
	Kind    ErrorKind
	Message string
	Params  []Param
	Errors  []*Error
}

func (e *Error) Error() string { return e.Rendered() }

// Rendered fills the template's placeholders (%name or %1) with the parameters.
func (e *Error) Rendered() string {
	s := e.Message
	for i, p := range e.Params {
		key := p.Name
		if key == "" {
			key = strconv.Itoa(i + 1)
		}
		s = strings.ReplaceAll(s, "%"+key, fmt.Sprint(p.Value))
	}
	return s
}

func inputError(msg string, params ...Param) *Error {
	return &Error{Kind: KindInput, Message: msg, Params: params}
}

func named(name string, value any) Param { return Param{Name: name, Value: value} }

func positional(value any) Param { return Param{Value: value} }

// Magento's phrases, kept verbatim.
const (
	msgRequiredField      = `"%fieldName" is required. Enter and try again.`
	msgNoSuchEntity       = "No such entity with %fieldName = %fieldValue"
	msgNotAuthorized      = "The consumer isn't authorized to access %resources."
	msgBadSignIn          = "The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later."
	msgTwoFactor          = "Please use the 2fa provider-specific endpoints to obtain a token."
	msgNoRoute            = "Request does not match any route."
	msgDecoding           = "Decoding error."
	msgPropertyAccessor   = `Property "%fieldName" does not have accessor method "%accessorMethod" in class "%className".`
	msgWrongType          = `The "%value" value's type is invalid. The "%type" type was expected. Verify and try again.`
	msgSortDirection      = "The sort order has to be specified as %1 for ascending order or %2 for descending order."
	msgInvalidAttribute   = "Invalid attribute name: %1"
	msgEmailRequired      = "The email address is required to create a customer account."
	msgEmailMissing       = "The customer email is missing. Enter and try again."
	msgEmailInvalid24     = `"Email" is not a valid email address.`
	msgEmailInvalid23     = `"%1" is not a valid email address.`
	msgRequiredValue      = `"%1" is a required value.`
	msgDuplicateEmail     = "A customer with the same email address already exists in an associated website."
	msgStoreNotInWebsite  = "The store view is not in the associated website."
	msgStoreNotFound      = "The store that was requested wasn't found. Verify the store and try again."
	msgGroupNotFound      = "The specified customer group id does not exist."
	msgInvalidValue       = "The %fieldName value is invalid. Set the correct value and try again."
	msgInvalidCountry     = `Invalid value of "%value" provided for the %fieldName field.`
	msgWebsiteRequired    = "The customer website ID must be specified when using the website scope."
	msgPasswordTooShort   = "The password needs at least %1 characters. Create a new password and try again."
	msgPasswordTooLong    = "Please enter a password with at most %1 characters."
	msgPasswordSpace      = "The password can't begin or end with a space. Verify the password and try again."
	msgPasswordClasses    = "Minimum of different classes of characters in password is %1. Classes of characters: Lower Case, Upper Case, Digits, Special Characters."
	msgPasswordIsEmail    = "The password can't be the same as the email address. Create a new password and try again."
	msgInternalError      = "Internal Error. Details are available in Magento log file. Report ID: %1"
	msgTooManyRequests    = "Too Many Requests"
	customerInterfaceName = `Magento\Customer\Api\Data\CustomerInterface`
	addressInterfaceName  = `Magento\Customer\Api\Data\AddressInterface`
	criteriaInterfaceName = `Magento\Framework\Api\SearchCriteriaInterface`
)

func noSuchEntity(field string, value any) *Error {
	return &Error{Kind: KindNoSuchEntity, Message: msgNoSuchEntity,
		Params: []Param{named("fieldName", field), named("fieldValue", value)}}
}

func notAuthorized(resource string) *Error {
	return &Error{Kind: KindAuth, Message: msgNotAuthorized, Params: []Param{named("resources", resource)}}
}

func requiredField(name string) *Error {
	return inputError(msgRequiredField, named("fieldName", name))
}

func wrongType(value, typ string) *Error {
	return inputError(msgWrongType, named("value", value), named("type", typ))
}

func unknownProperty(field, class string) *Error {
	return inputError(msgPropertyAccessor, named("fieldName", field),
		named("accessorMethod", "get"+upperCamel(field)), named("className", class))
}

// upperCamel turns snake_case into UpperCamelCase the way Magento's
// SimpleDataObjectConverter does.
func upperCamel(s string) string {
	var b strings.Builder
	up := true
	for _, r := range s {
		if r == '_' {
			up = true
			continue
		}
		if up && r >= 'a' && r <= 'z' {
			r -= 'a' - 'A'
		}
		up = false
		b.WriteRune(r)
	}
	return b.String()
}

// aggregate joins several validation errors the way newest 2.4 does: the
// filled-in messages joined by "\n", and each one listed in errors[].
func aggregate(errs []*Error) *Error {
	if len(errs) == 1 {
		return errs[0]
	}
	msgs := make([]string, len(errs))
	for i, e := range errs {
		msgs[i] = e.Rendered()
	}
	return &Error{Kind: KindInput, Message: strings.Join(msgs, "\n"), Errors: errs}
}
