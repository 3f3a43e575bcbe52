package magesim

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// The validators a customer and its addresses pass on every REST write,
// as Magento 2.4 runs them (Customer/Model/Validator/*, the EAV attribute
// data validator, Model/Address/Validator/General and Country). The
// character rules came with 2.4.7 (names) and 2.4.8 (city, street,
// telephone, the date of birth in the future): a 2.3 store has none of them.

// Magento's character classes, whole-value matches as its validators do.
var (
	validName      = regexp.MustCompile(`^[\p{L}\p{M},\-_.'’` + "`" + `&\s\d]{1,255}$`)
	validCity      = regexp.MustCompile(`^[\p{L}\p{M}\s\-']{1,100}$`)
	validStreet    = regexp.MustCompile(`^[\p{L}\p{M}"\[\],\-.'’` + "`" + `&\s\d]{1,255}$`)
	validTelephone = regexp.MustCompile(`^[\d\s+\-()]{1,20}$`)
	dateShape      = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})(?: \d{2}:\d{2}:\d{2})?$`)
)

// Validator messages, verbatim (the EAV ones are rendered with the label).
const (
	msgNameTooLong    = `"%1" length must be equal or less than %2 characters.`
	msgDateFormat     = `"%1" does not fit the entered date format.`
	msgDateInvalid    = `"%1" is not a valid date.`
	msgDobFuture      = "The Date of Birth should not be greater than today."
	msgCityInvalid    = "Invalid City. Please use A-Z, a-z, 0-9, -, ', spaces"
	msgStreetInvalid  = "Invalid Street Address. Please use A-Z, a-z, 0-9, , - . ' ’ ` & spaces"
	msgPhoneInvalid   = "Invalid Phone Number. Please use 0-9, +, -, (, ) and space."
	maxNameLength     = 255
	labelFirstName    = "First Name"
	labelLastName     = "Last Name"
	labelMiddleName   = "Middle Name"
	labelDateOfBirth  = "Date of Birth"
	labelEmail        = "Email"
	nameInvalidSuffix = " is not valid!"
)

// validateCustomerFields checks names, email and date of birth; legacy is
// a 2.3 store, today the store's clock.
func validateCustomerFields(c *Customer, legacy bool, today time.Time) []*Error {
	var errs []*Error
	for _, n := range []struct {
		label, value string
		required     bool
	}{{labelFirstName, c.Firstname, true}, {labelLastName, c.Lastname, true}, {labelMiddleName, c.Middlename, false}} {
		switch {
		case n.value == "" && n.required:
			errs = append(errs, inputError(msgRequiredValue, positional(n.label)))
		case utf8.RuneCountInString(n.value) > maxNameLength:
			errs = append(errs, inputError(msgNameTooLong, positional(n.label), positional(maxNameLength)))
		case n.value != "" && !legacy && !validName.MatchString(n.value):
			errs = append(errs, inputError(n.label+nameInvalidSuffix))
		}
	}
	if !validEmail(c.Email) {
		if legacy {
			errs = append(errs, inputError(msgEmailInvalid23, positional(labelEmail)))
		} else {
			errs = append(errs, inputError(msgEmailInvalid24))
		}
	}
	if e := validateDob(c.Dob, legacy, today); e != nil {
		errs = append(errs, e)
	}
	return errs
}

// validateDob is the date attribute's input rule (Y-m-d) and, from 2.4.8,
// the Dob validator: not after today.
func validateDob(dob string, legacy bool, today time.Time) *Error {
	if dob == "" {
		return nil
	}
	m := dateShape.FindStringSubmatch(dob)
	if m == nil {
		return inputError(msgDateFormat, positional(labelDateOfBirth))
	}
	t, err := time.Parse("2006-01-02", m[1]+"-"+m[2]+"-"+m[3])
	switch {
	case err != nil:
		return inputError(msgDateInvalid, positional(labelDateOfBirth))
	case !legacy && t.After(today):
		return inputError(msgDobFuture)
	}
	return nil
}

// validEmail is a plain check of local@domain.tld without spaces.
func validEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || strings.ContainsAny(s, " \t\r\n,;<>()[]\\\"") || strings.Contains(domain, "@") {
		return false
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || strings.HasPrefix(l, "-") || strings.HasSuffix(l, "-") {
			return false
		}
	}
	return !strings.HasPrefix(local, ".") && !strings.HasSuffix(local, ".") && !strings.Contains(local, "..")
}

// validateAddress is Model/Address/Validator/General and Country with
// Magento's default configuration (telephone required, the optional zip
// countries, state_required), and from 2.4.7/2.4.8 the character rules of
// names, street lines, city and telephone.
func validateAddress(a AddressData, legacy bool) []*Error {
	var errs []*Error
	required := []struct{ name, value string }{
		{"firstname", a.Firstname}, {"lastname", a.Lastname}, {"street", firstLine(a.Street)},
		{"city", a.City}, {"telephone", a.Telephone},
	}
	for _, r := range required {
		if strings.TrimSpace(r.value) == "" {
			errs = append(errs, requiredField(r.name))
		}
	}
	if a.Postcode == "" && !optionalZipCountries[a.CountryID] {
		errs = append(errs, requiredField("postcode"))
	}
	switch {
	case a.CountryID == "":
		errs = append(errs, requiredField("countryId"))
	case !allowedCountries[a.CountryID]:
		errs = append(errs, inputError(msgInvalidCountry, named("fieldName", "countryId"), named("value", a.CountryID)))
	default:
		if e := validateRegion(a); e != nil {
			errs = append(errs, e)
		}
	}
	if !legacy {
		errs = append(errs, addressCharacters(a)...)
	}
	return errs
}

// addressCharacters is the character rules of 2.4's address validators.
func addressCharacters(a AddressData) []*Error {
	var errs []*Error
	for _, n := range []struct{ label, value string }{
		{labelFirstName, a.Firstname}, {labelLastName, a.Lastname}, {labelMiddleName, a.Middlename},
	} {
		if n.value != "" && !validName.MatchString(n.value) {
			errs = append(errs, inputError(n.label+nameInvalidSuffix))
		}
	}
	for _, line := range a.Street {
		if line != "" && !validStreet.MatchString(line) {
			errs = append(errs, inputError(msgStreetInvalid))
			break
		}
	}
	if a.City != "" && !validCity.MatchString(a.City) {
		errs = append(errs, inputError(msgCityInvalid))
	}
	if a.Telephone != "" && !validTelephone.MatchString(a.Telephone) {
		errs = append(errs, inputError(msgPhoneInvalid))
	}
	return errs
}

func firstLine(lines []string) string {
	if len(lines) == 0 {
		return ""
	}
	return lines[0]
}
