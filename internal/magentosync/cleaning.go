package magentosync

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"magecrm/internal/magento"
)

// maxImportedText is the most characters kept of one imported text field:
// Magento's own columns hold 255, so more is not a real customer's data.
const maxImportedText = 255

// cleanCustomer makes the text Magento sent for a customer fit to keep,
// before it is mapped: invalid UTF-8 is replaced, NUL and other control
// characters are removed, and a field longer than maxImportedText is cut.
// It returns what it changed, one phrase per field, for the run's warning
// about this customer; nil when nothing changed.
func cleanCustomer(c *magento.Customer) []string {
	var changes []string
	clean := func(name string, s *string) {
		if note := cleanText(s); note != "" {
			changes = append(changes, name+": "+note)
		}
	}
	for _, f := range []struct {
		name string
		s    *string
	}{{"email", &c.Email}, {"prefix", &c.Prefix}, {"first name", &c.Firstname}, {"middle name", &c.Middlename},
		{"last name", &c.Lastname}, {"suffix", &c.Suffix}, {"tax/VAT number", &c.Taxvat}, {"created in", &c.CreatedIn}} {
		clean(f.name, f.s)
	}
	for i := range c.Addresses {
		a := &c.Addresses[i]
		in := fmt.Sprintf("address %d ", a.ID)
		for _, f := range []struct {
			name string
			s    *string
		}{{"prefix", &a.Prefix}, {"first name", &a.Firstname}, {"middle name", &a.Middlename}, {"last name", &a.Lastname},
			{"suffix", &a.Suffix}, {"company", &a.Company}, {"city", &a.City}, {"region", &a.Region.Region},
			{"region code", &a.Region.RegionCode}, {"postcode", &a.Postcode}, {"country", &a.CountryID},
			{"telephone", &a.Telephone}, {"VAT id", &a.VATID}} {
			clean(in+f.name, f.s)
		}
		for j := range a.Street {
			clean(fmt.Sprintf("%sstreet line %d", in, j+1), &a.Street[j])
		}
	}
	return changes
}

// cleanText cleans one field in place and says what it did, or "".
func cleanText(s *string) string {
	var notes []string
	v := *s
	if !utf8.ValidString(v) {
		v = strings.ToValidUTF8(v, "\uFFFD")
		notes = append(notes, "bytes that are not UTF-8 replaced")
	}
	controls := 0
	v = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			controls++
			return -1
		}
		return r
	}, v)
	if controls > 0 {
		notes = append(notes, fmt.Sprintf("%d control character%s (such as NUL) removed", controls, plural(controls)))
	}
	if n := utf8.RuneCountInString(v); n > maxImportedText {
		v = string([]rune(v)[:maxImportedText])
		notes = append(notes, fmt.Sprintf("cut from %d to %d characters", n, maxImportedText))
	}
	*s = v
	return strings.Join(notes, ", ")
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
