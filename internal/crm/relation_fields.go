package crm

import (
	"net/mail"
	"net/url"
	"strconv"
	"strings"

	"magecrm/internal/model"
)

// maxContactMethods bounds how many emails, phones or addresses a contact
// keeps: enough for any person, small enough for a page.
const maxContactMethods = 10

// trimmed trims *v and notes a value longer than the database keeps.
func trimmed(fe FieldErrors, field string, v *string) string {
	*v = strings.TrimSpace(*v)
	if len(*v) > maxFieldLength {
		fe[field] = "Use at most 255 characters."
	}
	return *v
}

// emailError says what is wrong with an email address, "" when nothing.
func emailError(s string) string {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndex(s, "@"):], ".") {
		return "Enter an email address like name@example.com."
	}
	return ""
}

// phoneError says what is wrong with a phone number, "" when nothing.
func phoneError(s string) string {
	if strings.ContainsFunc(s, func(r rune) bool { return !strings.ContainsRune("0123456789 +-().", r) }) ||
		strings.LastIndex(s, "+") > 0 {
		return "Use digits, spaces and + ( ) - . only (+ only first), like +1 512 555 0100."
	}
	if len(model.PhoneDigits(s)) < 3 {
		return "Enter at least 3 digits."
	}
	if len(s) > 40 {
		return "Use at most 40 characters."
	}
	return ""
}

// checkMethods validates a list of emails or phones as typed (errors name
// each by its position, "email.2"), drops the empty ones and makes exactly
// one primary: the one marked, else the first.
func checkMethods(fe FieldErrors, field, noun string, in []model.ContactMethod, check func(string) string) []model.ContactMethod {
	var out []model.ContactMethod
	primaries := 0
	seen := map[string]bool{}
	for i, m := range in {
		key := field + "." + strconv.Itoa(i)
		m.Value = trimmed(fe, key, &m.Value)
		if m.Value == "" || fe[key] != "" {
			continue
		}
		if msg := check(m.Value); msg != "" {
			fe[key] = msg
			continue
		}
		norm := strings.ToLower(m.Value)
		if field == "phone" {
			norm = model.PhoneDigits(m.Value)
		}
		if seen[norm] {
			fe[key] = "This " + noun + " is already in the list."
			continue
		}
		seen[norm] = true
		if m.Primary {
			primaries++
		}
		out = append(out, m)
	}
	switch {
	case len(out) > maxContactMethods:
		fe[field+"s"] = "Keep at most " + strconv.Itoa(maxContactMethods) + " " + noun + "s."
	case primaries > 1:
		fe[field+"s"] = "Mark one " + noun + " as primary."
	case primaries == 0 && len(out) > 0:
		out[0].Primary = true
	}
	return out
}

// checkPostalAddress validates an address, naming errors by prefix+field
// ("address.0.city" or "address.city"). A filled address needs its country.
func checkPostalAddress(fe FieldErrors, prefix string, a *model.PostalAddress) {
	a.Street = strings.Join(strings.FieldsFunc(strings.ReplaceAll(a.Street, "\r", ""), func(r rune) bool { return r == '\n' }), "\n")
	trimmed(fe, prefix+"street", &a.Street)
	if strings.Count(a.Street, "\n") > 2 {
		fe[prefix+"street"] = "Use at most 3 lines."
	}
	trimmed(fe, prefix+"city", &a.City)
	trimmed(fe, prefix+"region", &a.Region)
	trimmed(fe, prefix+"postcode", &a.PostCode)
	a.Country = strings.ToUpper(strings.TrimSpace(a.Country))
	switch {
	case a.Country == "" && !a.IsZero():
		fe[prefix+"country"] = "Choose the country."
	case a.Country != "" && !model.IsCountry(a.Country):
		fe[prefix+"country"] = "Choose a country from the list."
	}
}

// checkAddressList validates a contact's addresses as typed, drops the
// empty ones and makes exactly one primary: the one marked, else the first.
func checkAddressList(fe FieldErrors, in []model.ContactAddress) []model.ContactAddress {
	var out []model.ContactAddress
	primaries := 0
	for i, a := range in {
		checkPostalAddress(fe, "address."+strconv.Itoa(i)+".", &a.PostalAddress)
		if a.IsZero() {
			continue
		}
		if a.Primary {
			primaries++
		}
		out = append(out, a)
	}
	switch {
	case len(out) > maxContactMethods:
		fe["addresses"] = "Keep at most " + strconv.Itoa(maxContactMethods) + " addresses."
	case primaries > 1:
		fe["addresses"] = "Mark one address as primary."
	case primaries == 0 && len(out) > 0:
		out[0].Primary = true
	}
	return out
}

// websiteURL returns the website as a full URL (https:// added when no
// scheme was typed), or what is wrong with it.
func websiteURL(s string) (string, string) {
	if s == "" {
		return "", ""
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || !strings.Contains(u.Hostname(), ".") ||
		strings.ContainsAny(s, " \t") || u.User != nil {
		return "", "Enter a web address like https://example.com."
	}
	return s, ""
}
